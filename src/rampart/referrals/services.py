"""Writes to referral records. Each checks the policy, runs in one transaction, refuses a stale
version of the record (optimistic locking: `core.errors.Conflict`), and writes the audit log (and the
case timeline for what a handler did). A change that breaks a rule is a `core.errors.Refused`, each
reason on the form field it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rampart import duties
from rampart.cases.models import Case, CaseTeamMember, PartyRole, Person, TeamRole, TimelineEntry
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import duties_facts
from rampart.core import audit, policy, reminders
from rampart.core.errors import Refused
from rampart.core.locking import claim_version
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation, OrganisationKind
from rampart.referrals import rules
from rampart.referrals.models import (
    EvidenceTick,
    Notification,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
)

if TYPE_CHECKING:
    from rampart.accounts.models import User

__all__ = [
    "acknowledge_notification",
    "change_status",
    "follow_organisation",
    "keep_in_step",
    "record_packet_export",
    "sync_open_cases",
    "sync_referrals",
    "update_checklist",
]

ENGINE = "Rampart (duties engine)"


def _remind(referral: Referral, case: Case, actor: User | None) -> None:
    """One reminder per handler for the record's due date, replacing any unsent earlier one. The
    e-mail names the case reference and the duty, nothing else."""
    topic = f"referral:{referral.pk}"
    reminders.cancel_unsent(topic)
    if referral.due_on is None or referral.status != ReferralStatus.TO_DO:
        return
    handlers = [
        m.user for m in CaseTeamMember.objects.filter(case=case, role=TeamRole.HANDLER).select_related("user")
    ]
    if not handlers and actor is not None and policy.allowed(actor, CaseAction.EDIT_CASE, case):
        handlers = [actor]
    subject = f"{referral.name} due on {case.reference}"
    reminders.schedule(
        topic=topic,
        recipients=handlers,
        on=referral.due_on,
        subject=subject,
        body=f"{subject}. Sign in to Rampart to see the referral.",
    )


def sync_referrals(
    *, actor: User, case: Case, evaluated: Sequence[duties.Duty] | None = None
) -> list[Referral]:
    """Bring the case's referral records into step with what the duties engine finds now, for a
    caller outside a case write (`rampart sync-referrals`, a test): the policy's `VIEW_CASE` first.
    See `keep_in_step`."""
    policy.require(actor, CaseAction.VIEW_CASE, case)
    return keep_in_step(case=case, actor=actor, evaluated=evaluated)


def keep_in_step(
    *, case: Case, actor: User | None, evaluated: Sequence[duties.Duty] | None = None
) -> list[Referral]:
    """Bring the case's referral records into step with what the duties engine finds now.

    A new referral duty gets a record ("to do"). A record still to do follows the engine's due date
    and recipient. A record whose duty the engine no longer finds is kept and marked as no longer
    indicated: nothing a handler recorded, above all a referral already sent, is ever deleted.
    Writes nothing when nothing changed.

    Called inside every write to a case (`ReferralsConfig.case_changed`), so the records commit or
    roll back with the change that moved them; that write has checked the policy for what it does,
    and what is written here is derived, not decided (audited as the duties engine's). Never on a
    read: the case page and the API only show the records. `evaluated` is what the engine found
    for the case's current rows, for a caller that has just worked it out."""
    if evaluated is None:
        evaluated = duties.evaluate(duties_facts(case))
    found = {d.code: d for d in evaluated if d.code in rules.REFERRAL_CODES}
    with transaction.atomic():
        existing = {r.duty_code: r for r in Referral.objects.select_for_update().filter(case=case)}
        for code, duty in found.items():
            record = existing.get(code)
            if record is None:
                existing[code] = _open(case, duty, actor)
            else:
                _follow(record, case, duty, actor)
        for held, record in existing.items():
            if held not in found and record.indicated:
                Referral.objects.filter(pk=record.pk).update(indicated=False)
                record.indicated = False
                _engine_audit(case, record, "No longer indicated by the duties engine")
    return sorted(
        existing.values(), key=lambda r: list(rules.REFERRAL_CODES).index(duties.DutyCode(r.duty_code))
    )


def follow_organisation(*, organisation: Any) -> None:
    """Every open case of an organisation brought into step after a change to its settings, which the
    duties depend on (`ReferralsConfig.organisation_changed`, inside the change's transaction)."""
    from rampart.cases.workflow import State

    for case in Case.objects.filter(organisation=organisation).exclude(state=State.CLOSED):
        case.organisation = organisation
        keep_in_step(case=case, actor=None)


def sync_open_cases(*, batch: int = 500) -> int:
    """Every case not closed brought into step (`rampart sync-referrals`): once after an upgrade from
    the records being made when the case page was shown, and after a change to what the duties
    depend on made outside Rampart's services (an organisation's settings in the database, say).
    Each case in its own transaction; returns how many cases had records opened or changed."""
    from rampart.cases.workflow import State

    changed = 0
    open_cases = Case.objects.exclude(state=State.CLOSED).select_related("organisation").order_by("pk")
    last = 0
    while chunk := list(open_cases.filter(pk__gt=last)[:batch]):
        for case in chunk:
            before = _fingerprint(case)
            with transaction.atomic():
                keep_in_step(case=case, actor=None)
            changed += _fingerprint(case) != before
        last = chunk[-1].pk
    return changed


def _fingerprint(case: Case) -> set[tuple[Any, ...]]:
    """What a sync may change on a case's records, to count the cases it changed."""
    return set(
        Referral.objects.filter(case=case).values_list(
            "duty_code", "indicated", "duty_status", "recipient", "due_on"
        )
    )


def _open(case: Case, duty: duties.Duty, actor: User | None) -> Referral:
    now = timezone.now()
    record, created = Referral.objects.get_or_create(
        case=case,
        duty_code=duty.code.value,
        defaults={
            "duty_status": duty.status.value,
            "recipient": (duty.recipient or "")[:300],
            "due_on": duty.due,
            "changed_at": now,
        },
    )
    if created:
        ReferralStatusChange.objects.create(
            referral=record, to_status=ReferralStatus.TO_DO, at=now, reason=duty.reason
        )
        _remind(record, case, actor)
        _engine_audit(case, record, "Referral record opened by the duties engine", create=True)
    return record


def _follow(record: Referral, case: Case, duty: duties.Duty, actor: User | None) -> None:
    changes: dict[str, Any] = {}
    if not record.indicated:
        changes["indicated"] = True
    if record.duty_status != duty.status.value:
        changes["duty_status"] = duty.status.value
    if record.status == ReferralStatus.TO_DO:
        recipient = (duty.recipient or "")[:300]
        if recipient and recipient != record.recipient:
            changes["recipient"] = recipient
        if not record.due_set_by_handler and record.due_on != duty.due:
            changes["due_on"] = duty.due
    if not changes:
        return
    Referral.objects.filter(pk=record.pk).update(**changes)
    for name, value in changes.items():
        setattr(record, name, value)
    if "due_on" in changes:
        _remind(record, case, actor)
    _engine_audit(case, record, "Referral record updated by the duties engine", detail=_jsonable(changes))


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in changes.items()}


