"""Writes for reporting: drafts, submission, the anonymous inbox and the case team's replies.

Each public write runs in one transaction; a report is committed before the reporter is told it was
received. Nothing here stores an IP address, user agent or session identifier.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from rampart.core import audit, policy, ratelimit
from rampart.core.crypto import keyed_hash
from rampart.core.errors import Refused
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation
from rampart.reporting import codes, journey
from rampart.reporting.models import (
    Anonymity,
    Attachment,
    HandlerNotice,
    Message,
    OutcomeStatement,
    Receipt,
    Report,
    ReportDraft,
    ReportStatus,
    ReportStatusChange,
    Sender,
    SignInLink,
    SupportService,
)
from rampart.reporting.permissions import ReportingAction

if TYPE_CHECKING:
    from rampart.accounts.models import User

DRAFT_LIFETIME = timedelta(hours=2)
# Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): slow enough that a stolen
# table cannot be searched for 10^16 codes, cheap enough for a busy reporting service on 2 cores.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# A hash of a random code nobody holds: checked when no receipt matches, so a wrong code costs as
# much time as a right one.
_DECOY_HASH = _hasher.hash(codes.new_receipt_code())
# At most this many Argon2 hashes at once in a process (CPU and 19 MiB each); a request that cannot
# get a slot within ARGON2_WAIT_SECONDS is told the service is busy (429), never queued for ever.
ARGON2_SLOTS = 2
ARGON2_WAIT_SECONDS = 2.0
_argon2_slots = threading.BoundedSemaphore(ARGON2_SLOTS)
# Receipt codes (docs/security-inbox.md works out what these allow a guesser). Per browser (a random
# cookie): attempts that did not open an inbox, refused before any hashing. Across the service:
# attempts at full speed; past that every attempt, right or wrong, holds its Argon2 slot for
# INBOX_SLOW_SECONDS more, so guessing slows down and nobody is ever locked out.
INBOX_WINDOW = 600
INBOX_BROWSER_LIMIT = 5
INBOX_GLOBAL_LIMIT = 600
INBOX_SLOW_SECONDS = 1.0
BUSY_SECONDS = 30
# New reports and new drafts per hour, per organisation and across the service. Keys name the
# organisation, never the reporter; hour-long windows so a counter says no more than the hour.
SUBMISSION_WINDOW = 3600
REPORTS_PER_ORGANISATION = 60
REPORTS_OVERALL = 600
DRAFTS_PER_ORGANISATION = 300
DRAFTS_OVERALL = 3000
# The case handlers' e-mail about a public report or a reporter's message leaves this many seconds
# later, chosen at random, so its time does not say when the reporter acted.
NOTICE_DELAY_SECONDS = (5 * 60, 60 * 60)


class RateLimited(Exception):
    """Too many tries from this browser or for this organisation in the window: not a refusal of the
    answers (so not a `core.errors.Refused`) but "try again later", a 429 in the API; `seconds` is
    how long until the window frees up."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"try again in {seconds} seconds")
        self.seconds = seconds


class Busy(RateLimited):
    """Every Argon2 slot was taken for longer than a request should wait."""


def _argon2[T](work: Callable[[], T], *, hold_for: float = 0.0) -> T:
    """Run `work` (one Argon2 hash or check) in one of the process's slots, or refuse with Busy."""
    if not _argon2_slots.acquire(timeout=ARGON2_WAIT_SECONDS):
        raise Busy(BUSY_SECONDS)
    try:
        if hold_for:
            time.sleep(hold_for)
        return work()
    finally:
        _argon2_slots.release()


def _take_submission_slot(kind: str, organisation: str, *, per_organisation: int, overall: int) -> None:
    """Count one new report or draft against its organisation and the service, or refuse."""
    mine, everyone = f"{kind}:org:{organisation}", f"{kind}:all"
    if not ratelimit.take(mine, limit=per_organisation, window_seconds=SUBMISSION_WINDOW):
        raise RateLimited(ratelimit.seconds_until_reset(window_seconds=SUBMISSION_WINDOW))
    if not ratelimit.take(everyone, limit=overall, window_seconds=SUBMISSION_WINDOW):
        ratelimit.give_back(mine, window_seconds=SUBMISSION_WINDOW)
        raise RateLimited(ratelimit.seconds_until_reset(window_seconds=SUBMISSION_WINDOW))


