"""The referral rules as data: which duties become records, checklists, status changes, overdue, gaps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.duties import DutyCode
from rampart.referrals import rules
from rampart.referrals.rules import PacketFacts, Status

TODAY = date(2026, 11, 23)
WORKFLOW_DUTIES = {
    DutyCode.REVIEW_GROUP,
    DutyCode.RISK_ASSESSMENT_ALL_PARTIES,
    DutyCode.SUPPORT_ALL_PARTIES,
    DutyCode.SPECIALIST_INVESTIGATOR,
    DutyCode.INTERIM_MEASURES_REVIEW,
}


def test_every_duty_is_either_a_referral_or_a_case_step():
    assert set(rules.REFERRAL_CODES) | WORKFLOW_DUTIES == set(DutyCode)
    assert not set(rules.REFERRAL_CODES) & WORKFLOW_DUTIES


@pytest.mark.parametrize("code", list(rules.REFERRAL_CODES))
def test_every_referral_has_a_checklist_of_distinct_items(code):
    items = rules.CHECKLISTS[code]
    assert len(items) >= 3
    assert len({i.code for i in items}) == len(items)


def test_dbs_checklist_has_what_the_dbs_asks_for():
    texts = " | ".join(i.text.lower() for i in rules.CHECKLISTS[DutyCode.DBS_BARRING_REFERRAL])
    for needed in (
        "personal details",
        "employment history",
        "regulated activity",
        "chronology",
        "first-hand witness statements",
        "affected person's",
        "investigation report",
        "dismissal letter",
    ):
        assert needed in texts


def test_regulator_checklist_identifies_the_registrant_and_the_referrer():
    codes = {i.code for i in rules.CHECKLISTS[DutyCode.REGULATOR_REFERRAL]}
    assert {"registrant", "referrer", "concern_in_writing", "outcome"} <= codes


def test_packets_are_for_the_dbs_and_the_regulator():
    assert {DutyCode.DBS_BARRING_REFERRAL, DutyCode.REGULATOR_REFERRAL} == rules.PACKET_CODES


@pytest.mark.parametrize("code", list(rules.REFERRAL_CODES))
def test_a_slug_leads_back_to_its_duty(code):
    assert rules.code_from_slug(rules.slug(code)) is code


@pytest.mark.parametrize("value", ["review-group", "nonsense", ""])
def test_a_slug_of_no_referral_duty_leads_nowhere(value):
    assert rules.code_from_slug(value) is None


@pytest.mark.parametrize(
    ("was", "to", "sent_on", "reason", "problems"),
    [
        (Status.TO_DO, Status.SENT, TODAY, "", {}),
        (Status.TO_DO, Status.SENT, None, "", {"sent_on": "Enter the date it was sent"}),
        (Status.TO_DO, Status.ACKNOWLEDGED, None, "", {"sent_on": "Enter the date it was sent"}),
        (
            Status.TO_DO,
            Status.SENT,
            TODAY + timedelta(days=1),
            "",
            {"sent_on": "The date sent must be today or in the past"},
        ),
        (Status.SENT, Status.ACKNOWLEDGED, TODAY, "", {}),
        (Status.TO_DO, Status.NOT_NEEDED, None, "  ", {"reason": "Enter why this referral is not needed"}),
        (Status.TO_DO, Status.NOT_NEEDED, None, "Police already told", {}),
        (
            Status.SENT,
            Status.TO_DO,
            None,
            "",
            {"reason": "Enter why a referral that was sent is being changed"},
        ),
        (Status.ACKNOWLEDGED, Status.TO_DO, None, "Sent to the wrong address", {}),
        (Status.NOT_NEEDED, Status.TO_DO, None, "", {}),
    ],
)
def test_status_change_problems(was, to, sent_on, reason, problems):
    assert rules.change_problems(to=to, sent_on=sent_on, reason=reason, today=TODAY, was=was) == problems


@given(st.dates(max_value=TODAY), st.sampled_from([Status.TO_DO, Status.NOT_NEEDED, Status.SENT]))
def test_a_referral_sent_on_or_before_today_may_always_be_recorded(sent_on, was):
    assert rules.change_problems(to=Status.SENT, sent_on=sent_on, reason="", today=TODAY, was=was) == {}


@pytest.mark.parametrize(
    ("status", "due_on", "indicated", "overdue"),
    [
        (Status.TO_DO, TODAY - timedelta(days=1), True, True),
        (Status.TO_DO, TODAY, True, False),
        (Status.TO_DO, None, True, False),
        (Status.TO_DO, TODAY - timedelta(days=1), False, False),
        (Status.SENT, TODAY - timedelta(days=1), True, False),
        (Status.NOT_NEEDED, TODAY - timedelta(days=1), True, False),
    ],
)
def test_overdue_means_still_to_do_for_a_duty_still_found_and_past_its_date(
    status, due_on, indicated, overdue
):
    assert rules.is_overdue(status=status, due_on=due_on, indicated=indicated, today=TODAY) is overdue


COMPLETE = PacketFacts(
    duty=DutyCode.DBS_BARRING_REFERRAL,
    subject_recorded=True,
    subject_role_recorded=True,
    registration_recorded=True,
    affected_recorded=True,
    chronology_entries=5,
    risk_assessments=2,
    findings_recorded=True,
    outcome_recorded=True,
    removed_from_regulated_activity=True,
)


@pytest.mark.parametrize("duty", sorted(rules.PACKET_CODES))
def test_a_complete_packet_misses_nothing(duty):
    assert rules.packet_gaps(replace(COMPLETE, duty=duty)) == []


@pytest.mark.parametrize(
    ("change", "gap"),
    [
        (
            {"subject_recorded": False, "subject_role_recorded": False},
            "The subject of concern is not recorded",
        ),
        ({"subject_role_recorded": False}, "The subject's role or profession is not recorded"),
        ({"affected_recorded": False}, "The person affected is not recorded"),
        ({"chronology_entries": 0}, "no chronology"),
        ({"risk_assessments": 0}, "No risk assessment"),
        ({"findings_recorded": False}, "findings are not recorded"),
        ({"outcome_recorded": False}, "The outcome is not recorded"),
        ({"removed_from_regulated_activity": False}, "removal from regulated activity"),
    ],
)
def test_each_gap_in_a_dbs_packet_is_named(change, gap):
    gaps = rules.packet_gaps(replace(COMPLETE, **change))
    assert len(gaps) == 1
    assert gap in gaps[0]


def test_a_regulator_packet_needs_the_registration_number_but_not_removal():
    facts = replace(
        COMPLETE,
        duty=DutyCode.REGULATOR_REFERRAL,
        registration_recorded=False,
        removed_from_regulated_activity=False,
    )
    assert rules.packet_gaps(facts) == ["The subject's professional registration number is not recorded"]


def test_a_dbs_packet_does_not_ask_for_a_registration_number():
    assert rules.packet_gaps(replace(COMPLETE, registration_recorded=False)) == []


def test_evidence_not_yet_gathered_comes_after_what_the_case_does_not_record():
    item = rules.CHECKLISTS[DutyCode.DBS_BARRING_REFERRAL][0]
    gaps = rules.packet_gaps(replace(COMPLETE, outcome_recorded=False, unticked=(item,)))
    assert gaps == ["The outcome is not recorded", f"Not yet gathered: {item.text}"]


# --- notifications delivered inside Rampart ---------------------------------------------------------


@pytest.mark.parametrize(
    ("duty", "sender_kind", "performer", "route"),
    [
        ("COMMISSIONER_NOTIFICATION", "primary_care", False, rules.Route.ICB),
        ("COMMISSIONER_NOTIFICATION", "primary_care", True, rules.Route.REGION),  # via the MDSIPS
        ("COMMISSIONER_NOTIFICATION", "nhs_trust", True, rules.Route.ICB),  # a trust's goes to its ICB
        ("MDSIPS_NOTIFICATION", "primary_care", True, rules.Route.REGION),
        ("MDSIPS_NOTIFICATION", "nhs_trust", False, rules.Route.REGION),
        ("CQC_NOTIFICATION", "primary_care", True, None),
    ],
)
def test_a_notification_goes_to_the_icb_or_for_a_practices_performer_the_region(
    duty, sender_kind, performer, route
):
    assert rules.notification_route(duty=duty, sender_kind=sender_kind, performer=performer) is route


def test_a_performers_two_notifications_have_one_recipient():
    routes = {
        rules.notification_route(duty=code, sender_kind="primary_care", performer=True)
        for code in rules.NOTIFICATION_CODES
    }
    assert routes == {rules.Route.REGION}


def test_a_notification_is_chased_three_working_days_after_delivery():
    assert rules.chase_on(date(2026, 3, 4)) == date(2026, 3, 9)  # Wednesday → Monday


@pytest.mark.parametrize(
    ("acknowledged_on", "today", "past_due"),
    [
        (None, date(2026, 3, 8), False),
        (None, date(2026, 3, 9), True),
        (date(2026, 3, 5), date(2026, 3, 20), False),
    ],
)
def test_unacknowledged_past_due_from_the_chase_date(acknowledged_on, today, past_due):
    assert (
        rules.is_unacknowledged_past_due(
            acknowledged_on=acknowledged_on, chase_on=date(2026, 3, 9), today=today
        )
        is past_due
    )


@pytest.mark.parametrize(
    ("acknowledged_on", "problem"),
    [
        (None, "Enter the date you acknowledged the notification"),
        (date(2026, 3, 11), "The date acknowledged must be today or in the past"),
        (date(2026, 3, 1), "The date acknowledged must be on or after the date it was sent"),
        (date(2026, 3, 2), None),
        (date(2026, 3, 10), None),
    ],
)
def test_an_acknowledgement_date_is_between_the_date_sent_and_today(acknowledged_on, problem):
    found = rules.acknowledgement_problems(
        acknowledged_on=acknowledged_on, sent_on=date(2026, 3, 2), today=date(2026, 3, 10)
    )
    assert found == ({"acknowledged_on": problem} if problem else {})