def _engine_audit(
    case: Case, record: Referral, what: str, *, create: bool = False, detail: dict[str, Any] | None = None
) -> None:
    audit.record(
        actor=None,
        actor_label=ENGINE,
        action=AuditAction.CREATE if create else AuditAction.UPDATE,
        obj=record,
        organisation=case.organisation,
        detail={"what": what, "duty": record.duty_code, **(detail or {})},
    )


def change_status(
    *,
    actor: User,
    referral: Referral,
    version: int | None,
    status: str,
    sent_on: date | None,
    recipient_reference: str,
    reason: str,
    due_on: date | None = None,
    asked: str = rules.Ask.FOR_INFORMATION,
) -> Referral:
    """Record that a referral was sent, acknowledged or is not needed (with a reason), or is to do
    again. A due date may be set only where the duty gives none. A commissioner or MDSIPS
    notification marked sent is delivered to its recipient's queue (`asked`: what the sender asks
    of them); its recipient, not the sender, then records the acknowledgement."""
    case = referral.case
    policy.require(actor, CaseAction.EDIT_CASE, case)
    to, was = rules.Status(status), rules.Status(referral.status)
    problems = rules.change_problems(
        to=to, sent_on=sent_on, reason=reason, today=timezone.localdate(), was=was
    )
    recipient = notification_recipient(referral)
    if recipient is not None and to is rules.Status.ACKNOWLEDGED and was is not to:
        problems["status"] = (
            f"{recipient.name} acknowledges this notification in Rampart: mark it sent and it is "
            "delivered to them"
        )
    if asked not in {a.value for a in rules.Ask}:
        problems["asked"] = "Select what you ask of the recipient"
    if problems:
        raise Refused(*problems.values(), fields=tuple(problems))  # each on its form field
    keeps_date = to in (rules.Status.SENT, rules.Status.ACKNOWLEDGED)
    now = timezone.now()
    with transaction.atomic():
        claim_version(referral, version)
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=was.value,
            to_status=to.value,
            sent_on=sent_on if keeps_date else None,
            recipient_reference=recipient_reference,
            reason=reason,
            at=now,
            actor=actor,
        )
        referral.status = to.value
        referral.sent_on = sent_on if keeps_date else None
        referral.recipient_reference = recipient_reference
        referral.reason = reason
        referral.changed_by, referral.changed_at = actor, now
        fields = ["status", "sent_on", "recipient_reference", "reason", "changed_by", "changed_at"]
        if not referral.due_set_by_handler and referral.due_on is None and due_on is not None:
            referral.due_on, referral.due_set_by_handler = due_on, True
            fields += ["due_on", "due_set_by_handler"]
        elif referral.due_set_by_handler and due_on != referral.due_on:
            referral.due_on = due_on
            referral.due_set_by_handler = due_on is not None
            fields += ["due_on", "due_set_by_handler"]
        referral.save(update_fields=fields)
        _remind(referral, case, actor)
        if recipient is not None and to is rules.Status.SENT and sent_on is not None:
            _deliver(referral, case, recipient, actor=actor, sent_on=sent_on, asked=rules.Ask(asked))
        what = f"{referral.name}: {rules.STATUS_LABELS[to].lower()}"
        TimelineEntry.objects.create(case=case, at=now, actor=actor, what=what[:200])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=referral,
            organisation=case.organisation,
            detail={"what": what, "duty": referral.duty_code, "from": was.value, "to": to.value},
        )
    return referral


