"""Reads for information sharing. What another organisation holds is reduced to categories and a
contact here; content leaves its holder only through a released disclosure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rampart.cases.hooks import CasePanel
from rampart.cases.identifiers import esr_key, registration_key, staff_number_key
from rampart.cases.models import Investigation, Party, PartyRole
from rampart.cases.permissions import CaseAction
from rampart.core import policy
from rampart.organisations.models import Organisation
from rampart.patterns.models import PatternAlert, Professional, WeakSignal
from rampart.sharing import rules
from rampart.sharing.models import Disclosure, OnboardingCheck, SharingContact
from rampart.sharing.permissions import SharingAction

if TYPE_CHECKING:
    from rampart.accounts.models import User


def contact_for(organisation: Organisation) -> SharingContact | None:
    return SharingContact.objects.filter(organisation=organisation).first()


def find_professional(
    *, regulator: str = "", registration_number: str = "", esr_number: str = ""
) -> Professional | None:
    """An exact identifier only, through its keyed hash (cases.identifiers): a check never matches on
    a name, and the same number finds the same professional whichever employer recorded it."""
    if registration_number:
        key = registration_key(regulator, registration_number)
        return Professional.objects.filter(registration_key=key).first() if key else None
    if esr_number:
        key = esr_key(esr_number)
        return Professional.objects.filter(esr_key=key).first() if key else None
    return None


@dataclass
class Holder:
    organisation: Organisation
    contact: SharingContact | None
    categories: tuple[rules.Category, ...] = ()

    @property
    def category_labels(self) -> list[str]:
        return [rules.CATEGORY_LABELS[c] for c in self.categories]


@dataclass
class _Gathered:
    cases: list[rules.CaseFacts] = field(default_factory=list)
    signals: int = 0
    alerts: int = 0


def holder_records(
    professional: Professional, *, excluding_organisation: Organisation | None
) -> dict[int, rules.HolderRecord]:
    """Per organisation id: the plain facts the rules decide on. Three indexed queries."""
    found = _holder_records_of([professional.pk], excluding_organisation=excluding_organisation)
    return found.get(professional.pk, {})


def _holder_records_of(
    professional_ids: Collection[int], *, excluding_organisation: Organisation | None
) -> dict[int, dict[int, rules.HolderRecord]]:
    """`holder_records` for several professionals at once, per professional id: still three queries."""
    gathered: dict[int, dict[int, _Gathered]] = defaultdict(lambda: defaultdict(_Gathered))
    subject_cases = Party.objects.filter(
        role=PartyRole.SUBJECT, person__link__professional__in=professional_ids
    )
    signals = WeakSignal.objects.filter(person__link__professional__in=professional_ids)
    alerts = PatternAlert.objects.filter(professional__in=professional_ids)
    if excluding_organisation is not None:
        subject_cases = subject_cases.exclude(case__organisation=excluding_organisation)
        signals = signals.exclude(organisation=excluding_organisation)
        alerts = alerts.exclude(organisation=excluding_organisation)
    for row in subject_cases.values(
        "person__link__professional_id",
        "case_id",
        "case__organisation_id",
        "case__state",
        "case__investigation__started_on",
        "case__investigation__completed_on",
        "case__investigation__substantiated",
        "case__investigation__finding",
        "case__outcome__kind",
    ).distinct():
        gathered[row["person__link__professional_id"]][row["case__organisation_id"]].cases.append(
            rules.CaseFacts(
                closed=row["case__state"] == "closed",
                investigation_started=row["case__investigation__started_on"] is not None,
                investigation_completed=row["case__investigation__completed_on"] is not None,
                substantiated=row["case__investigation__substantiated"],
                outcome_kind=row["case__outcome__kind"] or "",
                finding=row["case__investigation__finding"] or "",
            )
        )
    for signal in signals.values("person__link__professional_id", "organisation_id").annotate(n=Count("id")):
        gathered[signal["person__link__professional_id"]][signal["organisation_id"]].signals = signal["n"]
    for alert in alerts.values("professional_id", "organisation_id").annotate(n=Count("id")):
        gathered[alert["professional_id"]][alert["organisation_id"]].alerts = alert["n"]
    return {
        prof_id: {
            org_id: rules.HolderRecord(cases=tuple(g.cases), weak_signals=g.signals, pattern_alerts=g.alerts)
            for org_id, g in by_org.items()
        }
        for prof_id, by_org in gathered.items()
    }


def holders_elsewhere(
    professional: Professional, *, excluding_organisation: Organisation | None
) -> list[Holder]:
    """Organisations other than `excluding_organisation` holding a case (as subject), a weak signal or
    a pattern alert about the professional, with their sharing contact and categories; never content."""
    found = _holders_of([professional.pk], excluding_organisation=excluding_organisation)
    return found.get(professional.pk, [])


def _holders_of(
    professional_ids: Collection[int], *, excluding_organisation: Organisation | None
) -> dict[int, list[Holder]]:
    """`holders_elsewhere` for several professionals at once, per professional id: four queries
    however many professionals (the three of `holder_records`, then the organisations with their
    contacts)."""
    records = _holder_records_of(professional_ids, excluding_organisation=excluding_organisation)
    held_by = {org_id for by_org in records.values() for org_id in by_org}
    if not held_by:
        return {}
    orgs = list(
        Organisation.objects.filter(pk__in=held_by).select_related("sharing_contact").order_by("name")
    )
    return {
        prof_id: [
            Holder(org, getattr(org, "sharing_contact", None), rules.categories(by_org[org.pk]))
            for org in orgs
            if org.pk in by_org
        ]
        for prof_id, by_org in records.items()
    }


def held_elsewhere_for_case(case: Any) -> list[tuple[Party, list[Holder]]]:
    """For the case page: each linked subject of the case and who else holds concerns about them.
    A fixed number of queries however many subjects are linked: one for the subjects, and when any
    is linked, the four of `holders_elsewhere` for all their professionals at once."""
    subjects = case.parties.filter(role=PartyRole.SUBJECT).select_related("person__link__professional")
    linked = [(party, link) for party in subjects if (link := getattr(party.person, "link", None))]
    if not linked:
        return []
    holders = _holders_of(
        {link.professional_id for _, link in linked}, excluding_organisation=case.organisation
    )
    return [(party, list(holders.get(link.professional_id, []))) for party, link in linked]


def professional_by_id(professional_id: Any) -> Professional | None:
    """A linked professional by id, unscoped: the caller asks `may_request_about` before showing it."""
    return Professional.objects.filter(pk=professional_id or 0).first()


def case_panels(*, case: Any, user: User) -> list[CasePanel]:
    """The held-elsewhere panel on the case's overview (`SharingConfig.case_panels`), after the
    people involved: for each linked subject whom another organisation holds concerns about, who
    holds them and whom to ask (never what they hold). For whoever may see the case."""
    if not policy.allowed(user, CaseAction.VIEW_CASE, case):
        return []
    held = [(party, holders) for party, holders in held_elsewhere_for_case(case) if holders]
    return [
        CasePanel(
            key="held_elsewhere",
            title="Held elsewhere",
            template="sharing/_held_elsewhere.html",
            context={"held": held},
            section="people",
            data=[
                {"role": party.role, "held_by": [_holder_data(h) for h in holders]} for party, holders in held
            ],
        )
    ]


def _holder_data(holder: Holder) -> dict[str, Any]:
    contact = holder.contact
    return {
        "organisation": holder.organisation.ods_code,
        "name": holder.organisation.name,
        "contact": contact
        and {"name": contact.name, "role": contact.role, "email": contact.email, "phone": contact.phone},
    }


def may_request_about(organisation: Organisation, professional: Professional) -> bool:
    """A requester knows of a professional only through its own check or its own records."""
    return (
        OnboardingCheck.objects.filter(organisation=organisation, professional=professional).exists()
        or professional.links.filter(person__organisation=organisation).exists()
    )


def checks_for(user: User, organisation: Organisation) -> QuerySet[OnboardingCheck]:
    if not policy.allowed(user, SharingAction.RUN_ONBOARDING_CHECK, organisation):
        return OnboardingCheck.objects.none()
    return OnboardingCheck.objects.filter(organisation=organisation)


def check_holders(check: OnboardingCheck) -> list[tuple[Organisation, list[str], SharingContact | None]]:
    """What a check found, as the recruiter may see it: each holding organisation, the categories
    of what it holds (labels, never content) and whom to contact there."""
    codes = [found["organisation"] for found in check.result]
    holders = Organisation.objects.select_related("sharing_contact").in_bulk(codes, field_name="ods_code")
    return [
        (
            holders[found["organisation"]],
            [rules.CATEGORY_LABELS[rules.Category(c)] for c in found["categories"]],
            getattr(holders[found["organisation"]], "sharing_contact", None),
        )
        for found in check.result
    ]


def disclosure_for(user: User, reference: str) -> tuple[Disclosure, str] | None:
    """The disclosure and the side the user is on ("holder" or "requester"), or None when the user
    is on neither side."""
    disclosure = (
        Disclosure.objects.filter(reference=reference)
        .select_related(
            "holder", "requester", "professional", "onboarding_check", "prepared_by", "approved_by"
        )
        .first()
    )
    if disclosure is None or not policy.allowed(user, SharingAction.VIEW_DISCLOSURE, disclosure):
        return None
    holder = policy.allowed(user, SharingAction.PREPARE_DISCLOSURE, disclosure.holder)
    return disclosure, "holder" if holder else "requester"


def incoming(user: User, organisation: Organisation) -> QuerySet[Disclosure]:
    if not policy.allowed(user, SharingAction.PREPARE_DISCLOSURE, organisation):
        return Disclosure.objects.none()
    return Disclosure.objects.filter(holder=organisation).select_related("requester")


def outgoing(user: User, organisation: Organisation) -> QuerySet[Disclosure]:
    if not policy.allowed(user, SharingAction.REQUEST_DISCLOSURE, organisation):
        return Disclosure.objects.none()
    return Disclosure.objects.filter(requester=organisation).select_related("holder")


def _holder_cases(disclosure: Disclosure) -> QuerySet[Party]:
    return (
        Party.objects.filter(
            role=PartyRole.SUBJECT,
            person__link__professional=disclosure.professional,
            case__organisation=disclosure.holder,
        )
        .select_related("case", "person")
        .order_by("case__opened_at")
    )


def draft_for(disclosure: Disclosure) -> dict[str, str]:
    """What the holder's records say, as a starting point the preparer edits."""
    from rampart.referrals.models import Referral

    parties = list(_holder_cases(disclosure))
    case_ids = [p.case_id for p in parties]
    investigations = {i.case_id: i for i in Investigation.objects.filter(case_id__in=case_ids)}
    findings = []
    for party in parties:
        inv = investigations.get(party.case_id)
        if inv is None:
            findings.append(
                f"{party.case.reference}: concern received "
                f"{timezone.localtime(party.case.opened_at):%-d %B %Y}; not investigated."
            )
            continue
        done = f"completed {inv.completed_on:%-d %B %Y}" if inv.completed_on else "ongoing"
        upheld = (
            rules.FINDING_WORDS.get(inv.finding)
            or {
                True: "upheld",
                False: "not upheld",
                None: "no finding yet",
            }[inv.substantiated]
        )
        findings.append(
            f"{party.case.reference}: investigation started {inv.started_on:%-d %B %Y}, {done}; {upheld}."
            + (f" Findings: {inv.findings}" if inv.findings else "")
        )
    dbs = [
        f"DBS barring referral on {r.case.reference}: {r.status_label.lower()}"
        + (f", sent {r.sent_on:%-d %B %Y}" if r.sent_on else "")
        + (f", DBS reference {r.recipient_reference}" if r.recipient_reference else "")
        for r in Referral.objects.filter(
            case_id__in=case_ids, duty_code="DBS_BARRING_REFERRAL"
        ).select_related("case")
    ]
    concerns = [rules.Concern("case", p.case.opened_at.date(), disclosure.holder.ods_code) for p in parties]
    concerns += [
        rules.Concern("signal", on, disclosure.holder.ods_code)
        for on in WeakSignal.objects.filter(
            organisation=disclosure.holder, person__link__professional=disclosure.professional
        ).values_list("observed_on", flat=True)
    ]
    return {
        "findings": "\n".join(findings) or "We hold no investigation findings about this person.",
        "dbs_information": "\n".join(dbs) or "We have made no DBS barring referral about this person.",
        "pattern_summary": rules.pattern_summary(concerns),
    }


