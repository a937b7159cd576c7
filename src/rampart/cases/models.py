"""Cases, the people involved, and everything the national framework asks an employer to record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rampart.cases.identifiers import ESR, REGISTRATION, STAFF_NUMBER, IdentifierKeyField, KeepsIdentifierKeys
from rampart.cases.workflow import STATE_LABELS, State
from rampart.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class PersonKind(models.TextChoices):
    STAFF = "staff", "Member of staff"
    PATIENT = "patient", "Patient"
    STUDENT = "student", "Student or trainee"
    CONTRACTOR = "contractor", "Contractor or agency worker"
    VOLUNTEER = "volunteer", "Volunteer"
    PUBLIC = "public", "Member of the public"


class Regulator(models.TextChoices):
    GMC = "GMC", "GMC (doctors)"
    NMC = "NMC", "NMC (nurses, midwives, nursing associates)"
    HCPC = "HCPC", "HCPC (allied health professionals, paramedics)"
    GDC = "GDC", "GDC (dental)"
    GPHC = "GPhC", "GPhC (pharmacy)"
    GOC = "GOC", "GOC (optical)"
    SWE = "SWE", "Social Work England"


class Person(KeepsIdentifierKeys):
    """Someone involved in a case, kept so later work can find concerns about the same person."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=PersonKind.choices)
    name = EncryptedTextField()
    role = models.CharField(max_length=40, blank=True, help_text="Profession, e.g. doctor, nurse")
    # Identifiers are kept encrypted; beside each is its keyed hash (cases.identifiers), the only form
    # SQL compares, so the database holds no readable staff, registration or ESR person number.
    staff_number = EncryptedTextField(blank=True, default="")
    staff_number_key = IdentifierKeyField(kind=STAFF_NUMBER, source="staff_number", db_index=True)
    regulator = models.CharField(max_length=8, choices=Regulator.choices, blank=True)
    registration_number = EncryptedTextField(blank=True, default="")
    registration_key = IdentifierKeyField(
        kind=REGISTRATION, source="registration_number", regulator_field="regulator", db_index=True
    )
    # An NHS-wide identifier: the ESR person number follows a member of staff between NHS employers.
    esr_number = EncryptedTextField("ESR person number", blank=True, default="")
    esr_key = IdentifierKeyField(kind=ESR, source="esr_number", db_index=True)
    # Kept encrypted (ISO date); birth_key is its keyed hash, so matching can find people born on the
    # same day without the dates being readable in the database.
    date_of_birth = EncryptedTextField(blank=True, default="")
    birth_key = models.CharField(max_length=64, blank=True, db_index=True)
    resident_doctor = models.BooleanField(default=False)
    on_performers_list = models.BooleanField(default=False)
    # Facts the statutory duties turn on (cases.selectors.duties_facts), asked once where the person is
    # recorded. None is "not known", never "no": the duties panel asks for it instead of assuming.
    # For someone affected: under 18 (asked only when the date of birth is not known) and whether they
    # are an adult at risk in the words of the Care Act 2014, s42.
    under_18 = models.BooleanField(null=True)
    adult_at_risk = models.BooleanField(null=True)
    # For the subject of concern: whether their work is regulated activity (Safeguarding Vulnerable
    # Groups Act 2006, Schedule 4), whether it is with children, and the day they left the organisation.
    in_regulated_activity = models.BooleanField(null=True)
    works_with_children = models.BooleanField(null=True)
    left_on = models.DateField(null=True, blank=True)
    user = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Their Rampart account, if they have one (they never see their own case)",
    )
    # Who confirmed the account link and when (cases.linking); empty when not linked.
    linked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"person {self.pk}"


