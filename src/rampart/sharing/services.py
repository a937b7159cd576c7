"""Writes for information sharing: each checks the policy, runs in one transaction and records an
audit entry. No purpose, no search; a second case handler approves every disclosure. A request Rampart
refuses is a `core.errors.Refused`, its reason on the form field it belongs to where there is one."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rampart.cases import registration
from rampart.core import audit, policy, ratelimit, reminders
from rampart.core.crypto import keyed_hash
from rampart.core.errors import Refused
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation
from rampart.patterns.models import Professional
from rampart.sharing import rules, selectors
from rampart.sharing.models import Disclosure, DisclosureStatusChange, OnboardingCheck, SharingContact
from rampart.sharing.permissions import SharingAction

if TYPE_CHECKING:
    from rampart.accounts.models import User

CHECKS_PER_DAY = 20
DAY = 24 * 60 * 60


def _tell(organisation: Organisation, subject: str, body: str, *, also: User | None = None) -> None:
    """E-mail an organisation's case handlers (and `also`, the person who asked) after commit. Nothing
    about the person concerned goes in an e-mail: the reader signs in to see it."""
    from rampart.accounts.services import email_case_handlers

    transaction.on_commit(lambda: email_case_handlers(organisation, subject=subject, body=body, also=also))


class CheckLimitReached(Refused):
    """The user has run as many onboarding checks today as Rampart allows one person (the API: 429)."""


def set_contact(
    *, actor: User, organisation: Organisation, name: str, role: str, email: str, phone: str = ""
) -> SharingContact:
    policy.require(actor, SharingAction.MANAGE_SHARING_CONTACT, organisation)
    with transaction.atomic():
        contact, _ = SharingContact.objects.update_or_create(
            organisation=organisation,
            defaults={
                "name": name,
                "role": role,
                "email": email,
                "phone": phone,
                "updated_by": actor,
                "updated_at": timezone.now(),
            },
        )
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=contact, organisation=organisation)
    return contact


def _rate_key(actor: User) -> str:
    return f"sharing-check:{actor.pk}"


def run_onboarding_check(
    *,
    actor: User,
    organisation: Organisation,
    candidate_name: str,
    role: str,
    purpose: str,
    purpose_details: str,
    regulator: str = "",
    registration_number: str = "",
    esr_number: str = "",
    now: datetime | None = None,
) -> OnboardingCheck:
    """Search the installation for concerns held by OTHER organisations; categories only."""
    policy.require(actor, SharingAction.RUN_ONBOARDING_CHECK, organisation)
    now = now or timezone.now()
    if purpose not in set(rules.Purpose) or not purpose_details.strip():
        audit.record(
            actor=actor,
            action="sharing.check_refused",
            organisation=organisation,
            detail={"why": "no purpose"},
        )
        raise Refused(
            "Record why you are checking this person (the purpose and its details): no purpose, no search"
        )
    if registration_number:
        problem = registration.registration_problem(regulator, registration_number)
        identifier, identifier_field = registration.normalise(registration_number), "registration_number"
    else:
        problem = registration.esr_problem(esr_number)
        identifier, identifier_field = registration.normalise(esr_number), "esr_number"
    if problem:
        raise Refused.on_fields({identifier_field: problem})
    if ratelimit.count(_rate_key(actor), window_seconds=DAY, now=now) >= CHECKS_PER_DAY:
        audit.record(
            actor=actor, action="sharing.check_refused", organisation=organisation, detail={"why": "limit"}
        )
        hours = max(1, ratelimit.seconds_until_reset(window_seconds=DAY, now=now) // 3600)
        raise CheckLimitReached(
            f"You have run {CHECKS_PER_DAY} onboarding checks today, the most Rampart allows one person. "
            f"You can check again in about {hours} hours; a colleague can check meanwhile."
        )
    ratelimit.hit(_rate_key(actor), window_seconds=DAY, now=now)
    with transaction.atomic():
        professional = selectors.find_professional(
            regulator=regulator if registration_number else "",
            registration_number=registration_number,
            esr_number="" if registration_number else esr_number,
        )
        holders = (
            selectors.holders_elsewhere(professional, excluding_organisation=organisation)
            if professional
            else []
        )
        result = [
            {"organisation": h.organisation.ods_code, "categories": [str(c) for c in h.categories]}
            for h in holders
            if h.categories
        ]
        check = OnboardingCheck.objects.create(
            organisation=organisation,
            checked_by=actor,
            checked_at=now,
            regulator=regulator if registration_number else "ESR",
            identifier=identifier,
            identifier_key=keyed_hash(
                f"{regulator if registration_number else 'ESR'}:{identifier}",
                key=settings.RAMPART_INDEX_KEY,
                purpose="onboarding_check",
            ),
            candidate_name=candidate_name,
            role=role,
            purpose=purpose,
            purpose_details=purpose_details,
            professional=professional if result else None,
            result=result,
        )
        audit.record(
            actor=actor,
            action="sharing.onboarding_check",
            obj=check,
            organisation=organisation,
            detail={"purpose": purpose, "holders": len(result)},
        )
    return check


def _change(
    disclosure: Disclosure, *, actor: User, to: rules.Status, reason: str = "", now: datetime
) -> None:
    DisclosureStatusChange.objects.create(
        disclosure=disclosure, from_status=disclosure.status, to_status=to, reason=reason, actor=actor, at=now
    )
    disclosure.status = to
    _remind(disclosure, now)


_WAITING_FOR = {
    rules.Status.REQUESTED: "waiting to be prepared",
    rules.Status.SENT_BACK: "sent back and waiting to be prepared again",
    rules.Status.PREPARED: "waiting for a second case handler to approve it",
}


def _remind(disclosure: Disclosure, now: datetime) -> None:
    """Replace the disclosure's unsent reminder with one to the holder's case handlers for when its
    new status will have waited too long (`rules.reminder_due`); the sweeper sends it only if the
    status has not moved on by then. The preparer is not asked to approve their own work. The
    e-mail names the reference and the step, nobody and nothing else."""
    from rampart.accounts.services import case_handlers

    topic = f"disclosure:{disclosure.pk}"
    reminders.cancel_unsent(topic)
    status = rules.Status(disclosure.status)
    due_on = rules.reminder_due(status, timezone.localdate(now))
    if due_on is None:
        return
    preparer = disclosure.prepared_by_id if status is rules.Status.PREPARED else None
    reminders.schedule(
        topic=topic,
        recipients=[user for user in case_handlers(disclosure.holder) if user.pk != preparer],
        on=due_on,
        subject=f"Rampart: disclosure {disclosure.reference} is {_WAITING_FOR[status]}",
        body=(
            f"{disclosure.requester.name} is waiting for an answer. "
            "Sign in to Rampart and choose Sharing to see the request."
        ),
    )


def request_disclosure(
    *,
    actor: User,
    requester: Organisation,
    holder: Organisation,
    professional: Professional,
    purpose: str,
    purpose_details: str,
    basis_requested: str,
    onboarding_check: OnboardingCheck | None = None,
) -> Disclosure:
    policy.require(actor, SharingAction.REQUEST_DISCLOSURE, requester)
    if holder == requester:
        raise Refused("Your own organisation's records are on your own case pages")
    if not selectors.may_request_about(requester, professional):
        raise Refused("Run an onboarding check for this person first")
    if not purpose_details.strip():
        raise Refused.on_fields(
            {"purpose_details": "Say why you need this information: no purpose, no request"}
        )
    problem = rules.basis_problem(basis_requested, holder_kind=holder.kind)
    if problem:
        raise Refused.on_fields({"basis_requested": problem})
    now = timezone.now()
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            reference=f"tmp-{secrets.token_hex(7)}",  # replaced by DSC-… once the row has its id
            professional=professional,
            requester=requester,
            holder=holder,
            onboarding_check=onboarding_check,
            purpose=purpose,
            purpose_details=purpose_details,
            basis_requested=basis_requested,
            requested_by=actor,
            requested_at=now,
            status="",
        )
        disclosure.reference = f"DSC-{now:%Y}-{disclosure.pk:05d}"
        _change(disclosure, actor=actor, to=rules.Status.REQUESTED, now=now)
        disclosure.save(update_fields=["reference", "status"])
        for org in (requester, holder):
            audit.record(
                actor=actor,
                action="sharing.disclosure_requested",
                obj=disclosure,
                organisation=org,
                detail={"purpose": purpose, "basis": basis_requested, "holder": holder.ods_code},
            )
        _tell(
            holder,
            f"Rampart: {requester.name} asks you for a disclosure ({disclosure.reference})",
            f"{requester.name} has asked {holder.name} to share information "
            f"({disclosure.get_purpose_display().split(':')[0].lower()}). "
            "Sign in to Rampart and choose Sharing to prepare or decline it.",
        )
    return disclosure


def _step(disclosure: Disclosure, step: rules.Step, actor: User) -> None:
    action = (
        SharingAction.APPROVE_DISCLOSURE if step is rules.Step.APPROVE else SharingAction.PREPARE_DISCLOSURE
    )
    policy.require(actor, action, disclosure.holder)
    problem = rules.step_problem(
        step, rules.Status(disclosure.status), actor_id=actor.pk, preparer_id=disclosure.prepared_by_id
    )
    if problem:
        raise Refused(problem)


def prepare_disclosure(
    *,
    actor: User,
    disclosure: Disclosure,
    findings: str,
    dbs_information: str,
    pattern_summary: str,
    person_comments: str,
    person_told: str,
    person_told_on: date | None,
    not_told_reason: str,
    lawful_basis: str,
    special_category: bool | None,
    condition: str = "",
) -> Disclosure:
    """The holder's disclosure, with its lawful basis (UK GDPR Article 6) and, when it includes special
    category or criminal offence data, the Data Protection Act 2018 Schedule 1 condition."""
    _step(disclosure, rules.Step.PREPARE, actor)
    problems: dict[str | None, str] = {}
    problem = rules.basis_problem(lawful_basis, holder_kind=disclosure.holder.kind)
    if problem:
        problems["lawful_basis"] = problem
    condition_problem = rules.condition_problem(
        special_category, condition, holder_kind=disclosure.holder.kind
    )
    if condition_problem:
        problems[condition_problem[0]] = condition_problem[1]
    if problems:
        raise Refused.on_fields(problems)
    if not special_category:
        condition = ""
    told = rules.told_problem(person_told, person_told_on, not_told_reason, timezone.localdate())
    if told:
        raise Refused.on_fields({told[0]: told[1]})
    if person_told == rules.Told.TOLD:
        not_told_reason = ""
    else:
        person_told_on = None
    with transaction.atomic():
        disclosure.findings = findings
        disclosure.dbs_information = dbs_information
        disclosure.pattern_summary = pattern_summary
        disclosure.person_comments = person_comments
        disclosure.person_told = person_told
        disclosure.person_told_on = person_told_on
        disclosure.not_told_reason = not_told_reason
        disclosure.lawful_basis = lawful_basis
        disclosure.special_category = special_category
        disclosure.condition = condition
        disclosure.prepared_by = actor
        _change(disclosure, actor=actor, to=rules.Status.PREPARED, now=timezone.now())
        disclosure.save()
        audit.record(
            actor=actor,
            action="sharing.disclosure_prepared",
            obj=disclosure,
            organisation=disclosure.holder,
            detail={"basis": lawful_basis, "condition": condition, "person_told": person_told},
        )
    return disclosure


def approve_disclosure(*, actor: User, disclosure: Disclosure) -> Disclosure:
    _step(disclosure, rules.Step.APPROVE, actor)
    now = timezone.now()
    with transaction.atomic():
        disclosure.approved_by = actor
        disclosure.released_at = now
        _change(disclosure, actor=actor, to=rules.Status.RELEASED, now=now)
        disclosure.save()
        for org in (disclosure.holder, disclosure.requester):
            audit.record(
                actor=actor,
                action="sharing.disclosure_released",
                obj=disclosure,
                organisation=org,
                detail={"basis": disclosure.lawful_basis, "requester": disclosure.requester.ods_code},
            )
        _tell(
            disclosure.requester,
            f"Rampart: disclosure {disclosure.reference} from {disclosure.holder.name} is ready",
            f"{disclosure.holder.name} has released the disclosure you asked for. "
            "Sign in to Rampart and choose Sharing to read it.",
            also=disclosure.requested_by,
        )
    return disclosure


def _with_reason(*, actor: User, disclosure: Disclosure, reason: str, step: rules.Step) -> Disclosure:
    _step(disclosure, step, actor)
    if not reason.strip():
        raise Refused.on_fields({"reason": "Give your reasons"})
    with transaction.atomic():
        _change(disclosure, actor=actor, to=rules.RESULT[step], reason=reason, now=timezone.now())
        disclosure.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action=f"sharing.disclosure_{step.value}",
            obj=disclosure,
            organisation=disclosure.holder,
        )
    return disclosure


def send_back_disclosure(*, actor: User, disclosure: Disclosure, reason: str) -> Disclosure:
    return _with_reason(actor=actor, disclosure=disclosure, reason=reason, step=rules.Step.SEND_BACK)


def decline_disclosure(*, actor: User, disclosure: Disclosure, reason: str) -> Disclosure:
    with transaction.atomic():
        declined = _with_reason(actor=actor, disclosure=disclosure, reason=reason, step=rules.Step.DECLINE)
        _tell(
            disclosure.requester,
            f"Rampart: {disclosure.holder.name} declined disclosure request {disclosure.reference}",
            f"{disclosure.holder.name} has declined your request and given reasons. "
            "Sign in to Rampart and choose Sharing to read them, or contact them directly.",
            also=disclosure.requested_by,
        )
    return declined


def read_disclosure(*, actor: User, disclosure: Disclosure, what: str = "page") -> None:
    """The requester reads a released disclosure (or downloads its letter): recorded."""
    if disclosure.status != rules.Status.RELEASED:
        raise Refused("This disclosure has not been released")
    policy.require(actor, SharingAction.READ_DISCLOSURE, disclosure)
    audit.record(
        actor=actor,
        action=AuditAction.READ,
        obj=disclosure,
        organisation=disclosure.requester,
        detail={"what": what},
    )


def holder_reads_disclosure(*, actor: User, disclosure: Disclosure, what: str = "page") -> None:
    """The holder's case handlers read their side of a disclosure (the request, what they prepared,
    the letter): recorded against the holder, whatever its status."""
    policy.require(actor, SharingAction.PREPARE_DISCLOSURE, disclosure.holder)
    policy.require(actor, SharingAction.VIEW_DISCLOSURE, disclosure)
    audit.record(
        actor=actor,
        action=AuditAction.READ,
        obj=disclosure,
        organisation=disclosure.holder,
        detail={"what": what, "side": "holder"},
    )


def record_page_read(
    *,
    actor: User,
    action: policy.Action,
    organisation: Organisation,
    what: str,
    obj: Any = None,
    **detail: Any,
) -> None:
    """A sharing page that shows sensitive rows (the queues, the register, a check's result) was
    read: one entry per view, naming the list and its page or filter, never the rows' content."""
    policy.require(actor, action, organisation)
    audit.record(
        actor=actor,
        action=AuditAction.READ,
        obj=obj,
        organisation=organisation,
        detail={"what": what, **detail},
    )


def record_register_export(*, actor: User, organisation: Organisation, rows: int) -> None:
    policy.require(actor, SharingAction.VIEW_INVESTIGATIONS_REGISTER, organisation)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        organisation=organisation,
        detail={"what": "investigations register for ESR", "rows": rows},
    )
