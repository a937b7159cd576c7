"""Cumulative patterns: link people to professionals, record weak signals, raise and review pattern
alerts. Every write is one transaction with its audit entry; e-mails go after commit and say nothing
about who the alert is about."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from rampart.cases import services as cases
from rampart.cases.identifiers import esr_key, registration_key, staff_number_key
from rampart.cases.models import Case, Party, PartyRole, Person, PersonKind
from rampart.cases.registration import esr_problem, normalise, registration_problem
from rampart.core import audit, policy
from rampart.core.errors import Refused
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation
from rampart.patterns import matching, thresholds
from rampart.patterns.models import (
    AlertStatus,
    CandidateStatus,
    LinkMethod,
    MatchCandidate,
    PatternAlert,
    PatternDecision,
    PatternDecisionKind,
    PersonLink,
    Professional,
    SignalKind,
    WeakSignal,
)
from rampart.patterns.permissions import PatternAction

if TYPE_CHECKING:
    from rampart.accounts.models import User


# --- linking -------------------------------------------------------------------------------------


def identity_of(person: Person) -> matching.Identity:
    return matching.Identity(
        name=person.name,
        date_of_birth=person.date_of_birth,
        regulator=person.regulator,
        registration_number=person.registration_number,
        esr_number=person.esr_number,
        staff_number=person.staff_number,
        employer=str(person.organisation_id),
        account=str(person.user_id or ""),
    )


def _professional_identity(professional: Professional) -> matching.Identity:
    return matching.Identity(
        regulator=professional.regulator,
        registration_number=professional.registration_number,
        esr_number=professional.esr_number,
    )


def _exact_professional(person: Person) -> tuple[Professional, str] | None:
    """The professional an exact identifier names, unless another identifier contradicts it."""
    found: list[tuple[Professional | None, str]] = []
    if person.regulator and person.registration_number:
        found.append(
            (
                Professional.objects.filter(
                    registration_key=registration_key(person.regulator, person.registration_number)
                ).first(),
                LinkMethod.REGISTRATION,
            )
        )
    if person.esr_number:
        found.append(
            (Professional.objects.filter(esr_key=esr_key(person.esr_number)).first(), LinkMethod.ESR)
        )
    if person.staff_number:
        # Through the staff number's keyed hash (ignoring case and spaces), within the one employer.
        link = (
            PersonLink.objects.filter(
                person__organisation_id=person.organisation_id,
                person__staff_number_key=staff_number_key(person.staff_number),
            )
            .exclude(person=person)
            .select_related("professional")
            .first()
        )
        found.append((link.professional if link else None, LinkMethod.STAFF_NUMBER))
    if person.user_id:
        link = (
            PersonLink.objects.filter(person__user_id=person.user_id)
            .exclude(person=person)
            .select_related("professional")
            .first()
        )
        found.append((link.professional if link else None, LinkMethod.ACCOUNT))
    mine = identity_of(person)
    for professional, method in found:
        if professional is not None and (
            matching.assess(mine, _professional_identity(professional)).verdict
            is not matching.Verdict.CONFLICT
        ):
            return professional, method
    return None


def _fill_identifiers(professional: Professional, person: Person) -> None:
    """A professional learns identifiers it did not yet hold (never overwrites one)."""
    changed = []
    if person.regulator and person.registration_number and not professional.registration_number:
        number = normalise(person.registration_number)
        if not Professional.objects.filter(
            registration_key=registration_key(person.regulator, number)
        ).exists():
            professional.regulator, professional.registration_number = person.regulator, number
            changed += ["regulator", "registration_number", "registration_key"]
    if person.esr_number and not professional.esr_number:
        number = normalise(person.esr_number)
        if not Professional.objects.filter(esr_key=esr_key(number)).exists():
            professional.esr_number = number
            changed += ["esr_number", "esr_key"]
    if changed:
        professional.save(update_fields=changed)


def link_person(person: Person) -> PersonLink:
    """Join the person to the professional an exact identifier names, or start a new professional;
    then list uncertain name + date-of-birth matches for a case handler, and re-assess patterns."""
    with transaction.atomic():
        existing = PersonLink.objects.filter(person=person).select_related("professional").first()
        if existing is not None:
            return existing
        exact = _exact_professional(person)
        if exact is not None:
            professional, method = exact
        else:
            professional, method = Professional.objects.create(created_at=timezone.now()), LinkMethod.NEW
        _fill_identifiers(professional, person)
        link = PersonLink.objects.create(
            person=person, professional=professional, method=method, linked_at=timezone.now()
        )
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            obj=link,
            organisation=person.organisation,
            actor_label="rampart",
            detail={"method": method, "professional": professional.pk},
        )
        find_candidates(person, professional)
        assess_patterns(professional)
    return link


def find_candidates(person: Person, professional: Professional) -> list[MatchCandidate]:
    """People born on the same day (found by the keyed birth_key, so no date is readable in the
    database) whose names are alike: asked about, never linked."""
    if not person.birth_key:
        return []
    others = (
        Person.objects.filter(birth_key=person.birth_key, link__isnull=False)
        .exclude(pk=person.pk)
        .exclude(link__professional=professional)
        .select_related("link__professional")
    )
    mine = identity_of(person)
    best: dict[int, matching.Assessment] = {}
    for other in others:
        theirs = identity_of(other)
        pro = other.link.professional
        merged = matching.Identity(
            name=theirs.name,
            date_of_birth=theirs.date_of_birth,
            regulator=pro.regulator or theirs.regulator,
            registration_number=pro.registration_number or theirs.registration_number,
            esr_number=pro.esr_number or theirs.esr_number,
        )
        verdict = matching.assess(mine, merged)
        if verdict.verdict is matching.Verdict.UNCERTAIN and verdict.score > getattr(
            best.get(pro.pk), "score", -1.0
        ):
            best[pro.pk] = verdict
    created = []
    for pro_pk, verdict in best.items():
        candidate, made = MatchCandidate.objects.get_or_create(
            person=person,
            professional_id=pro_pk,
            defaults={"score": verdict.score, "reasons": list(verdict.reasons), "found_at": timezone.now()},
        )
        if made:
            created.append(candidate)
    return created


def confirm_match(*, actor: User, candidate: MatchCandidate) -> PersonLink:
    """A case handler says these are the same person: the person's professional record joins the
    candidate's (every record linked to it comes along)."""
    policy.require(actor, PatternAction.CONFIRM_MATCH, candidate.person.organisation)
    with transaction.atomic():
        locked = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.status != CandidateStatus.PENDING:
            raise ValueError("This possible match has already been decided")
        target = locked.professional
        link = PersonLink.objects.select_related("professional").get(person=locked.person)
        old = link.professional
        if old.pk != target.pk:
            moved = list(PersonLink.objects.filter(professional=old).select_related("person"))
            PersonLink.objects.filter(professional=old).update(professional=target)
            _remove_if_unused(old)
            for moved_link in moved:
                _fill_identifiers(target, moved_link.person)
        PersonLink.objects.filter(pk=link.pk).update(
            method=LinkMethod.CONFIRMED, confirmed_by=actor, linked_at=timezone.now()
        )
        MatchCandidate.objects.filter(pk=locked.pk).update(
            status=CandidateStatus.CONFIRMED, decided_by=actor, decided_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            organisation=locked.person.organisation,
            detail={"status": CandidateStatus.CONFIRMED, "professional": target.pk},
        )
        assess_patterns(target)
    link.refresh_from_db()
    return link