class Priority(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate: someone may be at risk now"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


class SexualDimension(models.TextChoices):
    YES = "yes", "Yes"
    POSSIBLE = "possible", "Possibly"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not yet screened"


class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    report = models.OneToOneField(
        "reporting.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    summary = EncryptedTextField()
    categories = models.JSONField(default=list, blank=True)
    sexual_dimension = models.CharField(
        max_length=10, choices=SexualDimension.choices, default=SexualDimension.UNKNOWN
    )
    screening_notes = EncryptedTextField(blank=True, default="")
    immediate_actions = EncryptedTextField(blank=True, default="")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    criminal_allegation = models.BooleanField(default=False)
    opened_at = models.DateTimeField(db_index=True)
    # The latest CaseTransition, kept for queues and filters; written with it in one transaction.
    state = models.CharField(max_length=24, default=State.NEW, db_index=True)
    # Optimistic locking: every change must name the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["organisation", "state", "-opened_at"]),
            models.Index(fields=["organisation", "priority", "-opened_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]


class CaseTransition(models.Model):
    """Append-only: every change of state, with who and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    step = models.CharField(max_length=32)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.from_state}→{self.to_state}"


class TimelineEntry(models.Model):
    """Everything that happened on a case, who did it and when (append-only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.what


class TeamRole(models.TextChoices):
    HANDLER = "handler", "Case handler"
    INVESTIGATOR = "investigator", "Investigator"


class CaseTeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(max_length=16, choices=TeamRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user", "role"], name="unique_case_team_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) on {self.case}"


class PartyRole(models.TextChoices):
    REPORTER = "reporter", "Reporter"
    AFFECTED = "affected", "Person affected"
    SUBJECT = "subject", "Subject of concern"
    WITNESS = "witness", "Witness"


CONFIDENTIAL_REPORTER = "Confidential reporter"


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=16, choices=PartyRole.choices)
    # A reporter who asked for confidentiality: their person has no name, so nothing on the case (or
    # matched from it) names them; who they are stays on the report, behind the audited reveal.
    confidential = models.BooleanField(default=False)

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.case}"

    @property
    def shown_name(self) -> str:
        """The name the case shows: never a confidential reporter's."""
        return CONFIDENTIAL_REPORTER if self.confidential else self.person.name


class RiskAssessment(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="risk_assessments")
    risks = models.JSONField(default=list, blank=True)
    details = EncryptedTextField(blank=True, default="")
    mitigations = EncryptedTextField(blank=True, default="")
    contact_police = models.BooleanField(default=False)
    review_on = models.DateField()
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"risk assessment {self.pk}"


class SupportKind(models.TextChoices):
    ALLY = "ally", "Specially trained ally"
    FTSU = "ftsu", "Freedom to Speak Up Guardian"
    OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health"
    EAP = "eap", "Employee assistance programme"
    ISVA = "isva", "Independent sexual violence adviser (ISVA)"
    EXTERNAL = "external", "External service"


class SupportStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class SupportOffer(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="support_offers")
    kind = models.CharField(max_length=24, choices=SupportKind.choices)
    status = models.CharField(max_length=10, choices=SupportStatus.choices)
    offered_on = models.DateField()
    follow_up_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.status})"


class MeasureKind(models.TextChoices):
    SEPARATION = "separation", "Separation of the people involved"
    CHANGE_OF_DUTIES = "change_of_duties", "Change of duties or location"
    SUPERVISION = "supervision", "Supervision"
    RESTRICTED_PRACTICE = "restricted_practice", "Restricted practice: removed from specific clinical duties"
    NON_PATIENT_FACING = "non_patient_facing", "Non-patient-facing work"
    EXCLUSION = "exclusion", "Exclusion or suspension"
    ACCESS_REMOVED = "access_removed", "Removal of access to drugs that could be fatal (controlled or not)"
    SYSTEMS_ACCESS_REMOVED = "systems_access_removed", "Removal of access to patient records or systems"


# What a measure that has not ended means for the duties (cases.selectors.duties_facts): an exclusion, or
# moving someone to work away from patients, removes them from regulated activity; restricted practice or
# taking away their access to drugs removes them from specific clinical duties (the DBS barring referral
# duty, as NHS England's update letter puts it: "removed from work or specific clinical duties").
REMOVES_FROM_REGULATED_ACTIVITY = frozenset({MeasureKind.EXCLUSION, MeasureKind.NON_PATIENT_FACING})
REMOVES_FROM_CLINICAL_DUTIES = frozenset({MeasureKind.RESTRICTED_PRACTICE, MeasureKind.ACCESS_REMOVED})


class InterimMeasure(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interim_measures")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=MeasureKind.choices)
    reason = EncryptedTextField()
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gte=models.F("starts_on")), name="measure_review_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class PoliceLiaison(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="police")
    police_reference = models.CharField(max_length=60, blank=True)
    contact = EncryptedTextField(blank=True, default="")
    investigation_active = models.BooleanField(default=False)
    charged = models.BooleanField(default=False, help_text="The police have charged the subject")
    agreed_to_continue = EncryptedTextField(
        blank=True, default="", help_text="What the police agreed the internal investigation may do"
    )
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"police liaison on {self.case}"


class Finding(models.TextChoices):
    """The investigation's answer to "was the concern substantiated?"."""

    SUBSTANTIATED = "substantiated", "Substantiated"
    PARTLY = "partly_substantiated", "Partly substantiated"
    NOT_SUBSTANTIATED = "not_substantiated", "Not substantiated"


class Investigation(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="investigation")
    terms_of_reference = EncryptedTextField()
    investigators = models.ManyToManyField(USER, blank=True, related_name="+")
    independent_investigator = models.CharField(max_length=200, blank=True)
    findings = EncryptedTextField(blank=True, default="")
    # The answer as given (partly substantiated is its own answer, shown and shared as such) ...
    finding = models.CharField(max_length=24, choices=Finding.choices, blank=True)
    # ... and, kept in step with it, whether anything was found against the subject: true for a whole or a
    # partial finding (what the duties engine's findings.substantiated and sharing's purpose check read).
    substantiated = models.BooleanField(null=True)
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"investigation of {self.case}"


class Interview(models.Model):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="interviews")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    notes = EncryptedTextField()

    def __str__(self) -> str:
        return f"interview {self.pk}"