def update_checklist(*, actor: User, referral: Referral, version: int | None, ticked: set[str]) -> None:
    """Tick the evidence gathered so far; items not in `ticked` are unticked."""
    case = referral.case
    policy.require(actor, CaseAction.EDIT_CASE, case)
    allowed = {item.code for item in referral.checklist()}
    unknown = ticked - allowed
    if unknown:
        raise Refused.on_fields({"ticked": "Select items from the checklist"})
    with transaction.atomic():
        claim_version(referral, version)
        before = set(referral.ticks.values_list("item", flat=True))
        referral.ticks.filter(item__in=before - ticked).delete()
        now = timezone.now()
        EvidenceTick.objects.bulk_create(
            EvidenceTick(referral=referral, item=code, ticked_by=actor, ticked_at=now)
            for code in sorted(ticked - before)
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=referral,
            organisation=case.organisation,
            detail={
                "what": "Evidence checklist updated",
                "ticked": sorted(ticked - before),
                "unticked": sorted(before - ticked),
            },
        )


def record_packet_export(*, actor: User, referral: Referral) -> None:
    """Downloading a referral packet takes case details out of Rampart: an export, audited."""
    case = referral.case
    policy.require(actor, CaseAction.EDIT_CASE, case)
    if referral.duty_code not in rules.PACKET_CODES:
        raise Refused.on_fields({"packet": "There is no referral packet for this duty"})
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=referral,
            organisation=case.organisation,
            detail={
                "what": f"{referral.name} packet (PDF)",
                "duty": referral.duty_code,
                "case": case.reference,
            },
        )


# --- Notifications delivered inside Rampart (docs/notifications.md) --------------------------------


def notification_recipient(referral: Referral) -> Organisation | None:
    """The organisation a notification record is delivered to when marked sent: the sender's ICB,
    or its region (the MDSIPS) for the MDSIPS duty and for a practice's performer; None for any
    other duty, or where the hierarchy has no such organisation."""
    if referral.duty_code not in rules.NOTIFICATION_CODES:
        return None
    org = referral.case.organisation
    subject = _subject(referral.case)
    performer = bool(subject and subject.on_performers_list)
    route = rules.notification_route(duty=referral.duty_code, sender_kind=org.kind, performer=performer)
    if route is None:
        return None
    icb = org.parent if org.parent is not None and org.parent.kind == OrganisationKind.ICB else None
    if route is rules.Route.ICB:
        return icb
    region = icb.parent if icb is not None else None
    return region if region is not None and region.kind == OrganisationKind.REGION else None


def _subject(case: Case) -> Person | None:
    party = case.parties.filter(role=PartyRole.SUBJECT).select_related("person").first()
    return party.person if party is not None else None


