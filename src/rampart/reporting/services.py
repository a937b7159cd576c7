"""Writes for reporting: drafts, submission, the anonymous inbox and the case team's replies.

Each public write runs in one transaction; a report is committed before the reporter is told it was
received. Nothing here stores an IP address, user agent or session identifier.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rampart.core import audit, ratelimit
from rampart.core.crypto import keyed_hash
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation
from rampart.reporting import codes, journey
from rampart.reporting.models import (
    Anonymity,
    Attachment,
    Message,
    Receipt,
    Report,
    ReportDraft,
    ReportStatus,
    ReportStatusChange,
    Sender,
    SupportService,
)

DRAFT_LIFETIME = timedelta(hours=2)
# Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): slow enough that a stolen
# table cannot be searched for 10^16 codes, cheap enough for a busy reporting service on 2 cores.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# A hash of a random code nobody holds: checked when no receipt matches, so a wrong code costs as
# much time as a right one.
_DECOY_HASH = _hasher.hash(codes.new_receipt_code())
# Wrong receipt codes: across the whole service per 10 minutes, and per browser (a hashed cookie).
INBOX_WINDOW = 600
INBOX_GLOBAL_LIMIT = 200
INBOX_BROWSER_LIMIT = 5


class RateLimited(Exception):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"try again in {seconds} seconds")
        self.seconds = seconds


# --- drafts -----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_for(token: str | None) -> ReportDraft | None:
    if not token:
        return None
    cutoff = timezone.now() - DRAFT_LIFETIME
    return ReportDraft.objects.filter(token_hash=_token_hash(token), updated_at__gte=cutoff).first()


def start_draft() -> tuple[ReportDraft, str]:
    token = secrets.token_urlsafe(32)
    draft = ReportDraft.objects.create(token_hash=_token_hash(token), answers="{}", updated_at=timezone.now())
    return draft, token


def answers_of(draft: ReportDraft | None) -> dict[str, Any]:
    return json.loads(draft.answers) if draft else {}


def save_answers(draft: ReportDraft, changes: dict[str, Any]) -> dict[str, Any]:
    answers = journey.without_identity({**answers_of(draft), **changes})
    draft.answers = json.dumps(answers, default=str)
    draft.updated_at = timezone.now()
    draft.save(update_fields=["answers", "updated_at"])
    return answers


def sweep_drafts(now: Any = None) -> int:
    """Delete drafts nobody finished (and their attachments) after two hours."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    return ReportDraft.objects.filter(updated_at__lt=cutoff).delete()[0]


# --- submission --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt_code: str | None


def receipt_lookup(code: str) -> str:
    return keyed_hash(code, key=settings.RAMPART_INDEX_KEY, purpose="receipt")


