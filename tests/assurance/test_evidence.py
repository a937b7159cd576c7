"""Evidence from Rampart's own data: a value with a label and source, or an honest 'not recorded'."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest

from rampart.assurance import evidence, services
from rampart.assurance.evidence import AVAILABLE, MISSING_INPUT, NOT_RECORDED


def test_periods_are_financial_years():
    assert evidence.current_period(date(2026, 3, 31)) == "2025/26"
    assert evidence.current_period(date(2026, 4, 1)) == "2026/27"
    start, end = evidence.period_bounds("2099/00")
    assert (start.year, start.month, end.year) == (2099, 4, 2100)


@pytest.mark.parametrize(
    "key",
    [
        "median_days_to_triage",
        "median_days_to_outcome",
        "parties_offered_support",
        "cases_to_review_group",
        "trained_investigators",
    ],
)
def test_data_from_an_app_that_is_not_installed_is_shown_as_not_recorded(orgs, key, monkeypatch):
    from django.apps import apps

    monkeypatch.setattr(apps, "is_installed", lambda name: False)
    [found] = evidence.gather([key], orgs["trust_a"], "2025/26")
    assert found.state == NOT_RECORDED
    assert found.value == "Not recorded in Rampart yet"
    assert found.source.startswith("Rampart does not hold")


def test_case_evidence_comes_from_the_case_records(orgs, alice, bob, time_machine):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from rampart.cases import services as cases
    from rampart.learning import services as learning

    time_machine.move_to(datetime(2025, 6, 2, 9, tzinfo=timezone.get_current_timezone()), tick=False)
    case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="x")
    time_machine.shift(timedelta(days=3))
    cases.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    party = cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(kind="staff", name="S"),
    )
    cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="affected",
        person=cases.PersonDetails(kind="staff", name="A"),
    )
    cases.record_support_offer(
        actor=alice,
        case=case,
        version=None,
        party=party,
        kind="ftsu",
        status="offered",
        offered_on=date(2025, 6, 5),
        follow_up_on=None,
        notes="",
    )
    learning.record_training(
        actor=bob,
        organisation=orgs["trust_a"],
        person_name="Ivy",
        course="specialist_investigation",
        completed_on=date(2025, 1, 1),
    )
    found = {
        e.key: e
        for e in evidence.gather(
            [
                "median_days_to_triage",
                "median_days_to_outcome",
                "parties_offered_support",
                "cases_to_review_group",
                "trained_investigators",
            ],
            orgs["trust_a"],
            "2025/26",
        )
    }
    assert found["median_days_to_triage"].value == "3.0 days (1 cases)"
    assert found["median_days_to_outcome"].value == "No cases reached this step in 2025/26"
    assert found["parties_offered_support"].value == "50% (1 of 2)"
    assert found["cases_to_review_group"].value == "0% (0 of 1 with a possible sexual dimension)"
    assert found["trained_investigators"].value == "1 with current training"
    assert all(e.state == AVAILABLE for e in found.values())


def test_without_a_report_model_reporting_evidence_is_not_recorded(orgs, monkeypatch):
    monkeypatch.setattr(evidence, "_report_model", lambda: None)
    found = evidence.gather(["anonymous_reporting", "reports_per_1000_staff"], orgs["trust_a"], "2025/26")
    assert [e.state for e in found] == [NOT_RECORDED, NOT_RECORDED]
    assert evidence.reports_received(orgs["trust_a"], "2025/26") is None


@pytest.fixture
def reports(monkeypatch):
    """Stand in for the reporting app's reports until its model lands."""
    received = ["named", "anonymous", "anonymous", "confidential"]
    monkeypatch.setattr(evidence, "_report_model", lambda: object())
    monkeypatch.setattr(evidence, "reports_received", lambda org, period: received)
    return received


def test_reports_per_thousand_staff_needs_the_headcount(orgs, reports):
    [found] = evidence.gather(["reports_per_1000_staff"], orgs["trust_a"], "2025/26")
    assert (found.state, found.value) == (MISSING_INPUT, "Headcount for 2025/26 not entered")


def test_reports_per_thousand_staff(orgs, admin, reports):
    services.record_workforce_figure(
        actor=admin, organisation=orgs["trust_a"], period="2025/26", headcount=2000, elearning_completed=None
    )
    [found] = evidence.gather(["reports_per_1000_staff"], orgs["trust_a"], "2025/26")
    assert (found.state, found.value) == (AVAILABLE, "2.0 (4 reports, 2000 staff)")


def test_anonymous_reporting_counts_anonymous_reports(orgs, reports):
    [found] = evidence.gather(["anonymous_reporting"], orgs["trust_a"], "2025/26")
    assert (found.state, found.value) == (AVAILABLE, "Yes — 2 anonymous of 4 reports in 2025/26")


def test_an_organisation_not_taking_reports_has_no_anonymous_route(orgs, reports):
    orgs["trust_a"].accepts_reports = False
    [found] = evidence.gather(["anonymous_reporting"], orgs["trust_a"], "2025/26")
    assert found.value == "No"


def test_elearning_completion_from_imported_training_figures(orgs, admin):
    [missing] = evidence.gather(["elearning_completion"], orgs["trust_a"], "2025/26")
    services.record_workforce_figure(
        actor=admin, organisation=orgs["trust_a"], period="2025/26", headcount=800, elearning_completed=600
    )
    [found] = evidence.gather(["elearning_completion"], orgs["trust_a"], "2025/26")
    assert missing.state == MISSING_INPUT
    assert (found.state, found.value) == (AVAILABLE, "75% (600 of 800)")


def test_reports_are_read_from_the_reporting_app_when_its_model_exists(orgs, monkeypatch):
    """Against a stand-in model: only this organisation's reports in the period are counted."""
    calls = {}

    class Reports:
        class objects:
            @staticmethod
            def filter(**kwargs):
                calls.update(kwargs)

                class Found:
                    @staticmethod
                    def values_list(field, flat):
                        return ["anonymous"]

                return Found

    monkeypatch.setattr(evidence, "_report_model", lambda: Reports)
    assert evidence.reports_received(orgs["trust_a"], "2025/26") == ["anonymous"]
    assert calls["organisation"] == orgs["trust_a"]
    assert calls["received_at__gte"].isoformat() == "2025-04-01T00:00:00+00:00"
    assert calls["received_at__lt"].isoformat() == "2026-04-01T00:00:00+00:00"


def test_report_model_is_looked_up_only_if_it_exists():
    from django.apps import apps

    expected = None
    with contextlib.suppress(LookupError):
        expected = apps.get_model("reporting", "Report")
    assert evidence._report_model() is expected


def test_unknown_evidence_keys_are_ignored(orgs):
    assert evidence.gather(["no_such_thing"], orgs["trust_a"], "2025/26") == []
