"""Need to know does not stop at the case door: once a case is opened from a report, the report's page,
its messages with the reporter and the reveal belong to that case's team. Alice handles the case; Dave
handles cases at Trust A too but is not on this one."""

import pytest

from rampart.cases import services as cases
from rampart.reporting import services
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def report(orgs):
    return services.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "confidential",
            "about": "staff",
            "affected": "me",
            "what_happened": "My supervisor touched my leg in a meeting.",
            "still_happening": "no",
            "reporter_name": "Sam Reporter",
            "reporter_email": "sam@example.com",
        }
    ).report


@pytest.fixture
def dave(orgs):
    return MembershipFactory(
        user=UserFactory(email="dave@trust-a.nhs.uk"), organisation=orgs["trust_a"], role="case_handler"
    ).user


def reach(client, report):
    """Status codes of the report page, a message, a reveal and a status change."""
    base = f"/triage/{report.reference}/"
    return (
        client.get(base).status_code,
        client.post(f"{base}messages/", {"text": "Thank you for telling us."}).status_code,
        client.post(f"{base}reveal/", {"reason": "Need to arrange support"}).status_code,
        client.post(f"{base}status/", {"status": "under_review", "reason": ""}).status_code,
    )


def test_every_case_handler_of_the_trust_may_act_on_a_report_before_a_case(report, dave, as_user):
    assert reach(as_user(dave), report) == (200, 302, 200, 302)


def test_a_case_handler_not_on_the_case_team_loses_the_report_once_a_case_exists(
    report, alice, dave, as_user
):
    cases.open_case_from_report(actor=alice, report=report)
    client = as_user(dave)
    assert reach(client, report) == (403, 403, 403, 403)
    assert not report.messages.exists()
    refused = client.post(f"/triage/{report.reference}/reveal/", {"reason": "x"})
    assert "Sam Reporter" not in refused.content.decode()


def test_the_case_handler_keeps_the_report(report, alice, as_user):
    cases.open_case_from_report(actor=alice, report=report)
    assert reach(as_user(alice), report) == (200, 302, 200, 302)


def test_the_queue_shows_others_only_that_the_report_went_to_a_case(report, alice, dave, as_user):
    cases.open_case_from_report(actor=alice, report=report)
    body = as_user(dave).get("/triage/?status=all").content.decode()
    assert report.reference in body
    assert f'href="/triage/{report.reference}/"' not in body
    assert "Went to a case you are not on" in body
    assert "A member of staff" not in body
    # Not even the time of day, which would tell an anonymous report from a named one.
    from rampart.core.jinja import nhs_date, nhs_datetime

    assert nhs_date(report.received_at, "short") in body
    assert nhs_datetime(report.received_at, "short") not in body
    mine = as_user(alice).get("/triage/?status=all").content.decode()
    assert f'href="/triage/{report.reference}/"' in mine
    assert "A member of staff" in mine