@dataclass(frozen=True)
class RegisterRow:
    staff_number: str
    esr_number: str
    name: str
    case_reference: str
    started_on: date
    completed_on: date | None
    outcome: str


def register_rows(organisation: Organisation, *, status: str = "", search: str = "") -> list[RegisterRow]:
    """Ongoing and completed investigations per member of staff: what ESR should hold."""
    parties = Party.objects.filter(
        case__organisation=organisation, role=PartyRole.SUBJECT, case__investigation__isnull=False
    ).select_related("person", "case__investigation", "case__outcome")
    if status == "ongoing":
        parties = parties.filter(case__investigation__completed_on__isnull=True)
    elif status == "completed":
        parties = parties.filter(case__investigation__completed_on__isnull=False)
    if search:
        term = search.strip()
        # A whole staff or ESR person number, through its keyed hash (the numbers are encrypted), or
        # a case reference.
        by_identifier = Q(person__staff_number_key=staff_number_key(term)) | Q(person__esr_key=esr_key(term))
        parties = parties.filter(by_identifier | Q(case__reference__iexact=term)) if term else parties
    rows = []
    for p in parties.order_by("-case__investigation__started_on", "id"):
        inv = p.case.investigation
        outcome = getattr(p.case, "outcome", None)
        rows.append(
            RegisterRow(
                staff_number=p.person.staff_number,
                esr_number=p.person.esr_number,
                name=p.person.name,
                case_reference=p.case.reference,
                started_on=inv.started_on,
                completed_on=inv.completed_on,
                outcome=outcome.get_kind_display()
                if outcome
                else ("" if inv.completed_on is None else "Awaiting outcome"),
            )
        )
    return rows
