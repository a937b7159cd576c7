"""Evidence from Rampart's own data, shown beside the items it supports so nothing is ticked blind.

Each provider returns a value with a plain-English label and its source. Where Rampart does not hold
the data yet, the provider says so ("not recorded in Rampart yet"): that is the truth, not a gap to
hide. Reporting data is read only if the reporting app's `Report` model exists at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.apps import apps

from rampart.assurance import rules
from rampart.organisations.models import Organisation

AVAILABLE = "available"
NOT_RECORDED = "not_recorded"  # Rampart does not hold this data yet
MISSING_INPUT = "missing_input"  # Rampart could work it out, but a figure it needs is missing


@dataclass(frozen=True)
class Evidence:
    key: str
    label: str
    value: str
    state: str
    source: str

    @property
    def is_available(self) -> bool:
        return self.state == AVAILABLE


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """A financial year "2025/26" runs from 1 April 2025 to 31 March 2026."""
    start_year = int(period[:4])
    return datetime(start_year, 4, 1, tzinfo=UTC), datetime(start_year + 1, 4, 1, tzinfo=UTC)


def current_period(today: date) -> str:
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _report_model() -> Any:
    """The reporting app's Report model, or None while that app has no such model."""
    if not apps.is_installed("rampart.reporting"):
        return None
    try:
        return apps.get_model("reporting", "Report")
    except LookupError:
        return None


def reports_received(org: Organisation, period: str) -> list[str] | None:
    """The anonymity of each report the organisation received in the period, or None if Rampart
    does not hold reports yet."""
    model = _report_model()
    if model is None:
        return None
    start, end = period_bounds(period)
    found = model.objects.filter(organisation=org, received_at__gte=start, received_at__lt=end)
    return list(found.values_list("anonymity", flat=True))


def _workforce(org: Organisation, period: str) -> Any:
    from rampart.assurance.models import WorkforceFigure

    return WorkforceFigure.objects.filter(organisation=org, period=period).first()


def _not_recorded(key: str, label: str, what: str) -> Evidence:
    return Evidence(key, label, "Not recorded in Rampart yet", NOT_RECORDED, what)


def anonymous_reporting(org: Organisation, period: str) -> Evidence:
    label = "Anonymous reporting available"
    if _report_model() is None:
        return _not_recorded("anonymous_reporting", label, "Rampart reporting is not live yet")
    if not org.accepts_reports:
        return Evidence(
            "anonymous_reporting",
            label,
            "No",
            AVAILABLE,
            "This organisation does not take reports in Rampart",
        )
    received = reports_received(org, period) or []
    anonymous = sum(1 for a in received if a == "anonymous")
    return Evidence(
        "anonymous_reporting",
        label,
        f"Yes — {anonymous} anonymous of {len(received)} reports in {period}",
        AVAILABLE,
        "Rampart reporting: the public form offers named, confidential and anonymous reporting",
    )


def reports_per_1000_staff(org: Organisation, period: str) -> Evidence:
    key, label = "reports_per_1000_staff", "Reports per 1,000 staff"
    received = reports_received(org, period)
    if received is None:
        return _not_recorded(key, label, "Rampart reporting is not live yet")
    figure = _workforce(org, period)
    if figure is None:
        return Evidence(
            key, label, f"Headcount for {period} not entered", MISSING_INPUT, "Add workforce figures"
        )
    rate = rules.per_thousand(len(received), figure.headcount)
    return Evidence(
        key,
        label,
        f"{rate} ({len(received)} reports, {figure.headcount} staff)",
        AVAILABLE,
        f"Rampart reports received in {period}; headcount entered by {org.name}",
    )


def elearning_completion(org: Organisation, period: str) -> Evidence:
    key, label = "elearning_completion", "Staff who completed the sexual misconduct e-learning"
    figure = _workforce(org, period)
    if figure is None or figure.elearning_completed is None:
        return Evidence(
            key, label, f"No training figures for {period}", MISSING_INPUT, "Add workforce figures"
        )
    pct = round(100 * figure.elearning_completed / figure.headcount) if figure.headcount else 0
    return Evidence(
        key,
        label,
        f"{pct}% ({figure.elearning_completed} of {figure.headcount})",
        AVAILABLE,
        f"Imported training records for {period}",
    )


def _cases_in(org: Organisation, period: str) -> Any:
    """The organisation's cases opened in the period (read through the app registry: assurance does
    not import the cases app)."""
    start, end = period_bounds(period)
    case_model = apps.get_model("cases", "Case")
    return case_model.objects.filter(organisation=org, opened_at__gte=start, opened_at__lt=end)


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 86400


