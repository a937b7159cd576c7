"""Reads for the patterns pages, always scoped to one organisation the caller has been allowed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from rampart.cases.models import Case, Person
from rampart.cases.permissions import CaseAction
from rampart.core import policy
from rampart.organisations.models import Organisation
from rampart.patterns.models import (
    AlertStatus,
    CandidateStatus,
    MatchCandidate,
    PatternAlert,
    PersonLink,
    WeakSignal,
)

if TYPE_CHECKING:
    from rampart.accounts.models import User

# Nobody sees weak signals, alerts or possible matches about themself, whatever roles they hold: not
# about a person linked to their account (cases.linking), nor about the professional that person is.


def _their_professionals(viewer: User) -> QuerySet[PersonLink, Any]:
    return PersonLink.objects.filter(person__user=viewer.pk).values("professional_id")


def _their_people(
    viewer: User,
) -> tuple[QuerySet[Person, Any], QuerySet[PersonLink, Any]]:
    """The people linked to the viewer's account, and every person linked to the same professionals."""
    linked = Person.objects.filter(user=viewer.pk).values("pk")
    same = PersonLink.objects.filter(professional__in=_their_professionals(viewer)).values("person_id")
    return linked, same


def _signed_in(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False) and viewer.pk is not None)


def _signals(viewer: Any) -> QuerySet[WeakSignal]:
    if not _signed_in(viewer):
        return WeakSignal.objects.none()
    linked, same = _their_people(viewer)
    return WeakSignal.objects.exclude(person__in=linked).exclude(person__in=same)


def _alerts(viewer: Any) -> QuerySet[PatternAlert]:
    if not _signed_in(viewer):
        return PatternAlert.objects.none()
    return PatternAlert.objects.exclude(professional__in=_their_professionals(viewer))


def _candidates(viewer: Any) -> QuerySet[MatchCandidate]:
    if not _signed_in(viewer):
        return MatchCandidate.objects.none()
    linked, same = _their_people(viewer)
    return (
        MatchCandidate.objects.exclude(person__in=linked)
        .exclude(person__in=same)
        .exclude(professional__in=_their_professionals(viewer))
    )


def about_user(user: User, obj: WeakSignal | PatternAlert | MatchCandidate) -> bool:
    """For the policy: whether a weak signal, pattern alert or possible match is about the user."""
    found = {WeakSignal: _signals, PatternAlert: _alerts, MatchCandidate: _candidates}[type(obj)](user)
    return not found.filter(pk=obj.pk).exists()


def open_alerts(org: Organisation, *, viewer: Any) -> QuerySet[PatternAlert]:
    return _alerts(viewer).filter(organisation=org, status=AlertStatus.OPEN)


def alerts(org: Organisation, *, viewer: Any) -> QuerySet[PatternAlert]:
    return _alerts(viewer).filter(organisation=org)


def who(alert: PatternAlert) -> str:
    """Who an alert is about, in the handler's own organisation's words: the name their own record
    holds, and the registration number when there is one."""
    return open_alerts_named([alert])[0][1]


def open_alerts_named(alerts: list[PatternAlert]) -> list[tuple[PatternAlert, str]]:
    """Each alert with who it is about (see `who`), in one query however many alerts there are."""
    wanted = {(a.professional_id, a.organisation_id) for a in alerts}
    names: dict[tuple[int, int], str] = {}
    links = (
        PersonLink.objects.filter(professional__in={p for p, _ in wanted})
        .select_related("person")
        .order_by("pk")
    )
    for link in links:
        key = (link.professional_id, link.person.organisation_id)
        if key in wanted and key not in names:
            names[key] = link.person.name
    named = []
    for alert in alerts:
        name = names.get(
            (alert.professional_id, alert.organisation_id), "A person your organisation holds a record of"
        )
        professional = alert.professional
        if professional.registration_number:
            name = f"{name} ({professional.regulator} {professional.registration_number})"
        named.append((alert, name))
    return named


def newer_alert(alert: PatternAlert) -> PatternAlert | None:
    """For a superseded alert: the latest alert about the same person at the same organisation."""
    if alert.status != AlertStatus.SUPERSEDED:
        return None
    return (
        PatternAlert.objects.filter(professional=alert.professional_id, organisation=alert.organisation_id)
        .exclude(pk=alert.pk)
        .order_by("-raised_at", "-pk")
        .first()
    )


