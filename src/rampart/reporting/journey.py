"""The public reporting journey: which questions are asked, in what order. Pure, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

# (slug, the answers that page records)
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("organisation", ("organisation",)),
    ("about", ("about",)),
    ("affected", ("affected",)),
    ("what-happened", ("what_happened",)),
    ("when-where", ("happened_on", "where")),
    ("safety", ("still_happening", "someone_in_danger")),
    ("anonymity", ("anonymity",)),
    ("contact", ("reporter_name", "reporter_email", "reporter_phone")),
    ("attachments", ()),
    ("check", ()),
)
SLUGS = tuple(slug for slug, _ in STEPS)
# Answers without which a report cannot be sent.
REQUIRED = {"organisation", "about", "what_happened", "still_happening", "anonymity"}
IDENTITY_FIELDS = ("reporter_name", "reporter_email", "reporter_phone")
UK = ZoneInfo("Europe/London")


def applies(slug: str, answers: Mapping[str, Any]) -> bool:
    """Anonymous reporters are never asked who they are."""
    return not (slug == "contact" and answers.get("anonymity") == "anonymous")


def steps_for(answers: Mapping[str, Any]) -> list[str]:
    return [slug for slug in SLUGS if applies(slug, answers)]


def next_step(slug: str, answers: Mapping[str, Any]) -> str:
    steps = steps_for(answers)
    position = steps.index(slug) if slug in steps else -1
    return steps[min(position + 1, len(steps) - 1)]


def previous_step(slug: str, answers: Mapping[str, Any]) -> str | None:
    steps = steps_for(answers)
    if slug not in steps or steps.index(slug) == 0:
        return None
    return steps[steps.index(slug) - 1]


def missing(answers: Mapping[str, Any]) -> list[str]:
    """Required answers not yet given, in journey order; contact details for a named or
    confidential report need at least one way to reach the reporter."""
    gaps = [key for _, keys in STEPS for key in keys if key in REQUIRED and answers.get(key) in (None, "")]
    if answers.get("anonymity") in ("named", "confidential") and not any(
        answers.get(k) for k in ("reporter_email", "reporter_phone")
    ):
        gaps.append("reporter_contact")
    return gaps


def first_unanswered_step(answers: Mapping[str, Any]) -> str | None:
    gaps = set(missing(answers))
    for slug, keys in STEPS:
        if gaps & set(keys) or (slug == "contact" and "reporter_contact" in gaps):
            return slug
    return None


def urgent(answers: Mapping[str, Any]) -> bool:
    """Someone may be in danger now: show 999 and the police route straight away."""
    return bool(answers.get("someone_in_danger")) or answers.get("still_happening") == "yes"


def without_identity(answers: Mapping[str, Any]) -> dict[str, Any]:
    """An anonymous report keeps nothing that says who sent it, even if typed before switching."""
    if answers.get("anonymity") != "anonymous":
        return dict(answers)
    return {k: v for k, v in answers.items() if k not in IDENTITY_FIELDS}


def kept_time(at: datetime, *, anonymous: bool) -> datetime:
    """What a report may keep of a moment: an anonymous report only its day (midnight, UK time),
    because the time of day can point at who was on shift, on the ward or at a keyboard."""
    if not anonymous:
        return at
    return datetime.combine(at.astimezone(UK).date(), time(0), tzinfo=UK)


# What a reporter is told of their report's progress: plain words from the case's state when a case
# was opened from it (cases.workflow.State's values), otherwise from the report's own status.
_CASE_STATE_WORDS = {
    "new": ("Being looked at", "A case handler is looking at what you told us."),
    "triaged": ("Being looked at", "A case handler is looking at what you told us."),
    "awaiting_review_group": (
        "Being reviewed",
        "A group of senior staff is deciding what needs to happen next.",
    ),
    "reviewed": ("Being reviewed", "A group of senior staff has decided what needs to happen next."),
    "under_investigation": ("Being investigated", "What you told us is being investigated."),
    "outcome_recorded": ("Decision made", "A decision has been made and the case is being finished."),
    "closed": ("Closed", "The case is closed."),
}
_REPORT_STATUS_WORDS = {
    "received": ("Received", "Your report has arrived. A case handler will look at it soon."),
    "under_review": ("Being looked at", "A case handler is looking at what you told us."),
    "in_progress": ("Action being taken", "Action is being taken on what you told us."),
    "closed": ("Closed", "We have finished looking at your report."),
}


def reporter_status(report_status: str, case_state: str | None) -> tuple[str, str]:
    """The status a reporter sees, in plain words: (a short label, a sentence). The case's state
    wins once a case exists (a reopened case is no longer closed, whatever the report last said)."""
    if case_state is not None and case_state in _CASE_STATE_WORDS:
        return _CASE_STATE_WORDS[case_state]
    return _REPORT_STATUS_WORDS.get(report_status, _REPORT_STATUS_WORDS["received"])


def is_closed(report_status: str, case_state: str | None) -> bool:
    """Whether the reporter may now see the outcome statement: the case is closed, or, when no case
    was opened, the report was closed."""
    if case_state is not None:
        return case_state == "closed"
    return report_status == "closed"


SMALL_NUMBER = 5


def public_count(n: int) -> str:
    """A count on a public page: any number under 5 (none included) is shown as "fewer than 5", so
    a small count cannot point at a person."""
    return "fewer than 5" if n < SMALL_NUMBER else str(n)
