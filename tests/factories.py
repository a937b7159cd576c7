"""factory-boy factories for every model, and the Alice / Bob / Charlie personas."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from itertools import pairwise

import factory
from django.conf import settings
from django.utils import timezone
from django_otp.oath import TOTP
from faker import Faker

from rampart.access_alerts.models import (
    AccessAlert,
    AlertDecision,
    AlertEvidence,
    AlertImport,
    AlertStatus,
    DismissalReason,
)
from rampart.accounts.models import ApiToken, Authenticator, Membership, Role, User
from rampart.assurance.models import (
    ActionPlanItem,
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    AssessmentStatusChange,
    CharterProgress,
    EvidenceAttachment,
    ProviderReminder,
    WorkforceFigure,
)
from rampart.assurance.rules import ItemStatus
from rampart.cases import workflow
from rampart.cases.models import (
    Case,
    CaseTeamMember,
    CaseTransition,
    Evidence,
    InterimMeasure,
    Interview,
    Investigation,
    Outcome,
    Party,
    Person,
    PoliceLiaison,
    RecordedDecision,
    ReviewGroupDecision,
    ReviewGroupMeeting,
    ReviewGroupMember,
    RiskAssessment,
    SupportOffer,
    TeamRole,
    TimelineEntry,
)
from rampart.chaperoning.models import Addendum, ChaperoneConcern, ChaperoneRecord
from rampart.core.crypto import keyed_hash
from rampart.core.models import Reminder
from rampart.learning.models import Course, TrainingRecord
from rampart.organisations.models import Organisation, OrganisationKind
from rampart.patterns.models import AlertStatus as PatternAlertStatus
from rampart.patterns.models import (
    CandidateStatus,
    LinkMethod,
    MatchCandidate,
    PatternAlert,
    PatternDecision,
    PatternDecisionKind,
    PersonLink,
    Professional,
    WeakSignal,
)
from rampart.referrals.models import EvidenceTick, Referral, ReferralStatus, ReferralStatusChange
from rampart.reporting.journey import kept_time
from rampart.reporting.models import (
    Anonymity,
    Message,
    Receipt,
    Report,
    ReportStatus,
    ReportStatusChange,
    Sender,
    SupportService,
)
from rampart.sharing import rules as sharing_rules
from rampart.sharing.models import Disclosure, DisclosureStatusChange, OnboardingCheck, SharingContact

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    kind = OrganisationKind.NHS_TRUST
    cqc_registered = True
    regulated_activity_provider = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nhs.uk")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def with_authenticator(obj, create, extracted, **kwargs):
        obj.save()
        if extracted is not False:
            Authenticator.objects.create(user=obj, name="Authenticator app", confirmed=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASE_HANDLER


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    recipient = factory.SubFactory(UserFactory)
    subject = "Review the interim measure"
    body = "The interim measure on case R-1 is due for review."
    due_at = factory.Faker("past_datetime", tzinfo=UTC)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "script"
    prefix = "rmp_test"
    digest = factory.Sequence(lambda n: f"{n:064x}")


class ReportFactory(factory.django.DjangoModelFactory):
    """A report as `reporting.services.submit_report` leaves it: its first status row, and an
    anonymous report keeping only the day it arrived. Traits: `anonymous` (the default),
    `confidential` and `named` (with the reporter's details)."""

    class Meta:
        model = Report
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"RPT-TEST-{n:04d}")
    organisation = factory.SubFactory(OrganisationFactory)
    anonymity = "anonymous"
    about = "staff"
    affected = "me"
    what_happened = "He made comments about my body on every night shift."
    still_happening = "yes"
    received_at = factory.LazyAttribute(
        lambda o: kept_time(timezone.now(), anonymous=o.anonymity == Anonymity.ANONYMOUS)
    )
    status = ReportStatus.RECEIVED

    class Params:
        anonymous = factory.Trait(anonymity=Anonymity.ANONYMOUS)
        confidential = factory.Trait(
            anonymity=Anonymity.CONFIDENTIAL,
            reporter_name="Sam Reporter",
            reporter_email="sam.reporter@example.com",
            reporter_phone="07700 900123",
        )
        named = factory.Trait(
            anonymity=Anonymity.NAMED, reporter_name="Nia Named", reporter_email="nia@example.com"
        )

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """Received, then (for a report made in a later status) the status it is in now."""
        if not create:
            return
        ReportStatusChange.objects.create(report=obj, status=ReportStatus.RECEIVED, at=obj.received_at)
        if obj.status != ReportStatus.RECEIVED:
            ReportStatusChange.objects.create(report=obj, status=obj.status, at=obj.received_at)

    @factory.post_generation
    def with_receipt(obj, create, extracted, **kwargs):
        """A receipt (the reporter's inbox), as every report sent through the web pages has; pass
        `with_receipt=False` for one sent through the API without a receipt code."""
        if create and extracted is not False:
            Receipt.objects.create(report=obj, lookup=uuid.uuid4().hex, code_hash="not a real hash")


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    report = factory.SubFactory(ReportFactory)
    sender = Sender.REPORTER
    text = "Is there any news on what I reported?"
    sent_at = factory.SelfAttribute("report.received_at")


class SupportServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportService

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Support service {n}")
    description = "Confidential support for anyone affected by sexual misconduct."
    phone = "0300 123 4567"


# --- cases --------------------------------------------------------------------------------------------