def pending_candidates(org: Organisation, *, viewer: Any) -> QuerySet[MatchCandidate]:
    return (
        _candidates(viewer)
        .filter(person__organisation=org, status=CandidateStatus.PENDING)
        .select_related("person")
    )


def recent_signals(org: Organisation, *, viewer: Any, limit: int = 20) -> list[WeakSignal]:
    return list(_signals(viewer).filter(organisation=org).select_related("person")[:limit])


def signal_for(org: Organisation, pk: int, *, viewer: Any) -> WeakSignal | None:
    return _signals(viewer).filter(organisation=org, pk=pk).select_related("person", "organisation").first()


def alert_for(org: Organisation, pk: int, *, viewer: Any) -> PatternAlert | None:
    return _alerts(viewer).filter(organisation=org, pk=pk).select_related("organisation").first()


def candidate_for(org: Organisation, pk: int, *, viewer: Any) -> MatchCandidate | None:
    return _candidates(viewer).filter(person__organisation=org, pk=pk).select_related("person").first()


@dataclass
class OwnItem:
    kind: str
    on: str
    case: Case | None = None
    case_visible: bool = False
    signal: WeakSignal | None = None


@dataclass
class ElsewhereSummary:
    organisation: Organisation
    cases: int = 0
    signals: int = 0
    professional: int = 0

    @property
    def wording(self) -> str:
        parts = []
        if self.cases:
            parts.append(f"{self.cases} concern{'s' if self.cases != 1 else ''}")
        if self.signals:
            parts.append(f"{self.signals} signal{'s' if self.signals != 1 else ''}")
        return f"{self.organisation.name} holds {' and '.join(parts)} about this person"


@dataclass
class AlertItems:
    own: list[OwnItem] = field(default_factory=list)
    elsewhere: list[ElsewhereSummary] = field(default_factory=list)


def alert_items(user: User, alert: PatternAlert) -> AlertItems:
    """What this handler may see of the alert's items: their own organisation's items (a case only if
    the policy lets them see it), and for other organisations only how many items each holds."""
    result = AlertItems()
    own_case_ids = [
        i["id"] for i in alert.items if i["kind"] == "case" and i["organisation"] == alert.organisation_id
    ]
    own_signal_ids = [
        i["id"] for i in alert.items if i["kind"] == "signal" and i["organisation"] == alert.organisation_id
    ]
    cases = Case.objects.in_bulk(own_case_ids)
    signals = WeakSignal.objects.filter(organisation_id=alert.organisation_id).in_bulk(own_signal_ids)
    others: dict[int, ElsewhereSummary] = {}
    other_orgs = Organisation.objects.in_bulk(
        {i["organisation"] for i in alert.items if i["organisation"] != alert.organisation_id}
    )
    for item in alert.items:
        if item["organisation"] == alert.organisation_id:
            if item["kind"] == "case" and item["id"] in cases:
                case = cases[item["id"]]
                result.own.append(
                    OwnItem("case", item["on"], case, policy.allowed(user, CaseAction.VIEW_CASE, case))
                )
            elif item["kind"] == "signal" and item["id"] in signals:
                result.own.append(OwnItem("signal", item["on"], signal=signals[item["id"]]))
            continue
        org = other_orgs.get(item["organisation"])
        if org is None:
            continue
        summary = others.setdefault(org.pk, ElsewhereSummary(org, professional=alert.professional_id))
        if item["kind"] == "case":
            summary.cases += 1
        else:
            summary.signals += 1
    result.elsewhere = sorted(others.values(), key=lambda s: s.organisation.name)
    return result


@dataclass
class OtherRecord:
    organisation: Organisation
    person: Person | None  # only for the handler's own organisation


def candidate_records(candidate: MatchCandidate) -> list[OtherRecord]:
    """The records already linked to the candidate professional: in full for the handler's own
    organisation (the person's), otherwise only which organisation holds a record."""
    links = PersonLink.objects.filter(professional=candidate.professional).select_related(
        "person", "person__organisation"
    )
    own = candidate.person.organisation_id
    return [
        OtherRecord(link.person.organisation, link.person if link.person.organisation_id == own else None)
        for link in links
    ]
