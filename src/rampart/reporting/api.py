"""Public reporting endpoints (contract §2): submit a report, and the anonymous inbox."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, Header, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import EmailStr, field_validator, model_validator

from rampart.core.api import FieldErrors
from rampart.reporting import journey, selectors, services
from rampart.reporting.forms import CATEGORIES, MAX_TEXT, PHONE
from rampart.reporting.models import Anonymity

router = Router(tags=["reporting"])
_CATEGORY_CODES = {code for code, _ in CATEGORIES}
_WRITES = {"POST", "PUT", "PATCH"}


def _json_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Writes must say they are JSON. A browser may send a form or text/plain to another site
    without asking first, so without this a page anywhere could file a report (415 instead)."""

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = request.content_type.split(";")[0].strip().lower()
        has_body = bool(kind) or request.META.get("CONTENT_LENGTH") not in (None, "", "0")
        if request.method in _WRITES and has_body and kind != "application/json":
            return JsonResponse(
                {"detail": "send the body as JSON (Content-Type: application/json)"}, status=415
            )
        return view(request, *args, **kwargs)

    return checked


router.add_decorator(_json_only, mode="view")


class Problem(Schema):
    detail: str


class ReporterIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=20)

    @field_validator("phone")
    @classmethod
    def phone_number(cls, value: str | None) -> str | None:
        if value and not PHONE.match(value):
            raise ValueError("enter a phone number, like 07700 900 982")
        return value

    @model_validator(mode="after")
    def reachable(self) -> ReporterIn:
        if not (self.email or self.phone):
            raise ValueError("give an email address or a phone number so the case handler can reach you")
        return self


class ReportIn(Schema):
    organisation: str = Field(
        min_length=1, max_length=12, description="ODS code of an organisation that accepts reports"
    )
    anonymity: Literal["named", "confidential", "anonymous"]
    about: Literal["patient", "staff", "student", "contractor", "visitor", "other"]
    what_happened: str = Field(min_length=1, max_length=MAX_TEXT)
    when: dt.date | None = None
    where: str | None = Field(default=None, max_length=500)
    categories: list[str] = Field(default_factory=list, max_length=len(CATEGORIES))
    reporter: ReporterIn | None = None

    @field_validator("what_happened")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("tell us what happened")
        return value

    @field_validator("when")
    @classmethod
    def not_in_future(cls, value: dt.date | None) -> dt.date | None:
        if value and value > dt.date.today():
            raise ValueError("the date must be today or in the past")
        return value

    @field_validator("categories")
    @classmethod
    def known_categories(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - _CATEGORY_CODES)
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(unknown)}")
        return value

    @model_validator(mode="after")
    def identity_matches_choice(self) -> ReportIn:
        if self.anonymity == Anonymity.ANONYMOUS and self.reporter is not None:
            raise ValueError("an anonymous report must not include reporter details")
        if self.anonymity != Anonymity.ANONYMOUS and self.reporter is None:
            raise ValueError("named and confidential reports need reporter details")
        return self


class ReportCreated(Schema):
    reference: str
    receipt_code: str | None = Field(
        default=None, description="Anonymous reports only; shown once, never again"
    )


class MessageOut(Schema):
    sender: str = Field(serialization_alias="from")
    sent_at: dt.date = Field(description="The day only (UK time): an anonymous report keeps no time of day")
    text: str


class InboxOut(Schema):
    reference: str
    status: str
    messages: list[MessageOut]


class MessageIn(Schema):
    text: str = Field(min_length=1, max_length=5000)


@router.post(
    "/reports",
    response={201: ReportCreated, 415: Problem, 422: FieldErrors, 429: Problem},
    summary="Send a report (no sign-in)",
    by_alias=True,
    exclude_none=True,
)
def create_report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    if not selectors.accepts_reports(payload.organisation.upper()):
        return Status(422, {"errors": {"organisation": "no organisation with this code accepts reports"}})
    answers: dict[str, Any] = {
        "organisation": payload.organisation.upper(),
        "anonymity": payload.anonymity,
        "about": payload.about,
        "affected": "",
        "what_happened": payload.what_happened,
        "categories": payload.categories,
        "happened_on": payload.when.isoformat() if payload.when else None,
        "where": payload.where or "",
        "still_happening": "not_sure",
    }
    if payload.reporter is not None:
        answers.update(
            reporter_name=payload.reporter.name,
            reporter_email=payload.reporter.email or "",
            reporter_phone=payload.reporter.phone or "",
        )
    try:
        submitted = services.submit_report(answers, from_public=True)
    except services.RateLimited as limited:
        return Status(429, {"detail": _later(limited)})
    body: dict[str, Any] = {"reference": submitted.report.reference}
    if submitted.receipt_code:
        body["receipt_code"] = submitted.receipt_code
    return Status(201, body)


# Declared so the OpenAPI document shows it; a missing code is answered like a wrong one.
ReceiptCode = Header(
    "", alias="X-Receipt-Code", description="The receipt code shown once when the report was sent"
)


def _later(limited: services.RateLimited) -> str:
    return f"too many requests just now; nothing was stored, try again in {limited.seconds} seconds"


def _inbox_report(code: str) -> Any:
    try:
        report = services.open_inbox(code)
    except services.RateLimited as limited:
        raise HttpError(429, _later(limited)) from None
    if report is None:
        raise HttpError(404, "no report has this receipt code")
    return report


@router.get(
    "/reports/inbox",
    response={200: InboxOut, 404: Problem, 429: Problem},
    by_alias=True,
    summary="Read an anonymous report's status and messages (header X-Receipt-Code)",
)
def read_inbox(request: HttpRequest, receipt_code: str = ReceiptCode) -> dict[str, Any]:
    report = _inbox_report(receipt_code)
    return {
        "reference": report.reference,
        "status": report.status,
        "messages": [
            {"sender": m.sender, "sent_at": _day(m.sent_at), "text": m.text} for m in report.messages.all()
        ],
    }


@router.post(
    "/reports/inbox/messages",
    response={201: MessageOut, 404: Problem, 415: Problem, 422: FieldErrors, 429: Problem},
    by_alias=True,
    summary="Send a message from the anonymous reporter (header X-Receipt-Code)",
)
def post_inbox_message(
    request: HttpRequest, payload: MessageIn, receipt_code: str = ReceiptCode
) -> Status[dict[str, Any]]:
    report = _inbox_report(receipt_code)
    message = services.add_reporter_message(report, payload.text)
    return Status(201, {"sender": message.sender, "sent_at": _day(message.sent_at), "text": message.text})


def _day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at, journey.UK).date()