class OutcomeKind(models.TextChoices):
    NO_CASE = "no_case_to_answer", "No case to answer"
    INFORMAL = "informal_action", "Informal action"
    WRITTEN = "written_warning", "Written warning"
    FINAL_WRITTEN = "final_written_warning", "Final written warning"
    DISMISSAL = "dismissal", "Dismissal"
    OTHER = "other", "Other"


class Outcome(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="outcome")
    kind = models.CharField(max_length=24, choices=OutcomeKind.choices)
    removed_from_regulated_activity = models.BooleanField(default=False)
    left_before_removal = models.BooleanField(default=False)
    # The two DBS referral conditions a finding may meet (Safeguarding Vulnerable Groups Act 2006, s35).
    relevant_conduct = models.BooleanField(default=False)
    harm_test_met = models.BooleanField(default=False)
    # A caution or conviction for an offence that bars automatically (SVGA 2006, Schedule 3, and the
    # Safeguarding Vulnerable Groups Act 2006 (Prescribed Criteria and Miscellaneous Provisions)
    # Regulations 2009); None: not known.
    caution_or_conviction = models.BooleanField(null=True)
    lessons_learned = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.get_kind_display()


class ReviewGroupMember(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="review_group"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    role_in_group = models.CharField(max_length=100, help_text="e.g. HR lead, DASV lead, safeguarding lead")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_review_group_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role_in_group})"


class ReviewGroupDecision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_decisions")
    decided_on = models.DateField()
    checklist = models.JSONField(default=list)
    decision = EncryptedTextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"review group decision on {self.case}"


class ReviewGroupMeeting(models.Model):
    """A meeting of the review group; its agenda is the cases referred to it when it was arranged."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="review_group_meetings"
    )
    held_on = models.DateField()
    cases = models.ManyToManyField(Case, blank=True, related_name="review_meetings")
    arranged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"review group {self.held_on}"


class Evidence(models.Model):
    """A file gathered by the investigation, stored encrypted (base64 inside the encrypted field)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="evidence")
    description = EncryptedTextField()
    name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    content = EncryptedTextField()
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"evidence {self.pk}"


# --- Issue 16: decisions recorded with a reason, and interim measure reviews ------------------------


class DecisionKind(models.TextChoices):
    """A decision the handler records with a reason, which the workflow reads (cases.workflow)."""

    OUTCOME_WITHOUT_REVIEW_GROUP = "override:record_outcome", "Outcome without the review group's decision"
    CLOSE_WITH_REFERRALS_OUTSTANDING = "override:close", "Closing with required referrals outstanding"
    POLICE_NOT_INVOLVED = "police_not_involved", "Not to involve the police"


class RecordedDecision(models.Model):
    """Who decided what, when and why: an override of a workflow guard the framework insists on, or
    a decision not to involve the police (which the review group checklist reads). Never changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recorded_decisions")
    kind = models.CharField(max_length=32, choices=DecisionKind.choices)
    reason = EncryptedTextField()
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class MeasureReviewOutcome(models.TextChoices):
    CONTINUED = "continued", "Continued"
    CHANGED = "changed", "Changed"
    ENDED = "ended", "Ended"


class MeasureReview(models.Model):
    """One review of an interim measure: kept as it is, changed, or ended, why, and the next review."""

    measure = models.ForeignKey(InterimMeasure, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(max_length=10, choices=MeasureReviewOutcome.choices)
    notes = EncryptedTextField()
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"review of {self.measure_id}: {self.outcome}"