def _remove_if_unused(professional: Professional) -> None:
    """An emptied professional record goes, unless something (an alert, a disclosure) still names it."""
    try:
        with transaction.atomic():
            MatchCandidate.objects.filter(professional=professional).delete()
            professional.delete()
    except ProtectedError:
        pass


def reject_match(*, actor: User, candidate: MatchCandidate) -> None:
    """Different people: kept, so the same pair is never asked about again."""
    policy.require(actor, PatternAction.CONFIRM_MATCH, candidate.person.organisation)
    with transaction.atomic():
        updated = MatchCandidate.objects.filter(pk=candidate.pk, status=CandidateStatus.PENDING).update(
            status=CandidateStatus.REJECTED, decided_by=actor, decided_at=timezone.now()
        )
        if not updated:
            raise ValueError("This possible match has already been decided")
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=candidate,
            organisation=candidate.person.organisation,
            detail={"status": CandidateStatus.REJECTED},
        )


def person_recorded(*, person: Person, party: Party | None = None) -> None:
    """The cases app's hook (after commit): subjects of concern are linked; others are not."""
    if party is None or party.role == PartyRole.SUBJECT:
        link_person(person)


# --- weak signals --------------------------------------------------------------------------------


def _check_signal(answers: dict[str, Any]) -> dict[str, str]:
    problems = {}
    if not answers.get("name", "").strip():
        problems["name"] = "Enter the name of the person you are worried about"
    if answers.get("registration_number"):
        problem = registration_problem(answers.get("regulator", ""), answers["registration_number"])
        if problem:
            problems["registration_number"] = problem
    if not answers.get("kinds"):
        problems["kinds"] = "Select what kind of worry it is"
    elif not set(answers["kinds"]) <= set(SignalKind.values):
        problems["kinds"] = "Select what kind of worry it is from the list"
    if not answers.get("description", "").strip():
        problems["description"] = "Say what happened"
    observed = answers.get("observed_on")
    if not isinstance(observed, date):
        problems["observed_on"] = "Enter the date it happened"
    elif observed > timezone.localdate():
        problems["observed_on"] = "The date must be today or in the past"
    if answers.get("esr_number") and esr_problem(answers["esr_number"]):
        problems["esr_number"] = esr_problem(answers["esr_number"]) or ""
    return problems


