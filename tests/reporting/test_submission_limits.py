"""Nobody can fill the database or the handlers' queue without limit: new reports and new drafts are
counted per organisation and across the service (never by anything that identifies a reporter), a
refused reporter is told kindly and keeps what they typed, and the API takes only JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rampart.core.models import RateLimitBucket
from rampart.reporting import services
from rampart.reporting.models import Message, Report, ReportDraft
from tests.reporting.test_public_journey import AGENT, IP, reporter, walk

pytestmark = pytest.mark.django_db

ANONYMOUS = {
    "organisation": "RA1",
    "anonymity": "anonymous",
    "about": "staff",
    "what_happened": "Every shift.",
}


def post_json(client, url, body, content_type="application/json", **headers):
    return client.post(url, json.dumps(body), content_type=content_type, headers=headers)


def test_past_the_organisations_hourly_limit_a_report_waits_and_keeps_every_answer(orgs, monkeypatch):
    monkeypatch.setattr(services, "REPORTS_PER_ORGANISATION", 1)
    first = reporter()
    walk(first, anonymity="anonymous")
    assert first.post("/report/check/").status_code == 200
    second = reporter()
    walk(second, anonymity="anonymous")
    refused = second.post("/report/check/")
    body = refused.content.decode()
    assert refused.status_code == 429
    assert "Your report has not been sent yet" in body
    assert "Nothing you have told us has been lost" in body
    assert "call 999" in body
    assert "He touched my back in the lift twice." in body  # the answers are still on the page
    assert Report.objects.count() == 1
    assert ReportDraft.objects.count() == 1


def test_past_the_services_hourly_limit_other_organisations_wait_too(orgs, monkeypatch):
    monkeypatch.setattr(services, "REPORTS_OVERALL", 1)
    assert post_json(Client(), "/api/v1/reports", ANONYMOUS).status_code == 201
    refused = post_json(Client(), "/api/v1/reports", {**ANONYMOUS, "organisation": "RB1"})
    assert refused.status_code == 429
    assert "nothing was stored" in refused.json()["detail"]
    assert Report.objects.count() == 1
    # The refused report did not use up its own organisation's allowance.
    assert RateLimitBucket.objects.get(key="report:org:RB1").count == 0


def test_past_the_hourly_limit_no_new_draft_is_started_and_the_choice_is_kept(orgs, monkeypatch):
    monkeypatch.setattr(services, "DRAFTS_PER_ORGANISATION", 1)
    assert reporter().post("/report/organisation/?q=Trust", {"organisation": "RA1"}).status_code == 302
    refused = reporter().post("/report/organisation/?q=Trust", {"organisation": "RA1"})
    body = refused.content.decode()
    assert refused.status_code == 429
    assert "could not start your report just now" in body
    assert 'value="RA1" checked' in body
    assert "rampart_report" not in refused.cookies
    assert ReportDraft.objects.count() == 1


def test_the_overall_draft_limit_holds_across_organisations(orgs, monkeypatch):
    monkeypatch.setattr(services, "DRAFTS_OVERALL", 1)
    assert reporter().post("/report/organisation/", {"organisation": "RA1"}).status_code == 302
    assert reporter().post("/report/organisation/", {"organisation": "RB1"}).status_code == 429


def test_the_api_answers_429_past_the_organisations_limit(orgs, monkeypatch):
    monkeypatch.setattr(services, "REPORTS_PER_ORGANISATION", 2)
    answers = [post_json(Client(), "/api/v1/reports", ANONYMOUS).status_code for _ in range(3)]
    assert answers == [201, 201, 429]
    assert Report.objects.count() == 2


def test_limits_are_never_keyed_on_anything_that_identifies_the_reporter(orgs):
    client = reporter()
    walk(client, anonymity="anonymous")
    client.post("/report/check/")
    keys = list(RateLimitBucket.objects.values_list("key", flat=True))
    assert sorted(keys) == ["draft:all", "draft:org:RA1", "report:all", "report:org:RA1"]
    assert not any(IP in key or AGENT in key for key in keys)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
def test_the_reporting_api_refuses_a_body_that_is_not_json_with_415(orgs, content_type):
    """A page on any site can make a browser POST text/plain without asking first."""
    response = post_json(Client(), "/api/v1/reports", ANONYMOUS, content_type=content_type)
    assert response.status_code == 415
    assert not Report.objects.exists()


def test_a_reply_through_the_api_must_be_json_too(orgs):
    code = post_json(Client(), "/api/v1/reports", ANONYMOUS).json()["receipt_code"]
    url = "/api/v1/reports/inbox/messages"
    assert (
        post_json(Client(), url, {"text": "Hi"}, "text/plain", **{"X-Receipt-Code": code}).status_code == 415
    )
    assert not Message.objects.exists()
    sent = post_json(
        Client(), url, {"text": "Hi"}, "application/json; charset=utf-8", **{"X-Receipt-Code": code}
    )
    assert sent.status_code == 201


def test_the_openapi_document_declares_415_and_429(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"201", "415", "422", "429"} <= set(paths["/api/v1/reports"]["post"]["responses"])
    assert {"415", "429"} <= set(paths["/api/v1/reports/inbox/messages"]["post"]["responses"])
    assert "429" in paths["/api/v1/reports/inbox"]["get"]["responses"]


@pytest.mark.django_db
def test_incomplete_answers_are_a_refusal_that_names_what_is_missing():
    from rampart.core.errors import Refused
    from rampart.reporting import journey

    answers = {"anonymity": "anonymous"}
    with pytest.raises(services.NotReady) as refused:
        services.submit_report(answers)
    assert isinstance(refused.value, Refused)
    assert refused.value.missing == journey.missing(journey.without_identity(answers))
    assert refused.value.reasons == (", ".join(refused.value.missing),)
    assert Report.objects.count() == 0