class NotReady(Exception):
    """The answers are incomplete; `missing` names what is needed."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def submit_report(
    answers: dict[str, Any],
    *,
    draft: ReportDraft | None = None,
    reference: str | None = None,
    receipt_code: str | None = None,
) -> Submitted:
    """Turn complete answers into a report in one transaction: the report, its first status, a
    receipt for an anonymous reporter, its attachments; the draft is deleted in the same commit."""
    answers = journey.without_identity(answers)
    gaps = journey.missing(answers)
    if gaps:
        raise NotReady(gaps)
    organisation = Organisation.objects.get(ods_code=answers["organisation"], accepts_reports=True)
    now = timezone.now()
    code = (receipt_code or codes.new_receipt_code()) if answers["anonymity"] == Anonymity.ANONYMOUS else None
    with transaction.atomic():
        report = Report.objects.create(
            reference=reference or _unique_reference(),
            organisation=organisation,
            anonymity=answers["anonymity"],
            about=answers["about"],
            affected=answers.get("affected", ""),
            what_happened=answers["what_happened"],
            categories=list(answers.get("categories") or []),
            happened_on=date.fromisoformat(answers["happened_on"]) if answers.get("happened_on") else None,
            where=answers.get("where") or "",
            still_happening=answers.get("still_happening", ""),
            someone_in_danger=bool(answers.get("someone_in_danger")),
            reporter_name=answers.get("reporter_name") or "",
            reporter_email=answers.get("reporter_email") or "",
            reporter_phone=answers.get("reporter_phone") or "",
            received_at=now,
        )
        ReportStatusChange.objects.create(report=report, status=ReportStatus.RECEIVED, at=now)
        if code is not None:
            Receipt.objects.create(report=report, lookup=receipt_lookup(code), code_hash=_hasher.hash(code))
        if draft is not None:
            Attachment.objects.filter(draft=draft).update(report=report, draft=None)
            draft.delete()
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            obj=report,
            organisation=organisation,
            actor_label="reporter",
            detail={"anonymity": report.anonymity},
        )
        transaction.on_commit(lambda: _notify_handlers(report.pk))
    return Submitted(report, code)


def _unique_reference() -> str:
    while True:
        reference = codes.new_reference()
        if not Report.objects.filter(reference=reference).exists():
            return reference


def _notify_handlers(report_id: int) -> None:
    from rampart.accounts.services import email_case_handlers

    report = Report.objects.select_related("organisation").get(pk=report_id)
    # No content of the report in e-mail: handlers sign in to read it.
    email_case_handlers(
        report.organisation,
        subject=f"Rampart: new report {report.reference}",
        body=f"A new report ({report.reference}) has been received for "
        f"{report.organisation.name}. Sign in to Rampart to triage it.",
    )


# --- the anonymous inbox ------------------------------------------------------------------------


def open_inbox(typed_code: str, *, browser_key: str | None = None) -> Report | None:
    """The report a receipt code opens, or None. Right and wrong codes do the same slow work;
    wrong codes are counted per browser and across the service, and refused past the limits."""
    buckets = ["inbox:all"] + ([f"inbox:b:{browser_key}"] if browser_key else [])
    limits = {"inbox:all": INBOX_GLOBAL_LIMIT}
    for key in buckets:
        if ratelimit.count(key, window_seconds=INBOX_WINDOW) >= limits.get(key, INBOX_BROWSER_LIMIT):
            _hasher_check(_DECOY_HASH, typed_code)  # same cost even when refusing
            raise RateLimited(ratelimit.seconds_until_reset(window_seconds=INBOX_WINDOW))
    code = codes.normalise_receipt_code(typed_code)
    receipt = (
        Receipt.objects.select_related("report").filter(lookup=receipt_lookup(code)).first() if code else None
    )
    matched = _hasher_check(receipt.code_hash if receipt else _DECOY_HASH, code or typed_code)
    if receipt is not None and matched:
        return receipt.report
    for key in buckets:
        ratelimit.hit(key, window_seconds=INBOX_WINDOW)
    return None


def _hasher_check(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def report_by_lookup(lookup: str) -> Report | None:
    receipt = Receipt.objects.select_related("report").filter(lookup=lookup).first()
    return receipt.report if receipt else None


def add_reporter_message(report: Report, text: str) -> Message:
    with transaction.atomic():
        message = Message.objects.create(
            report=report, sender=Sender.REPORTER, text=text, sent_at=timezone.now()
        )
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            obj=message,
            organisation=report.organisation,
            actor_label="reporter",
        )
    return message


# --- signposting ---------------------------------------------------------------------------------


def add_support_service(
    *, actor: Any, organisation: Any, name: str, description: str, phone: str = "", website: str = ""
) -> SupportService:
    with transaction.atomic():
        order = SupportService.objects.filter(organisation=organisation).count()
        service = SupportService.objects.create(
            organisation=organisation,
            name=name,
            description=description,
            phone=phone,
            website=website,
            order=order,
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=service, organisation=organisation)
    return service


def remove_support_service(*, actor: Any, service: SupportService) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=service,
            organisation=service.organisation,
            detail={"name": service.name},
        )
        service.delete()


# --- the case team --------------------------------------------------------------------------------


def send_case_team_message(*, actor: Any, report: Report, text: str) -> Message:
    with transaction.atomic():
        message = Message.objects.create(
            report=report, sender=Sender.CASE_TEAM, author=actor, text=text, sent_at=timezone.now()
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=message, organisation=report.organisation)
    return message


def change_status(*, actor: Any, report: Report, status: str, reason: str = "") -> None:
    with transaction.atomic():
        ReportStatusChange.objects.create(
            report=report, status=status, at=timezone.now(), actor=actor, reason=reason
        )
        Report.objects.filter(pk=report.pk).update(status=status)
        report.status = status
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            organisation=report.organisation,
            detail={"status": status},
        )


def reveal_identity(*, actor: Any, report: Report, reason: str) -> dict[str, str]:
    """A confidential reporter's identity, revealed to a case handler who gives a reason (audited)."""
    audit.record(
        actor=actor,
        action=AuditAction.READ,
        obj=report,
        organisation=report.organisation,
        detail={"what": "reporter identity", "reason": reason},
    )
    return {"name": report.reporter_name, "email": report.reporter_email, "phone": report.reporter_phone}