def _as_recorded_by_rampart(answers: dict[str, Any]) -> dict[str, Any]:
    """A signal Rampart records from a chaperone concern or an access alert must never stop that
    concern being raised: fill what a person would have been asked to correct."""
    observed = answers.get("observed_on")
    today = timezone.localdate()
    return {
        **answers,
        "name": answers.get("name", "").strip() or "Not named",
        "description": answers.get("description", "").strip() or "(no details given)",
        "observed_on": min(observed, today) if isinstance(observed, date) else today,
    }


def record_weak_signal(
    *, actor: User | None, organisation: Organisation, answers: dict[str, Any], source: str = ""
) -> WeakSignal:
    """A below-threshold worry about a colleague: confidential to the organisation's case handlers.
    `actor` is None when Rampart records it from a chaperone concern or an access alert."""
    if actor is not None:
        policy.require(actor, PatternAction.RECORD_WEAK_SIGNAL, organisation)
    else:
        answers = _as_recorded_by_rampart(answers)
    problems = _check_signal(answers)
    if problems:
        raise Refused(*problems.values(), fields=list(problems))
    with transaction.atomic():
        details = cases.PersonDetails(
            kind=PersonKind.STAFF,
            name=answers["name"].strip(),
            profession=answers.get("role", "").strip()[:40],
            staff_number=answers.get("staff_number", "").strip()[:30],
            regulator=answers.get("regulator", "") if answers.get("registration_number") else "",
            registration_number=answers.get("registration_number", ""),
            esr_number=answers.get("esr_number", ""),
            date_of_birth=answers.get("date_of_birth") or "",
            user=answers.get("user"),
        )
        person = cases.record_person(organisation=organisation, details=details)
        signal = WeakSignal.objects.create(
            organisation=organisation,
            person=person,
            kinds=list(answers["kinds"]),
            description=answers["description"].strip(),
            observed_on=answers["observed_on"],
            recorded_at=timezone.now(),
            recorded_by=actor,
            source=source[:120],
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=signal,
            organisation=organisation,
            actor_label="" if actor is not None else "rampart",
            detail={"kinds": signal.kinds, "source": signal.source},
        )
        link_person(person)
    return signal


def read_signal(*, actor: User, signal: WeakSignal) -> str:
    """A signal's words, for its organisation's case handlers only; every read is recorded."""
    policy.require(actor, PatternAction.VIEW_PATTERNS, signal.organisation)
    audit.record(actor=actor, action=AuditAction.READ, obj=signal, organisation=signal.organisation)
    return str(signal.description)


# --- pattern alerts ------------------------------------------------------------------------------