# The way through the workflow the traits follow: a case with a sexual dimension goes to the review group.
PATH = (
    workflow.State.NEW,
    workflow.State.TRIAGED,
    workflow.State.AWAITING_REVIEW_GROUP,
    workflow.State.REVIEWED,
    workflow.State.UNDER_INVESTIGATION,
    workflow.State.OUTCOME_RECORDED,
    workflow.State.CLOSED,
)
STEP_INTERVAL = timedelta(days=2)


def states_along(
    before: str | None = None, *, field: str = "state", **states: object
) -> dict[str, factory.Trait]:
    """Traits for states reached one after another: each sets `field` to its state and includes the
    trait before it (the first includes `before`, when given), so `closed=True` brings every earlier
    step's rows with it."""
    traits = {}
    for name, state in states.items():
        traits[name] = factory.Trait(**({before: True} if before else {}), **{field: state})
        before = name
    return traits


def _step_between(before: workflow.State, after: workflow.State) -> workflow.Step:
    return next(
        step for step, (sources, to) in workflow.TRANSITIONS.items() if before in sources and to is after
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "staff"
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "nurse"


class CaseFactory(factory.django.DjangoModelFactory):
    """A case as the services would have left it in its state: its handler on the team, one transition
    per step along `PATH` (with a timeline entry each), and the rows each step needs.

    Traits, each including the ones before it: `triaged` (screened: a sexual dimension),
    `referred` (to the review group), `reviewed` (the group's decision, checklist complete, after a
    recorded decision not to involve the police; pass `parties=1` for the person involved,
    risk-assessed and offered support, that the checklist also checks from the data),
    `investigating` (an independent investigator), `outcome_recorded` (findings, then the outcome)
    and `closed` (every party risk-assessed and offered support). `handler=user` names the handler
    (otherwise, past "new", a new case handler at the case's organisation; `handler=False`: none);
    `history=False` leaves out the transitions and step rows, for a test that writes its own;
    `parties=n` adds n people, each risk-assessed and offered support (a closed case has one unless
    `parties=0`)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CASE-T{n:05d}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Comments about a colleague's body on night shifts."
    opened_at = factory.LazyFunction(timezone.now)
    state = workflow.State.NEW

    Params = type(
        "Params",
        (),
        {
            # Opened long enough ago that every step's time is in the past.
            "screened": factory.Trait(
                opened_at=factory.LazyFunction(lambda: timezone.now() - STEP_INTERVAL * (len(PATH) + 1)),
                sexual_dimension="yes",
                screening_notes="Unwanted touching on night shifts.",
                priority="urgent",
            ),
            **states_along(
                "screened",
                triaged=workflow.State.TRIAGED,
                referred=workflow.State.AWAITING_REVIEW_GROUP,
                reviewed=workflow.State.REVIEWED,
                investigating=workflow.State.UNDER_INVESTIGATION,
                outcome_recorded=workflow.State.OUTCOME_RECORDED,
                closed=workflow.State.CLOSED,
            ),
        },
    )

    @factory.post_generation
    def handler(obj, create, extracted, **kwargs):
        if not create:
            return
        # A new case may have no named handler yet (the trust's case handlers are its team); a case
        # further on has one, who took its steps.
        user = extracted or None
        if extracted is None and obj.state != workflow.State.NEW:
            user = MembershipFactory(organisation=obj.organisation, role=Role.CASE_HANDLER).user
        if user is not None:
            CaseTeamMember.objects.create(case=obj, user=user, role=TeamRole.HANDLER)
        obj._factory_handler = user

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if not create:
            return
        wanted = extracted if extracted is not None else (1 if obj.state == workflow.State.CLOSED else 0)
        for n in range(wanted):
            PartyFactory(
                case=obj,
                role="subject" if n == 0 else "affected",
                assessed=True,
                supported=True,
                by=obj._factory_handler,
            )

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """The transitions along PATH up to the case's state, and what each step needs first."""
        if not create or extracted is False:
            return
        handler = obj._factory_handler
        reached = PATH[: PATH.index(workflow.State(obj.state)) + 1]
        at = obj.opened_at
        CaseTransition.objects.create(case=obj, step="open", to_state=reached[0], at=at, actor=handler)
        TimelineEntry.objects.create(case=obj, at=at, actor=handler, what="Case opened")
        for before, after in pairwise(reached):
            at += STEP_INTERVAL
            if after is workflow.State.REVIEWED:
                # The checklist's "police considered" is checked from the data (cases.workflow).
                RecordedDecision.objects.create(
                    case=obj,
                    kind="police_not_involved",
                    reason="The person affected did not want the police involved.",
                    made_by=handler,
                    made_at=at - STEP_INTERVAL / 2,
                )
                ReviewGroupDecisionFactory(case=obj, decided_on=at.date(), recorded_by=handler)
            elif after is workflow.State.UNDER_INVESTIGATION:
                InvestigationFactory(case=obj, started_on=at.date())
            elif after is workflow.State.OUTCOME_RECORDED:
                Investigation.objects.filter(case=obj).update(
                    findings="Substantiated on the balance of probabilities.",
                    substantiated=True,
                    completed_on=(at - STEP_INTERVAL / 2).date(),
                )
                OutcomeFactory(case=obj, recorded_by=handler, recorded_at=at)
            CaseTransition.objects.create(
                case=obj,
                step=_step_between(before, after),
                from_state=before,
                to_state=after,
                at=at,
                actor=handler,
            )
            label = f"{workflow.STATE_LABELS[before]} → {workflow.STATE_LABELS[after]}"
            TimelineEntry.objects.create(case=obj, at=at, actor=handler, what=label)
        # Every write claims a version: the opening, each step, the findings, the decision not to
        # involve the police, and each person added, risk-assessed and offered support.
        findings = workflow.State.OUTCOME_RECORDED in reached
        police = workflow.State.REVIEWED in reached
        obj.version = len(reached) + findings + police + 3 * obj.parties.count()
        Case.objects.filter(pk=obj.pk).update(version=obj.version)


class PartyFactory(factory.django.DjangoModelFactory):
    """Someone involved in a case. `assessed=True` / `supported=True` add a current risk assessment and
    a support offer (by the user `by`, else a new one)."""

    class Meta:
        model = Party
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..case.organisation"))
    role = "subject"

    class Params:
        by = factory.SubFactory(UserFactory)
        assessed = factory.Trait(
            risk_assessment=factory.RelatedFactory(
                "tests.factories.RiskAssessmentFactory", "party", assessed_by=factory.SelfAttribute("..by")
            )
        )
        supported = factory.Trait(
            support_offer=factory.RelatedFactory(
                "tests.factories.SupportOfferFactory", "party", recorded_by=factory.SelfAttribute("..by")
            )
        )


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment

    party = factory.SubFactory(PartyFactory)
    risks = factory.LazyFunction(lambda: ["patients"])
    details = "Works alone with patients on nights."
    mitigations = "Chaperone for every intimate examination."
    review_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28))
    assessed_by = factory.SubFactory(UserFactory)
    assessed_at = factory.LazyFunction(timezone.now)


class SupportOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOffer

    party = factory.SubFactory(PartyFactory)
    kind = "ftsu"
    status = "offered"
    offered_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)


class InterimMeasureFactory(factory.django.DjangoModelFactory):
    """An interim measure, current and not yet due for review; `overdue=True` makes its review due."""

    class Meta:
        model = InterimMeasure

    case = factory.SubFactory(CaseFactory, triaged=True)
    kind = "non_patient_facing"
    reason = "Pending the investigation."
    starts_on = factory.LazyFunction(timezone.localdate)
    review_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=28))
    decided_by = factory.SubFactory(UserFactory)

    class Params:
        overdue = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=40)),
        )


class PoliceLiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceLiaison

    case = factory.SubFactory(CaseFactory, triaged=True)
    police_reference = factory.Sequence(lambda n: f"POL/{n:05d}")
    contact = "DC Jones, public protection unit"
    investigation_active = True
    updated_at = factory.LazyFunction(timezone.now)


class ReviewGroupDecisionFactory(factory.django.DjangoModelFactory):
    """The review group's decision with its checklist complete (what recording it requires)."""

    class Meta:
        model = ReviewGroupDecision

    case = factory.SubFactory(CaseFactory, referred=True)
    decided_on = factory.LazyFunction(timezone.localdate)
    checklist = factory.LazyFunction(lambda: sorted(workflow.REVIEW_CHECKLIST))
    decision = "Investigate, with a specially trained investigator."
    recorded_by = factory.SubFactory(UserFactory)


class InvestigationFactory(factory.django.DjangoModelFactory):
    """An investigation led by a named independent investigator (which the workflow accepts in
    place of a trained member of staff); `completed=True` records its findings."""

    class Meta:
        model = Investigation

    case = factory.SubFactory(CaseFactory, reviewed=True)
    terms_of_reference = "Whether the comments and touching on night shifts happened."
    independent_investigator = "Dr Ines Independent (external)"
    started_on = factory.LazyFunction(timezone.localdate)

    class Params:
        completed = factory.Trait(
            findings="Substantiated on the balance of probabilities.",
            substantiated=True,
            completed_on=factory.LazyFunction(timezone.localdate),
        )


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    investigation = factory.SubFactory(InvestigationFactory)
    party = factory.SubFactory(PartyFactory, case=factory.SelfAttribute("..investigation.case"))
    held_on = factory.LazyFunction(timezone.localdate)
    notes = "Described the night shifts in detail."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    investigation = factory.SubFactory(InvestigationFactory)
    description = "Rota for the ward in November"
    name = "rota.txt"
    content_type = "text/plain"
    content = "bmlnaHRzCg=="  # base64, as cases.services.add_evidence stores it
    added_by = factory.SubFactory(UserFactory)
    added_at = factory.LazyFunction(timezone.now)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    case = factory.SubFactory(CaseFactory, investigating=True)
    kind = "written_warning"
    recorded_by = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(timezone.now)


class ReviewGroupMemberFactory(factory.django.DjangoModelFactory):
    """A member of an organisation's review group, with the role that lets them record decisions."""

    class Meta:
        model = ReviewGroupMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.organisation, role=Role.REVIEW_GROUP_MEMBER).user
    )
    role_in_group = "DASV lead"


class ReviewGroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewGroupMeeting

    organisation = factory.SubFactory(OrganisationFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    arranged_by = factory.SubFactory(UserFactory)


# --- referrals ----------------------------------------------------------------------------------------


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral record as the duties engine opens it (to do, with its first status row); traits
    `sent`, `acknowledged` (after being sent) and `not_needed` (with a reason) add the status rows a
    handler's changes would."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory, outcome_recorded=True)
    duty_code = "DBS_BARRING_REFERRAL"
    duty_status = "required"
    recipient = "Disclosure and Barring Service"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = ReferralStatus.TO_DO
    changed_at = factory.LazyFunction(timezone.now)

    class Params:
        sent = factory.Trait(
            status=ReferralStatus.SENT,
            sent_on=factory.LazyFunction(timezone.localdate),
            recipient_reference=factory.Sequence(lambda n: f"DBS-{n:06d}"),
        )
        acknowledged = factory.Trait(sent=True, status=ReferralStatus.ACKNOWLEDGED)
        not_needed = factory.Trait(
            status=ReferralStatus.NOT_NEEDED, reason="Left before any finding; nothing to refer."
        )

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if not create:
            return
        changes = [ReferralStatus.TO_DO]
        if obj.status == ReferralStatus.ACKNOWLEDGED:
            changes.append(ReferralStatus.SENT)
        if obj.status != ReferralStatus.TO_DO:
            changes.append(ReferralStatus(obj.status))
        keeps_date = (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED)
        for was, to in pairwise(["", *changes]):
            ReferralStatusChange.objects.create(
                referral=obj,
                from_status=was,
                to_status=to,
                sent_on=obj.sent_on if to in keeps_date else None,
                recipient_reference=obj.recipient_reference if to in keeps_date else "",
                reason=obj.reason if to == obj.status else "",
                at=obj.changed_at,
            )


class EvidenceTickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceTick

    referral = factory.SubFactory(ReferralFactory)
    item = factory.LazyAttribute(lambda o: o.referral.checklist()[0].code)
    ticked_by = factory.SubFactory(UserFactory)
    ticked_at = factory.LazyFunction(timezone.now)


# --- the apps on top of cases ---------------------------------------------------------------------------
#
# Generated people, places and numbers vary as they do in the NHS (Faker's en_GB names, wards, roles);
# what makes a record consistent (the same organisation, a user who works there) is derived, never fixed.

DEPARTMENTS = ("Gynaecology outpatients", "Urology", "Emergency department", "Ward 7", "Sexual health clinic")
PROCEDURES = ("Pelvic examination", "Breast examination", "Rectal examination", "Testicular examination")
STAFF_ROLES = ("Staff nurse", "Healthcare assistant", "Consultant", "Registrar", "Porter", "Physiotherapist")


def uk(provider: str, **kwargs: object) -> factory.Faker:
    """A Faker value as it would be in the UK (names, phone numbers, postcodes)."""
    return factory.Faker(provider, locale="en_GB", **kwargs)


BRITISH = Faker("en_GB")


def member_of(organisation: str, role: Role) -> factory.LazyAttribute:
    """A new user, with a name as British staff have, holding `role` at the organisation that
    `organisation` names (a dotted path from the object being built, e.g. "record.organisation")."""

    def make(o: object) -> User:
        org = o
        for part in organisation.split("."):
            org = getattr(org, part)
        user = UserFactory(first_name=BRITISH.first_name(), last_name=BRITISH.last_name())
        return MembershipFactory(user=user, organisation=org, role=role).user

    return factory.LazyAttribute(make)


def index_hash(value: str, purpose: str) -> str:
    """A keyed hash as the services make it, under the index key."""
    return keyed_hash(value, key=settings.RAMPART_INDEX_KEY, purpose=purpose)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    """A course completed by a member of staff at the organisation, current today (valid for three
    years). Traits: `expired` (completed four years ago), `bank_staff` (no account: a name and a staff
    number) and `chaperone` / `investigator` for those courses."""

    class Meta:
        model = TrainingRecord

    organisation = factory.SubFactory(OrganisationFactory)
    user = member_of("organisation", Role.CLINICIAN)
    person_name = factory.LazyAttribute(lambda o: o.user.get_full_name() if o.user else "")
    staff_number = uk("bothify", text="??######", letters="ABCDEFGHJKLMNPRSTUVWXYZ")
    course = factory.Iterator([c.value for c in Course])
    completed_on = uk("date_between", start_date="-2y", end_date="-1d")
    expires_on = factory.LazyAttribute(lambda o: o.completed_on + timedelta(days=3 * 365))

    class Params:
        expired = factory.Trait(
            completed_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=4 * 365))
        )
        bank_staff = factory.Trait(user=None, person_name=uk("name"))
        chaperone = factory.Trait(course=Course.CHAPERONE)
        investigator = factory.Trait(course=Course.SPECIALIST_INVESTIGATION)