def _deliver(
    referral: Referral, case: Case, recipient: Organisation, *, actor: User, sent_on: date, asked: rules.Ask
) -> Notification:
    """Inside `change_status`: the notification in the recipient's queue, with the minimum data set
    as the case records it now (and nothing else), its chase date and reminders. A second
    notification duty on the same case for the same recipient (a performer's commissioner and MDSIPS
    notifications) joins the one already delivered."""
    existing = Notification.objects.select_for_update().filter(case=case, recipient=recipient).first()
    if existing is not None:
        if referral.duty_code not in existing.duties:
            existing.duties = [*existing.duties, referral.duty_code]
            existing.save(update_fields=["duties"])
        return existing
    subject = _subject(case)
    now = timezone.now()
    notification = Notification.objects.create(
        referral=referral,
        case=case,
        duties=[referral.duty_code],
        sender=case.organisation,
        recipient=recipient,
        case_reference=case.reference,
        sent_on=sent_on,
        subject_role=subject.role if subject else "",
        subject_regulator=subject.regulator if subject else "",
        subject_registration_number=subject.registration_number if subject else "",
        on_performers_list=bool(subject and subject.on_performers_list),
        categories=list(case.categories or []),
        sexual_dimension=case.sexual_dimension or "",
        asked=asked.value,
        delivered_at=now,
        chase_on=rules.chase_on(timezone.localdate()),
    )
    _chase(notification, case, actor)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=notification,
        organisation=recipient,
        detail={
            "what": "Notification delivered",
            "from": case.organisation.ods_code,
            "duty": referral.duty_code,
        },
    )
    return notification


def recipient_staff(recipient: Organisation) -> list[User]:
    """Who works the recipient's queue (`rules.RECIPIENT_ROLES`)."""
    from rampart.accounts.models import User

    role = rules.RECIPIENT_ROLES.get(recipient.kind)
    if role is None:
        return []
    return list(
        User.objects.filter(memberships__organisation=recipient, memberships__role=role, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _chase(notification: Notification, case: Case, actor: User) -> None:
    """On the chase date, if still not acknowledged: the recipient's staff and the sender's handlers
    are reminded. The e-mails name the case reference only; the reader signs in to see the rest."""
    topic = f"notification:{notification.pk}"
    reminders.schedule(
        topic=topic,
        recipients=recipient_staff(notification.recipient),
        on=notification.chase_on,
        subject=f"Notification {notification.case_reference} not yet acknowledged",
        body=(
            f"A notification from {case.organisation.name} ({notification.case_reference}) is not "
            "yet acknowledged. Sign in to Rampart to see it."
        ),
    )
    handlers = [
        m.user for m in CaseTeamMember.objects.filter(case=case, role=TeamRole.HANDLER).select_related("user")
    ] or [actor]
    reminders.schedule(
        topic=topic,
        recipients=handlers,
        on=notification.chase_on,
        subject=f"Your notification on {case.reference} is not yet acknowledged",
        body=(
            f"{notification.recipient.name} has not yet acknowledged the notification on "
            f"{case.reference}. Sign in to Rampart to see the referral record."
        ),
    )


def acknowledge_notification(
    *, actor: User, notification: Notification, acknowledged_on: date | None
) -> None:
    """The recipient acknowledges a notification (the policy's `RECEIVE_NOTIFICATIONS` at the
    recipient): dated, audited, the reminders not yet sent cancelled, and each of the sender's
    referral records it answers shown as acknowledged (a status change made by the recipient)."""
    from rampart.referrals.permissions import ReferralAction

    policy.require(actor, ReferralAction.RECEIVE_NOTIFICATIONS, notification)
    problems = rules.acknowledgement_problems(
        acknowledged_on=acknowledged_on, sent_on=notification.sent_on, today=timezone.localdate()
    )
    now = timezone.now()
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.acknowledged_on is not None:
            problems["acknowledged_on"] = "This notification has already been acknowledged"
        if problems:
            raise Refused(*problems.values(), fields=tuple(problems))
        assert acknowledged_on is not None  # checked by acknowledgement_problems
        locked.acknowledged_on, locked.acknowledged_by, locked.acknowledged_at = acknowledged_on, actor, now
        locked.save(update_fields=["acknowledged_on", "acknowledged_by", "acknowledged_at"])
        notification.acknowledged_on, notification.acknowledged_by = acknowledged_on, actor
        notification.acknowledged_at = now
        reminders.cancel_unsent(f"notification:{locked.pk}")
        records = Referral.objects.select_for_update().filter(
            case_id=locked.case_id, duty_code__in=locked.duties, status=ReferralStatus.SENT
        )
        for record in records:
            ReferralStatusChange.objects.create(
                referral=record,
                from_status=record.status,
                to_status=ReferralStatus.ACKNOWLEDGED,
                sent_on=record.sent_on,
                recipient_reference=record.recipient_reference,
                reason="",
                at=now,
                actor=actor,
            )
            Referral.objects.filter(pk=record.pk).update(
                status=ReferralStatus.ACKNOWLEDGED, changed_by=actor, changed_at=now, version=F("version") + 1
            )
            TimelineEntry.objects.create(
                case_id=locked.case_id,
                at=now,
                actor=actor,
                what=f"{record.name}: acknowledged by {locked.recipient.name}"[:200],
            )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            organisation=locked.recipient,
            detail={"what": "Notification acknowledged", "acknowledged_on": acknowledged_on.isoformat()},
        )