# --- drafts -----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_for(token: str | None) -> ReportDraft | None:
    if not token:
        return None
    cutoff = timezone.now() - DRAFT_LIFETIME
    return ReportDraft.objects.filter(token_hash=_token_hash(token), updated_at__gte=cutoff).first()


def start_draft(*, organisation: str) -> tuple[ReportDraft, str]:
    """A new draft for someone who has chosen the organisation; RateLimited past the hourly limits."""
    _take_submission_slot(
        "draft", organisation, per_organisation=DRAFTS_PER_ORGANISATION, overall=DRAFTS_OVERALL
    )
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


def remove_draft_attachment(draft: ReportDraft, attachment_id: Any) -> None:
    """Take a file off a draft: only one of this draft's own files, whatever id was sent."""
    Attachment.objects.filter(draft=draft, pk=attachment_id or 0).delete()


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


class NotReady(Refused):
    """The answers are incomplete; `missing` names what is needed. The pages and the API check
    `journey.missing` first, so this guards the service itself."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def submit_report(
    answers: dict[str, Any],
    *,
    draft: ReportDraft | None = None,
    reference: str | None = None,
    receipt_code: str | None = None,
    from_public: bool = False,
    receipt_for_everyone: bool = False,
) -> Submitted:
    """Turn complete answers into a report in one transaction: the report, its first status, a
    receipt for an anonymous reporter (and, with `receipt_for_everyone`, as the web journey asks,
    for a named or confidential one too: the same code, hashing and lookup), its attachments; the
    draft is deleted in the same commit. The API asks for none (CONTRACTS.md §2: anonymous only).

    `from_public` (the reporting pages and API): counted against the hourly limits (RateLimited,
    nothing stored, the draft kept), and the case handlers are told after a random delay."""
    answers = journey.without_identity(answers)
    gaps = journey.missing(answers)
    if gaps:
        raise NotReady(gaps)
    organisation = Organisation.objects.get(ods_code=answers["organisation"], accepts_reports=True)
    anonymous = answers["anonymity"] == Anonymity.ANONYMOUS
    code = (receipt_code or codes.new_receipt_code()) if anonymous or receipt_for_everyone else None
    if from_public:
        _take_submission_slot(
            "report",
            organisation.ods_code,
            per_organisation=REPORTS_PER_ORGANISATION,
            overall=REPORTS_OVERALL,
        )
    code_hash = _argon2(lambda: _hasher.hash(code)) if code is not None else None
    # An anonymous report keeps only the day it arrived (journey.kept_time).
    at = journey.kept_time(timezone.now(), anonymous=anonymous)
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
            received_at=at,
        )
        ReportStatusChange.objects.create(report=report, status=ReportStatus.RECEIVED, at=at)
        if code is not None and code_hash is not None:
            Receipt.objects.create(report=report, lookup=receipt_lookup(code), code_hash=code_hash)
        if draft is not None:
            Attachment.objects.filter(draft=draft).update(report=report, draft=None)
            draft.delete()
        _record_reporter_action(
            obj=report, organisation=organisation, at=at, detail={"anonymity": report.anonymity}
        )
        if from_public:
            _tell_handlers_later(report, HandlerNotice.Kind.NEW_REPORT)
        else:
            transaction.on_commit(lambda: _notify_handlers(report.pk))
    return Submitted(report, code)


def _record_reporter_action(*, obj: Any, organisation: Any, at: datetime, detail: Any = None) -> None:
    """The audit entry for something the reporter did, at the time the report may keep."""
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=obj,
        organisation=organisation,
        actor_label="reporter",
        detail=detail,
        at=at,
    )


def _unique_reference() -> str:
    while True:
        reference = codes.new_reference()
        if not Report.objects.filter(reference=reference).exists():
            return reference


def _notify_handlers(report_id: int) -> None:
    from rampart.accounts.services import email_case_handlers

    report = Report.objects.select_related("organisation").get(pk=report_id)
    text = _notice_text(report, HandlerNotice.Kind.NEW_REPORT)
    email_case_handlers(report.organisation, subject=text["subject"], body=text["body"])


def _notice_text(report: Report, kind: str) -> dict[str, str]:
    # No content of the report in e-mail: handlers sign in to read it, from the link.
    from django.conf import settings

    link = f"{settings.RAMPART_SITE_URL}/triage/{report.reference}/"
    if kind == HandlerNotice.Kind.REPORTER_MESSAGE:
        return {
            "subject": f"Rampart: new message on report {report.reference}",
            "body": f"The reporter has sent a message about report {report.reference} "
            f"({report.organisation.name}). Sign in to Rampart to read it:\n\n{link}",
        }
    return {
        "subject": f"Rampart: new report {report.reference}",
        "body": f"A new report ({report.reference}) has been received for "
        f"{report.organisation.name}. Sign in to Rampart to triage it:\n\n{link}",
    }


def _tell_handlers_later(report: Report, kind: str) -> None:
    """The case handlers' e-mail leaves at a random moment 5 to 60 minutes from now (sent by the
    sweeper), so its time does not say when the reporter acted. One waiting notice per kind."""
    if HandlerNotice.objects.filter(report=report, kind=kind).exists():
        return
    shortest, longest = NOTICE_DELAY_SECONDS
    delay = shortest + secrets.randbelow(longest - shortest + 1)
    HandlerNotice.objects.create(report=report, kind=kind, due_at=timezone.now() + timedelta(seconds=delay))


def send_due_notices(now: datetime | None = None) -> int:
    """E-mail the case handlers for every notice that is due, exactly once (claimed with SELECT ...
    FOR UPDATE SKIP LOCKED; the e-mail task and the notice's deletion commit together)."""
    from rampart.accounts.services import email_case_handlers

    sent = 0
    with transaction.atomic():
        due = (
            HandlerNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(due_at__lte=now or timezone.now())
            .select_related("report__organisation")[:500]
        )
        for notice in due:
            text = _notice_text(notice.report, notice.kind)
            email_case_handlers(notice.report.organisation, subject=text["subject"], body=text["body"])
            notice.delete()
            sent += 1
    return sent


# --- the anonymous inbox ------------------------------------------------------------------------


def open_inbox(typed_code: str, *, browser_key: str | None = None) -> Report | None:
    """The report a receipt code opens, or None. Every attempt does the same slow work (one Argon2
    check, against a decoy hash when no receipt matches) in one of the process's Argon2 slots.

    Refused before any hashing: a browser past its wrong attempts (RateLimited), or no free slot
    (Busy). Past the service's budget nobody is refused: every attempt, right or wrong, is slowed."""
    mine = f"inbox:b:{hashlib.sha256(browser_key.encode()).hexdigest()}" if browser_key else None
    if mine and not ratelimit.take(mine, limit=INBOX_BROWSER_LIMIT, window_seconds=INBOX_WINDOW):
        raise RateLimited(ratelimit.seconds_until_reset(window_seconds=INBOX_WINDOW))
    slow = ratelimit.hit("inbox:all", window_seconds=INBOX_WINDOW) > INBOX_GLOBAL_LIMIT
    code = codes.normalise_receipt_code(typed_code)
    receipt = (
        Receipt.objects.select_related("report").filter(lookup=receipt_lookup(code)).first() if code else None
    )
    code_hash = receipt.code_hash if receipt else _DECOY_HASH
    try:
        matched = _argon2(
            lambda: _hasher_check(code_hash, code or typed_code), hold_for=INBOX_SLOW_SECONDS if slow else 0
        )
    except Busy:
        if mine:
            ratelimit.give_back(mine, window_seconds=INBOX_WINDOW)  # not this browser's doing
        raise
    if receipt is not None and matched:
        if mine:
            ratelimit.give_back(mine, window_seconds=INBOX_WINDOW)  # only wrong codes count
        return receipt.report
    return None


def _hasher_check(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def report_by_lookup(lookup: str) -> Report | None:
    receipt = Receipt.objects.select_related("report").filter(lookup=lookup).first()
    return receipt.report if receipt else None


def _kept_now(report: Report) -> datetime:
    """Now, as much of it as this report may keep (the day, for an anonymous report)."""
    return journey.kept_time(timezone.now(), anonymous=report.anonymity == Anonymity.ANONYMOUS)


def add_reporter_message(report: Report, text: str) -> Message:
    """The reporter's message from the inbox; the case handlers hear of it after a random delay."""
    at = _kept_now(report)
    with transaction.atomic():
        message = Message.objects.create(report=report, sender=Sender.REPORTER, text=text, sent_at=at)
        _record_reporter_action(obj=message, organisation=report.organisation, at=at)
        _tell_handlers_later(report, HandlerNotice.Kind.REPORTER_MESSAGE)
    return message


# --- signposting ---------------------------------------------------------------------------------


def add_support_service(
    *, actor: User, organisation: Any, name: str, description: str, phone: str = "", website: str = ""
) -> SupportService:
    """A service the organisation's reporters are signposted to (its administrators: MANAGE_SIGNPOSTING)."""
    policy.require(actor, ReportingAction.MANAGE_SIGNPOSTING, organisation)
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


def remove_support_service(*, actor: User, service: SupportService) -> None:
    policy.require(actor, ReportingAction.MANAGE_SIGNPOSTING, service.organisation)
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


NO_INBOX = "The reporter has no inbox: they reported through the API without a receipt code"


def _require_inbox(report: Report) -> None:
    """Refused when nothing written for the reporter could reach them (`Report.reporter_has_inbox`):
    the case team contacts them using the details they gave instead."""
    if not report.reporter_has_inbox:
        raise Refused(NO_INBOX)


def send_case_team_message(*, actor: User, report: Report, text: str) -> Message:
    """A reply to the reporter's inbox, by someone the policy lets message them (MESSAGE_REPORTER)."""
    policy.require(actor, ReportingAction.MESSAGE_REPORTER, report)
    _require_inbox(report)
    with transaction.atomic():
        message = Message.objects.create(
            report=report, sender=Sender.CASE_TEAM, author=actor, text=text, sent_at=_kept_now(report)
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=message, organisation=report.organisation)
        _tell_reporter(report)
    return message


def change_status(*, actor: User, report: Report, status: str, reason: str = "") -> None:
    """The status the reporter sees, as a new row; by someone who may message them (MESSAGE_REPORTER:
    the report's case handlers, or once a case exists its handlers, who open and close that case)."""
    policy.require(actor, ReportingAction.MESSAGE_REPORTER, report)
    with transaction.atomic():
        ReportStatusChange.objects.create(
            report=report, status=status, at=_kept_now(report), actor=actor, reason=reason
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
        if status == ReportStatus.CLOSED and OutcomeStatement.objects.filter(report=report).exists():
            _tell_reporter(report)  # the outcome statement is now in their inbox


def reveal_identity(*, actor: User, report: Report, reason: str) -> dict[str, str]:
    """Who sent a confidential (or named) report, for someone the policy lets reveal it
    (REVEAL_REPORTER: the report's case handlers; once a case exists, only those who handle it) and
    who says why. Recorded in the audit log with the reason; other apps hear of it through their
    AppConfig's optional `reporter_revealed` hook (cases puts it on the case's timeline)."""
    from django.apps import apps

    policy.require(actor, ReportingAction.REVEAL_REPORTER, report)
    reason = reason.strip()
    if report.anonymity == Anonymity.ANONYMOUS or not reason:
        raise ValueError("an anonymous report has no identity to reveal; a reveal needs a reason")
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.READ,
            obj=report,
            organisation=report.organisation,
            detail={"what": "reporter identity", "reason": reason},
        )
        for config in apps.get_app_configs():
            hook = getattr(config, "reporter_revealed", None)
            if hook is not None:
                hook(actor=actor, report=report, reason=reason)
    return {"name": report.reporter_name, "email": report.reporter_email, "phone": report.reporter_phone}


# --- the reporter's way back ------------------------------------------------------------------------

SIGN_IN_SALT = "rampart.reporting.sign-in-link"
SIGN_IN_MINUTES = 30
SIGN_IN_REQUESTS_PER_HOUR = 3


def _tell_reporter(report: Report) -> None:
    """E-mail a named reporter who gave an address that their inbox has something new, after the
    commit. The e-mail names nothing of the report (not its reference, organisation or content):
    whoever reads their mail learns only that they used Rampart. Confidential and anonymous
    reporters are never e-mailed: they look in the inbox with their receipt code."""
    if report.anonymity != Anonymity.NAMED or not report.reporter_email:
        return
    from rampart.core.tasks import send_email

    to = report.reporter_email
    body = (
        "There is a new message about the report you sent. For your privacy this e-mail does not "
        "say what it is.\n\nTo read it, go to your inbox and enter your receipt code, or ask there "
        f"for a sign-in link to be sent to this address:\n\n{settings.RAMPART_SITE_URL}/report/inbox/"
    )
    transaction.on_commit(
        lambda: send_email.enqueue(to=[to], subject="Rampart: you have a new message", body=body)
    )


def request_sign_in_link(*, reference: str, email: str) -> None:
    """E-mail a one-time sign-in link to a named reporter's inbox, if `reference` is a named report
    whose reporter gave exactly this address. The caller learns nothing either way (the page says
    the same), and a reference is asked for at most three times an hour, whether or not it exists."""
    reference = reference.strip().upper()
    key = f"sign-in:{hashlib.sha256(reference.encode()).hexdigest()}"
    if not ratelimit.take(key, limit=SIGN_IN_REQUESTS_PER_HOUR, window_seconds=3600):
        return
    report = Report.objects.filter(reference=reference, anonymity=Anonymity.NAMED).first()
    given = email.strip().casefold().encode()
    if report is None or not report.reporter_email:
        return
    if not secrets.compare_digest(report.reporter_email.strip().casefold().encode(), given):
        return
    nonce = secrets.token_urlsafe(32)
    token = signing.dumps({"n": nonce}, salt=SIGN_IN_SALT)
    with transaction.atomic():
        SignInLink.objects.create(
            report=report,
            nonce_hash=hashlib.sha256(nonce.encode()).hexdigest(),
            expires_at=timezone.now() + timedelta(minutes=SIGN_IN_MINUTES),
        )
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            obj=report,
            organisation=report.organisation,
            actor_label="reporter",
            detail={"what": "inbox sign-in link e-mailed"},
        )
    from rampart.core.tasks import send_email

    body = (
        "You asked for a link to your inbox. It works once, for the next "
        f"{SIGN_IN_MINUTES} minutes:\n\n{settings.RAMPART_SITE_URL}/report/inbox/sign-in/{token}/\n\n"
        "If you did not ask for it, you can ignore this e-mail."
    )
    to = report.reporter_email
    transaction.on_commit(
        lambda: send_email.enqueue(to=[to], subject="Rampart: your sign-in link", body=body)
    )


def use_sign_in_link(token: str) -> Report | None:
    """The report a sign-in link opens, once: the link's row is deleted as it is used. None for a
    link that was tampered with, has expired or was used already."""
    try:
        payload = signing.loads(token, salt=SIGN_IN_SALT, max_age=SIGN_IN_MINUTES * 60)
    except signing.BadSignature:
        return None
    nonce = payload.get("n") if isinstance(payload, dict) else None
    if not isinstance(nonce, str):
        return None
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update()
            .select_related("report__organisation")
            .filter(nonce_hash=hashlib.sha256(nonce.encode()).hexdigest(), expires_at__gt=timezone.now())
            .first()
        )
        if link is None:
            return None
        report = link.report
        link.delete()
        audit.record(
            actor=None,
            action=AuditAction.READ,
            obj=report,
            organisation=report.organisation,
            actor_label="reporter",
            detail={"what": "inbox opened with a sign-in link"},
        )
    return report


def sweep_sign_in_links(now: datetime | None = None) -> int:
    return SignInLink.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


def write_outcome_statement(*, actor: User, report: Report, text: str) -> OutcomeStatement:
    """The handler's statement of the outcome for the reporter (WRITE_OUTCOME_STATEMENT: those who
    handle the case). A new row each time; the reporter sees the latest once the case is closed,
    and a named reporter with an e-mail address is told then (or now, if it is closed already)."""
    policy.require(actor, ReportingAction.WRITE_OUTCOME_STATEMENT, report)
    _require_inbox(report)
    text = text.strip()
    if not text:
        raise Refused.on_fields({"text": "Enter the outcome statement for the reporter"})
    with transaction.atomic():
        statement = OutcomeStatement.objects.create(
            report=report, text=text, author=actor, written_at=_kept_now(report)
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=statement, organisation=report.organisation)
        if journey.is_closed(report.status, _case_state(report)):
            _tell_reporter(report)
    return statement


def _case_state(report: Report) -> str | None:
    """The state of the case opened from the report, if any (the reverse one-to-one; reporting
    reads the value, never importing cases)."""
    case = getattr(report, "case", None)
    return str(case.state) if case is not None else None