class ChaperoneRecordFactory(factory.django.DjangoModelFactory):
    """An intimate examination recorded by the examining clinician, an hour after it, with a trained
    chaperone present throughout: a record with no gaps. Traits: `deferred_examination` (put off,
    with the reason), `no_offer` (a chaperone not offered: a gap) and `by_chaperone` (recorded by the
    chaperone, a clinician at the same organisation)."""

    class Meta:
        model = ChaperoneRecord

    reference = factory.Sequence(lambda n: f"CHR-T{n:03d}-{n % 7}X")
    organisation = factory.SubFactory(OrganisationFactory)
    examiner = member_of("organisation", Role.CLINICIAN)
    examiner_name = factory.LazyAttribute(lambda o: o.examiner.get_full_name())
    recorded_by = factory.SelfAttribute("examiner")
    recorder_role = "examiner"
    recorded_at = factory.LazyFunction(timezone.now)
    examined_at = factory.LazyAttribute(lambda o: o.recorded_at - timedelta(hours=1))
    patient_ref = uk("bothify", text="PSN-####-????", letters="ABCDEFGHJKLMNPQRSTUVWXYZ")
    setting = factory.Iterator(["outpatient", "gp", "inpatient", "emergency", "maternity"])
    department = factory.Iterator(DEPARTMENTS)
    procedure = factory.Iterator(PROCEDURES)
    intimacy = "intimate"
    purpose_explained = True
    purpose = "To examine for the cause of the pain the patient described."
    consent = "verbal"
    capacity = "has_capacity"
    offer = factory.Iterator(["accepted", "patient_requested", "clinician_requested"])
    chaperone_name = uk("name")
    chaperone_staff_number = uk("bothify", text="??######", letters="ABCDEFGHJKLMNPRSTUVWXYZ")
    chaperone_role = factory.Iterator(STAFF_ROLES[:2])
    chaperone_trained = True
    observed_throughout = True
    informal_companion = False
    deferred = False

    class Params:
        deferred_examination = factory.Trait(
            deferred=True,
            deferral_reason="No chaperone was free; the patient chose to come back.",
            chaperone_name="",
            chaperone_staff_number="",
            chaperone_role="",
            chaperone_trained=None,
            observed_throughout=None,
        )
        no_offer = factory.Trait(
            offer="not_offered",
            chaperone_name="",
            chaperone_staff_number="",
            chaperone_role="",
            chaperone_trained=None,
            observed_throughout=None,
        )
        by_chaperone = factory.Trait(
            recorder_role="chaperone",
            recorded_by=member_of("organisation", Role.CLINICIAN),
            chaperone_user=factory.SelfAttribute("recorded_by"),
            chaperone_name=factory.LazyAttribute(lambda o: o.recorded_by.get_full_name()),
        )


class AddendumFactory(factory.django.DjangoModelFactory):
    """A correction after the 24-hour window, by the person who made the record."""

    class Meta:
        model = Addendum

    record = factory.SubFactory(
        ChaperoneRecordFactory, recorded_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    )
    author = factory.SelfAttribute("record.recorded_by")
    written_at = factory.LazyAttribute(lambda o: o.record.recorded_at + timedelta(days=2))
    reason = "The department was recorded wrongly."
    text = factory.LazyAttribute(lambda o: f"The examination took place in {DEPARTMENTS[-1]}.")


class ChaperoneConcernFactory(factory.django.DjangoModelFactory):
    """A concern raised from a record: a confidential report to the record's organisation."""

    class Meta:
        model = ChaperoneConcern

    record = factory.SubFactory(ChaperoneRecordFactory)
    raised_by = factory.SelfAttribute("record.recorded_by")
    raised_at = factory.LazyAttribute(lambda o: o.record.recorded_at + timedelta(minutes=5))
    text = "The clinician asked the chaperone to wait outside the curtain."
    report = factory.SubFactory(
        ReportFactory,
        organisation=factory.SelfAttribute("..record.organisation"),
        confidential=True,
        reporter_name=factory.LazyAttribute(lambda o: o.factory_parent.raised_by.get_full_name()),
        reporter_email=factory.SelfAttribute("..raised_by.email"),
        what_happened=factory.SelfAttribute("..text"),
    )


# --- patterns -------------------------------------------------------------------------------------------


class ProfessionalFactory(factory.django.DjangoModelFactory):
    """A professional known by a GMC number (the keyed hash is written on save); `nurse=True` gives an
    NMC PIN instead, `esr=True` an ESR person number too."""

    class Meta:
        model = Professional

    created_at = factory.LazyFunction(timezone.now)
    regulator = "GMC"
    registration_number = factory.Sequence(lambda n: f"{7000000 + n}")

    class Params:
        nurse = factory.Trait(
            regulator="NMC", registration_number=factory.Sequence(lambda n: f"{n % 100:02d}A{n:04d}E")
        )
        esr = factory.Trait(esr_number=factory.Sequence(lambda n: f"{30000000 + n}"))


class PersonLinkFactory(factory.django.DjangoModelFactory):
    """A case person linked to a professional on the same registration number."""

    class Meta:
        model = PersonLink

    person = factory.SubFactory(
        PersonFactory,
        role="doctor",
        regulator=factory.SelfAttribute("..professional.regulator"),
        registration_number=factory.SelfAttribute("..professional.registration_number"),
    )
    professional = factory.SubFactory(ProfessionalFactory)
    method = LinkMethod.REGISTRATION
    linked_at = factory.LazyFunction(timezone.now)


class MatchCandidateFactory(factory.django.DjangoModelFactory):
    """An uncertain match waiting for a case handler; traits `confirmed` and `rejected` add the
    decision (by a case handler at the person's organisation)."""

    class Meta:
        model = MatchCandidate

    person = factory.SubFactory(PersonFactory, name=uk("name"))
    professional = factory.SubFactory(ProfessionalFactory)
    score = uk("pyfloat", min_value=0.8, max_value=0.95)
    reasons = factory.LazyFunction(lambda: ["similar name", "same date of birth"])
    found_at = factory.LazyFunction(timezone.now)

    class Params:
        decided = factory.Trait(
            decided_by=member_of("person.organisation", Role.CASE_HANDLER),
            decided_at=factory.LazyAttribute(lambda o: o.found_at + timedelta(hours=4)),
        )
        confirmed = factory.Trait(decided=True, status=CandidateStatus.CONFIRMED)
        rejected = factory.Trait(decided=True, status=CandidateStatus.REJECTED)


class WeakSignalFactory(factory.django.DjangoModelFactory):
    """A worry about a colleague, recorded by a case handler at the colleague's organisation."""

    class Meta:
        model = WeakSignal

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..organisation"), name=uk("name")
    )
    kinds = factory.Iterator([["comments"], ["boundaries", "contact"], ["chaperone_refused"]])
    description = "Comments about a patient's appearance after a clinic."
    observed_on = uk("date_between", start_date="-60d", end_date="-1d")
    recorded_at = factory.LazyFunction(timezone.now)
    recorded_by = member_of("organisation", Role.CASE_HANDLER)


