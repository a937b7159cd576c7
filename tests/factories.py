"""factory-boy factories for every model, and the Alice / Bob / Charlie personas."""

from __future__ import annotations

from datetime import UTC, timedelta
from itertools import pairwise

import factory
from django.utils import timezone
from django_otp.oath import TOTP

from rampart.accounts.models import ApiToken, Authenticator, Membership, Role, User
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
    ReviewGroupDecision,
    ReviewGroupMeeting,
    ReviewGroupMember,
    RiskAssessment,
    SupportOffer,
    TeamRole,
    TimelineEntry,
)
from rampart.core.models import Reminder
from rampart.organisations.models import Organisation, OrganisationKind
from rampart.referrals.models import EvidenceTick, Referral, ReferralStatus, ReferralStatusChange
from rampart.reporting.journey import kept_time
from rampart.reporting.models import (
    Anonymity,
    Message,
    Report,
    ReportStatus,
    ReportStatusChange,
    Sender,
    SupportService,
)

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
    `referred` (to the review group), `reviewed` (the group's decision, checklist complete),
    `investigating` (an independent investigator), `outcome_recorded` (findings, then the outcome)
    and `closed` (every party risk-assessed and offered support). `handler=user` names the handler
    (otherwise, past "new", a new case handler at the case's organisation; `handler=False`: none);
    `history=False` leaves out the transitions and step rows, for a test that writes its own;
    `parties=n` adds n people, each risk-assessed and offered support (a closed case has at least one)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CASE-T{n:05d}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Comments about a colleague's body on night shifts."
    opened_at = factory.LazyFunction(timezone.now)
    state = workflow.State.NEW

    class Params:
        # Opened long enough ago that every step's time is in the past.
        screened = factory.Trait(
            opened_at=factory.LazyFunction(lambda: timezone.now() - STEP_INTERVAL * (len(PATH) + 1)),
            sexual_dimension="yes",
            screening_notes="Unwanted touching on night shifts.",
            priority="urgent",
        )
        triaged = factory.Trait(screened=True, state=workflow.State.TRIAGED)
        referred = factory.Trait(triaged=True, state=workflow.State.AWAITING_REVIEW_GROUP)
        reviewed = factory.Trait(referred=True, state=workflow.State.REVIEWED)
        investigating = factory.Trait(reviewed=True, state=workflow.State.UNDER_INVESTIGATION)
        outcome_recorded = factory.Trait(investigating=True, state=workflow.State.OUTCOME_RECORDED)
        closed = factory.Trait(outcome_recorded=True, state=workflow.State.CLOSED)

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
        wanted = extracted or (1 if obj.state == workflow.State.CLOSED else 0)
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
        # Every write claims a version: the opening, each step, the findings, and each person added,
        # risk-assessed and offered support.
        findings = workflow.State.OUTCOME_RECORDED in reached
        obj.version = len(reached) + findings + 3 * obj.parties.count()
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