def _median_days(key: str, label: str, step_to: str) -> Callable[[Organisation, str], Evidence]:
    """Median days from the report (or, for a case raised directly, its opening) to a step."""

    def provider(org: Organisation, period: str) -> Evidence:
        if not apps.is_installed("rampart.cases"):
            return _not_recorded(key, label, "Rampart does not hold case records yet")
        transition = apps.get_model("cases", "CaseTransition")
        rows = transition.objects.filter(case__in=_cases_in(org, period), to_state=step_to).select_related(
            "case__report"
        )
        days = sorted(
            _days(t.at, t.case.report.received_at if t.case.report_id else t.case.opened_at) for t in rows
        )
        if not days:
            return Evidence(key, label, f"No cases reached this step in {period}", AVAILABLE, _CASES_SOURCE)
        middle = (
            days[len(days) // 2] if len(days) % 2 else (days[len(days) // 2 - 1] + days[len(days) // 2]) / 2
        )
        return Evidence(key, label, f"{middle:.1f} days ({len(days)} cases)", AVAILABLE, _CASES_SOURCE)

    return provider


_CASES_SOURCE = "Rampart case records: when each step was taken"


def parties_offered_support(org: Organisation, period: str) -> Evidence:
    key, label = "parties_offered_support", "Share of people involved who were offered support"
    if not apps.is_installed("rampart.cases"):
        return _not_recorded(key, label, "Rampart does not hold case records yet")
    parties = apps.get_model("cases", "Party").objects.filter(case__in=_cases_in(org, period))
    total = parties.count()
    offered = parties.filter(support_offers__isnull=False).distinct().count()
    value = f"{round(100 * offered / total)}% ({offered} of {total})" if total else f"No cases in {period}"
    return Evidence(key, label, value, AVAILABLE, _CASES_SOURCE)


def cases_to_review_group(org: Organisation, period: str) -> Evidence:
    key, label = "cases_to_review_group", "Share of cases taken to the review group"
    if not apps.is_installed("rampart.cases"):
        return _not_recorded(key, label, "Rampart does not hold case records yet")
    sexual = _cases_in(org, period).filter(sexual_dimension__in=["yes", "possible"])
    total = sexual.count()
    referred = sexual.filter(transitions__to_state="awaiting_review_group").distinct().count()
    value = (
        f"{round(100 * referred / total)}% ({referred} of {total} with a possible sexual dimension)"
        if total
        else f"No cases with a possible sexual dimension in {period}"
    )
    return Evidence(key, label, value, AVAILABLE, _CASES_SOURCE)


def chaperone_offer_documented(org: Organisation, period: str) -> Evidence:
    """Intimate examinations with a chaperone offer documented, from Rampart's chaperone records."""
    key, label = "chaperone_offer_documented", "Chaperone records with an offer documented"
    if not apps.is_installed("rampart.chaperoning"):
        return _not_recorded(key, label, "Rampart does not hold chaperone records yet")
    from rampart.chaperoning import rules as chaperoning
    from rampart.chaperoning import selectors as records

    start, end = period_bounds(period)
    span = chaperoning.Period(start.date(), end.date() - timedelta(days=1))
    totals = chaperoning.figures(records.audit_rows(records.audit_records(org, span)))
    return Evidence(
        key,
        label,
        chaperoning.offer_evidence(totals, period),
        AVAILABLE,
        f"Rampart chaperone records of {org.name} (see Chaperoning, audit report)",
    )


def _investigator_evidence(org: Organisation, period: str) -> Evidence:
    key, label = "trained_investigators", "Specially trained investigators in post"
    if not apps.is_installed("rampart.learning"):
        return _not_recorded(key, label, "Rampart does not hold the investigator pool yet")
    record = apps.get_model("learning", "TrainingRecord")
    today = date.today()
    current = record.objects.filter(
        organisation=org, course="specialist_investigation", completed_on__lte=today
    )
    people = current.exclude(expires_on__lt=today).values("person_name", "staff_number").distinct().count()
    return Evidence(
        key,
        label,
        f"{people} with current training",
        AVAILABLE,
        "Rampart training records (specialist sexual misconduct investigation)",
    )


PROVIDERS: dict[str, Callable[[Organisation, str], Evidence]] = {
    "anonymous_reporting": anonymous_reporting,
    "reports_per_1000_staff": reports_per_1000_staff,
    "median_days_to_triage": _median_days(
        "median_days_to_triage", "Median days from report to triage", "triaged"
    ),
    "median_days_to_outcome": _median_days(
        "median_days_to_outcome", "Median days from report to outcome", "outcome_recorded"
    ),
    "parties_offered_support": parties_offered_support,
    "cases_to_review_group": cases_to_review_group,
    "trained_investigators": _investigator_evidence,
    "elearning_completion": elearning_completion,
    "chaperone_offer_documented": chaperone_offer_documented,
}
EVIDENCE_KEYS = frozenset(PROVIDERS)


def gather(keys: list[str], org: Organisation, period: str) -> list[Evidence]:
    return [PROVIDERS[k](org, period) for k in keys if k in PROVIDERS]