class PatternAlertFactory(factory.django.DjangoModelFactory):
    """A professional's record crossing a threshold, raised to one organisation; `reviewed=True` adds
    a case handler's decision to keep it under review."""

    class Meta:
        model = PatternAlert
        skip_postgeneration_save = True

    professional = factory.SubFactory(ProfessionalFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    raised_at = factory.LazyFunction(timezone.now)
    reasons = factory.LazyFunction(lambda: ["CASES_AT_TWO_ORGANISATIONS"])
    items = factory.LazyAttribute(
        lambda o: [{"kind": "signal", "id": 1, "organisation": o.organisation.ods_code, "at": "2026-01-01"}]
    )
    items_key = factory.Sequence(lambda n: f"{n:064x}")

    class Params:
        reviewed = factory.Trait(
            status=PatternAlertStatus.REVIEWED,
            decision=factory.RelatedFactory("tests.factories.PatternDecisionFactory", "alert"),
        )


class PatternDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatternDecision

    alert = factory.SubFactory(PatternAlertFactory, status=PatternAlertStatus.REVIEWED)
    decision = PatternDecisionKind.MONITOR
    reasons = "Two organisations, a year apart: keep under review with the other trust."
    decided_by = member_of("alert.organisation", Role.CASE_HANDLER)
    decided_at = factory.LazyAttribute(lambda o: o.alert.raised_at + timedelta(days=1))


# --- sharing --------------------------------------------------------------------------------------------


class SharingContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharingContact
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)
    name = uk("name")
    role = factory.Iterator(["Head of employee relations", "DASV lead", "Safeguarding lead"])
    email = factory.LazyAttribute(lambda o: f"sharing.{o.organisation.ods_code.lower()}@example.nhs.uk")
    phone = uk("phone_number")
    updated_by = member_of("organisation", Role.ADMINISTRATOR)
    updated_at = factory.LazyFunction(timezone.now)


class OnboardingCheckFactory(factory.django.DjangoModelFactory):
    """A recruiting organisation's search for a candidate by GMC number, with its purpose and the
    identifier's keyed hash as `sharing.services` makes it; nothing found elsewhere."""

    class Meta:
        model = OnboardingCheck

    organisation = factory.SubFactory(OrganisationFactory)
    checked_by = member_of("organisation", Role.CASE_HANDLER)
    checked_at = factory.LazyFunction(timezone.now)
    regulator = "GMC"
    identifier = factory.Sequence(lambda n: f"{7100000 + n}")
    identifier_key = factory.LazyAttribute(
        lambda o: index_hash(f"{o.regulator}:{o.identifier}", "onboarding_check")
    )
    candidate_name = uk("name")
    role = factory.Iterator(["Consultant", "Registrar", "Locum GP"])
    purpose = sharing_rules.Purpose.RECRUITMENT
    purpose_details = "Offered a consultant post starting next month."
    result = factory.LazyFunction(list)


class DisclosureFactory(factory.django.DjangoModelFactory):
    """A request from one organisation to another about a professional, on a lawful basis its holder
    can rely on (an NHS trust: public task), with its status rows. Traits, each including the one
    before: `prepared` (by a case handler at the holder) and `released` (approved by a second one);
    and `declined`."""

    class Meta:
        model = Disclosure
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"DSC-T{n:05d}")
    professional = factory.SubFactory(ProfessionalFactory)
    requester = factory.SubFactory(OrganisationFactory)
    holder = factory.SubFactory(OrganisationFactory)
    purpose = sharing_rules.Purpose.RECRUITMENT
    purpose_details = "Offered a post on the children's ward."
    basis_requested = sharing_rules.LawfulBasis.PUBLIC_TASK
    requested_by = member_of("requester", Role.CASE_HANDLER)
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    status = sharing_rules.Status.REQUESTED

    Params = type(
        "Params",
        (),
        {
            "written": factory.Trait(
                findings="A written warning for comments to a colleague, upheld after investigation.",
                person_told=sharing_rules.Told.TOLD,
                person_told_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)),
                lawful_basis=factory.SelfAttribute("basis_requested"),
                special_category=True,
                condition=sharing_rules.Condition.SAFEGUARDING,
                prepared_by=member_of("holder", Role.CASE_HANDLER),
            ),
            **states_along(
                "written",
                field="status",
                prepared=sharing_rules.Status.PREPARED,
                released=sharing_rules.Status.RELEASED,
            ),
            "declined": factory.Trait(status=sharing_rules.Status.DECLINED),
        },
    )
    approved_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == sharing_rules.Status.RELEASED),
        member_of("holder", Role.CASE_HANDLER),
        None,
    )
    released_at = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == sharing_rules.Status.RELEASED),
        factory.LazyFunction(timezone.now),
        None,
    )

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """Requested, then each status on the way to the one it is in, by whoever took that step."""
        if not create:
            return
        Status = sharing_rules.Status
        path = {Status.PREPARED: [Status.PREPARED], Status.RELEASED: [Status.PREPARED, Status.RELEASED]}
        steps = [(Status.REQUESTED, obj.requested_by)] + [
            (to, obj.approved_by if to is Status.RELEASED else obj.prepared_by)
            for to in path.get(Status(obj.status), [])
        ]
        if obj.status == Status.DECLINED:
            steps.append((Status.DECLINED, MembershipFactory(organisation=obj.holder).user))
        at = obj.requested_at
        for (was, _), (to, actor) in pairwise([("", None), *steps]):
            DisclosureStatusChange.objects.create(
                disclosure=obj, from_status=was, to_status=to, actor=actor, at=at
            )
            at += timedelta(hours=6)