def current_thresholds() -> thresholds.Thresholds:
    return thresholds.Thresholds(
        window_months=settings.RAMPART_PATTERN_WINDOW_MONTHS, min_items=settings.RAMPART_PATTERN_MIN_ITEMS
    )


def items_of(professional: Professional) -> list[thresholds.Item]:
    """Cases where a person linked to the professional is a subject of concern, and weak signals."""
    cases = (
        Case.objects.filter(parties__role=PartyRole.SUBJECT, parties__person__link__professional=professional)
        .distinct()
        .values_list("pk", "organisation_id", "opened_at", "state")
    )
    signals = WeakSignal.objects.filter(person__link__professional=professional).values_list(
        "pk", "organisation_id", "recorded_at"
    )
    items = [
        thresholds.Item("case", pk, org, timezone.localtime(at).date(), open=state != "closed")
        for pk, org, at, state in cases
    ]
    items += [thresholds.Item("signal", pk, org, timezone.localtime(at).date()) for pk, org, at in signals]
    return items


def assess_patterns(professional: Professional, *, today: date | None = None) -> list[PatternAlert]:
    """Raise one alert for each organisation involved when the record crosses a threshold; the same
    set of items never raises a second alert."""
    today = today or timezone.localdate()
    limits = current_thresholds()
    items = items_of(professional)
    reasons = thresholds.reasons(items, today=today, thresholds=limits)
    if not reasons:
        return []
    counted = thresholds.in_window(items, today=today, thresholds=limits)
    key = thresholds.items_key(counted)
    snapshot = [
        {"kind": i.kind, "id": i.id, "organisation": i.organisation, "on": i.on.isoformat(), "open": i.open}
        for i in counted
    ]
    raised = []
    for org_id in sorted({i.organisation for i in counted}):
        alert, created = PatternAlert.objects.get_or_create(
            professional=professional,
            organisation_id=org_id,
            items_key=key,
            defaults={"raised_at": timezone.now(), "reasons": [str(r) for r in reasons], "items": snapshot},
        )
        if created:
            # The newest alert carries every item, so an older one still open is replaced, not
            # left beside it: a handler reviews the whole pattern once.
            PatternAlert.objects.filter(
                professional=professional, organisation_id=org_id, status=AlertStatus.OPEN
            ).exclude(pk=alert.pk).update(status=AlertStatus.SUPERSEDED)
            audit.record(
                actor=None,
                action=AuditAction.CREATE,
                obj=alert,
                organisation=alert.organisation,
                actor_label="rampart",
                detail={"reasons": alert.reasons, "items": len(snapshot)},
            )
            transaction.on_commit(partial(_notify_handlers, alert.pk))
            raised.append(alert)
    return raised


def _notify_handlers(alert_id: int) -> None:
    from rampart.accounts.services import email_case_handlers

    alert = PatternAlert.objects.select_related("organisation").get(pk=alert_id)
    # Nothing about the person in e-mail: handlers sign in to see the alert.
    email_case_handlers(
        alert.organisation,
        subject="Rampart: a pattern alert to review",
        body=f"A pattern of concerns has been found that involves {alert.organisation.name}. "
        "Sign in to Rampart and choose Patterns to review it.",
    )


def record_decision(*, actor: User, alert: PatternAlert, decision: str, reasons: str) -> PatternDecision:
    policy.require(actor, PatternAction.REVIEW_PATTERN_ALERT, alert.organisation)
    problems = {}
    if decision not in PatternDecisionKind.values:
        problems["decision"] = "Select your decision"
    if not reasons.strip():
        problems["reasons"] = "Give the reasons for your decision"
    if problems:
        raise Refused(*problems.values(), fields=list(problems))
    with transaction.atomic():
        made = PatternDecision.objects.create(
            alert=alert,
            decision=decision,
            reasons=reasons.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        PatternAlert.objects.filter(pk=alert.pk).update(status=AlertStatus.REVIEWED)
        alert.status = AlertStatus.REVIEWED
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=alert,
            organisation=alert.organisation,
            detail={"decision": decision, "status": AlertStatus.REVIEWED},
        )
    return made