# --- access alerts --------------------------------------------------------------------------------------


class AlertImportFactory(factory.django.DjangoModelFactory):
    """One scan's output imported by the organisation's privacy officer."""

    class Meta:
        model = AlertImport

    organisation = factory.SubFactory(OrganisationFactory)
    imported_by = member_of("organisation", Role.PRIVACY_OFFICER)
    imported_at = factory.LazyFunction(timezone.now)
    source = "alerts.parquet, summary.json"
    engine = factory.Iterator(["duckdb", "spark"])
    events_scanned = uk("pyint", min_value=100_000, max_value=5_000_000)
    explained_share = uk("pyfloat", min_value=0.9, max_value=0.99)
    alerts_in_file = 1
    alerts_new = 1


class AccessAlertFactory(factory.django.DjangoModelFactory):
    """An unexplained access to a patient's record, new in its scan, with the keyed hashes as the
    import writes them. Traits: `dismissed` (a privacy officer's decision with its reason) and
    `with_evidence` (the access events kept)."""

    class Meta:
        model = AccessAlert
        skip_postgeneration_save = True

    scan = factory.SubFactory(AlertImportFactory)
    organisation = factory.SelfAttribute("scan.organisation")
    epr_user_id = uk("bothify", text="EPR######")
    patient_id = uk("numerify", text="##########")
    first_ts = factory.LazyAttribute(lambda o: o.scan.imported_at - timedelta(days=2, hours=3))
    last_ts = factory.LazyAttribute(lambda o: o.first_ts + timedelta(minutes=12))
    dedup_key = factory.LazyAttribute(
        lambda o: index_hash(
            f"{o.epr_user_id}\0{o.patient_id}\0{o.first_ts.astimezone(UTC).replace(microsecond=0).isoformat()}",
            "access_alert",
        )
    )
    user_key = factory.LazyAttribute(lambda o: index_hash(o.epr_user_id, "access_alert_user"))
    events = uk("pyint", min_value=1, max_value=40)
    explained = False
    rules = factory.LazyFunction(lambda: ["no_care_relationship", "colleague_record"])
    score = uk("pyfloat", min_value=0.5, max_value=1.0)
    rank = factory.Sequence(lambda n: n + 1)

    class Params:
        dismissed = factory.Trait(
            status=AlertStatus.DISMISSED,
            decision=factory.RelatedFactory("tests.factories.AlertDecisionFactory", "alert"),
        )
        with_evidence = factory.Trait(
            kept=factory.RelatedFactory("tests.factories.AlertEvidenceFactory", "alert"),
        )


class AlertDecisionFactory(factory.django.DjangoModelFactory):
    """A privacy officer at the alert's organisation dismissing it as care the EPR did not record."""

    class Meta:
        model = AlertDecision

    alert = factory.SubFactory(AccessAlertFactory, status=AlertStatus.DISMISSED)
    status = factory.SelfAttribute("alert.status")
    at = factory.LazyAttribute(lambda o: o.alert.scan.imported_at + timedelta(hours=2))
    actor = member_of("alert.organisation", Role.PRIVACY_OFFICER)
    reason = DismissalReason.CARE_NOT_RECORDED
    details = "Seen in the discharge lounge; the ward had not recorded the transfer."


class AlertEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertEvidence

    alert = factory.SubFactory(AccessAlertFactory)
    events_csv = factory.LazyAttribute(
        lambda o: (
            "user_id,patient_id,ts\n"
            + "".join(
                f"{o.alert.epr_user_id},{o.alert.patient_id},{o.alert.first_ts.isoformat()}\n"
                for _ in range(3)
            )
        )
    )
    rows = 3
    attached_at = factory.LazyAttribute(lambda o: o.alert.scan.imported_at)


# --- assurance ------------------------------------------------------------------------------------------


def financial_year(offset: int = 0) -> str:
    """This financial year (April to March) as assurance names it, e.g. 2026/27; `offset` years on."""
    today = timezone.localdate()
    start = (today.year if today.month >= 4 else today.year - 1) + offset
    return f"{start}/{(start + 1) % 100:02d}"


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A self-assessment against the Sexual Safety Charter for this financial year, in progress, with
    its status rows. Traits, each including the one before: `submitted`, `approved` (by a board member
    of the organisation, locked)."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    framework_code = "charter"
    framework_version = "2023.1"
    framework_title = "Sexual Safety in Healthcare Charter"
    period = factory.LazyFunction(financial_year)
    created_by = member_of("organisation", Role.ADMINISTRATOR)

    Params = type(
        "Params",
        (),
        {
            "sent": factory.Trait(submitted_at=factory.LazyFunction(timezone.now)),
            **states_along(
                "sent",
                submitted=AssessmentStatus.SUBMITTED,
                approved=AssessmentStatus.APPROVED,
                field="status",
            ),
        },
    )
    approved_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == AssessmentStatus.APPROVED),
        member_of("organisation", Role.BOARD_MEMBER),
        None,
    )
    approved_at = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == AssessmentStatus.APPROVED),
        factory.LazyFunction(timezone.now),
        None,
    )
    approver_name = factory.LazyAttribute(lambda o: o.approved_by.get_full_name() if o.approved_by else "")
    approver_title = factory.Maybe("approved_by", "Chief Executive", "")

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if not create:
            return
        order = [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.APPROVED]
        for status in order[: order.index(AssessmentStatus(obj.status)) + 1]:
            actor = obj.approved_by if status == AssessmentStatus.APPROVED else obj.created_by
            AssessmentStatusChange.objects.create(assessment=obj, status=status, actor=actor)


class AssessmentItemFactory(factory.django.DjangoModelFactory):
    """One commitment of the charter in an assessment, not started; `met=True` records it as met by a
    member of the organisation."""

    class Meta:
        model = AssessmentItem

    assessment = factory.SubFactory(AssessmentFactory)
    position = factory.Sequence(lambda n: n + 1)
    section_code = "C"
    section_title = "Commitments"
    code = factory.Sequence(lambda n: f"C{n + 1}")
    text = "We will ensure appropriate, specific and clear policies are in place."
    source = "Sexual Safety in Healthcare Charter"

    class Params:
        met = factory.Trait(
            status=ItemStatus.MET,
            owner=uk("name"),
            evidence_notes="Policy approved by the board.",
            updated_at=factory.LazyFunction(timezone.now),
            updated_by=member_of("assessment.organisation", Role.ADMINISTRATOR),
        )


class EvidenceAttachmentFactory(factory.django.DjangoModelFactory):
    """A link supporting an item (a link or a file, never both)."""

    class Meta:
        model = EvidenceAttachment

    item = factory.SubFactory(AssessmentItemFactory)
    title = "Sexual safety policy"
    url = factory.LazyAttribute(lambda o: f"https://intranet.example.nhs.uk/policies/{o.item.code.lower()}")
    added_by = factory.SelfAttribute("item.assessment.created_by")


class ActionPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlanItem

    item = factory.SubFactory(AssessmentItemFactory)
    assessment = factory.SelfAttribute("item.assessment")
    action = "Train every ward manager in receiving disclosures."
    owner = uk("name")
    due_on = uk("date_between", start_date="+30d", end_date="+180d")


class WorkforceFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkforceFigure

    organisation = factory.SubFactory(OrganisationFactory)
    period = factory.LazyFunction(financial_year)
    headcount = uk("pyint", min_value=800, max_value=15_000)
    elearning_completed = factory.LazyAttribute(lambda o: o.headcount * 3 // 5)
    recorded_by = member_of("organisation", Role.ADMINISTRATOR)


class CharterProgressFactory(factory.django.DjangoModelFactory):
    """A GP practice's charter progress under its ICB; `complete=True` has every step confirmed."""

    class Meta:
        model = CharterProgress

    provider = factory.SubFactory(
        OrganisationFactory,
        kind=OrganisationKind.PRIMARY_CARE,
        ods_code=factory.Sequence(lambda n: f"G{n:05d}"),
        name=factory.LazyFunction(lambda: f"{Faker('en_GB').city()} Medical Practice"),
    )
    charter_signed_on = uk("date_between", start_date="-1y", end_date="-90d")

    class Params:
        complete = factory.Trait(
            checklist_completed_on=factory.LazyAttribute(lambda o: o.charter_signed_on + timedelta(days=30)),
            chaperone_policy_reviewed_on=factory.LazyAttribute(
                lambda o: o.charter_signed_on + timedelta(days=45)
            ),
            contacted_on=factory.LazyAttribute(lambda o: o.charter_signed_on + timedelta(days=60)),
        )


class ProviderReminderFactory(factory.django.DjangoModelFactory):
    """An ICB lead's reminder to one of the ICB's providers."""

    class Meta:
        model = ProviderReminder

    provider = factory.SubFactory(
        OrganisationFactory,
        kind=OrganisationKind.PRIMARY_CARE,
        ods_code=factory.Sequence(lambda n: f"H{n:05d}"),
        parent=factory.SubFactory(
            OrganisationFactory, kind=OrganisationKind.ICB, ods_code=factory.Sequence(lambda n: f"Q{n:04d}")
        ),
    )
    sent_by = member_of("provider.parent", Role.ICB_LEAD)
    recipients = uk("pyint", min_value=1, max_value=4)


def current_code(user: User) -> str:
    """The security code the user's authenticator app would show now."""
    device = Authenticator.objects.get(user=user, confirmed=True)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def build_hierarchy() -> dict[str, Organisation]:
    """National → region → two ICBs → two trusts and a GP practice."""
    national = OrganisationFactory(ods_code="N01", name="NHS England", kind=OrganisationKind.NATIONAL)
    region = OrganisationFactory(
        ods_code="Y01", name="Region One", kind=OrganisationKind.REGION, parent=national
    )
    icb_a = OrganisationFactory(ods_code="QA1", name="ICB A", kind=OrganisationKind.ICB, parent=region)
    icb_b = OrganisationFactory(ods_code="QB1", name="ICB B", kind=OrganisationKind.ICB, parent=region)
    trust_a = OrganisationFactory(ods_code="RA1", name="Trust A", parent=icb_a)
    trust_b = OrganisationFactory(ods_code="RB1", name="Trust B", parent=icb_b)
    gp_a = OrganisationFactory(
        ods_code="GA0001", name="GP A", kind=OrganisationKind.PRIMARY_CARE, parent=icb_a
    )
    return {
        "national": national,
        "region": region,
        "icb_a": icb_a,
        "icb_b": icb_b,
        "trust_a": trust_a,
        "trust_b": trust_b,
        "gp_a": gp_a,
    }
