"""The anonymous inbox: receipt codes, equal work for right and wrong codes, rate limits."""

from unittest import mock

import pytest
from django.test import Client

from rampart.reporting import services
from rampart.reporting.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous_report(orgs):
    submitted = services.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "anonymous",
            "about": "staff",
            "affected": "me",
            "what_happened": "Comments on every shift.",
            "still_happening": "yes",
        }
    )
    return submitted.report, submitted.receipt_code


def test_the_receipt_code_opens_the_inbox_and_the_reporter_can_reply(anonymous_report, alice):
    report, code = anonymous_report
    services.send_case_team_message(actor=alice, report=report, text="Which ward was this on?")
    client = Client()
    response = client.post("/report/inbox/", {"code": f"{code[:4]} {code[4:8]} {code[8:12]} {code[12:]}"})
    assert response["Location"] == "/report/inbox/messages/"
    page = client.get("/report/inbox/messages/").content.decode()
    assert "Which ward was this on?" in page
    assert report.reference in page
    client.post("/report/inbox/messages/", {"text": "Ward 7, nights."})
    assert Message.objects.filter(report=report, sender="reporter").get().text == "Ward 7, nights."


def test_the_code_is_stored_only_as_a_slow_hash_and_a_keyed_index(anonymous_report):
    report, code = anonymous_report
    receipt = report.receipt
    assert code not in receipt.code_hash
    assert code not in receipt.lookup
    assert receipt.code_hash.startswith("$argon2id$")


def test_a_wrong_code_is_not_found(anonymous_report):
    response = Client().post("/report/inbox/", {"code": "0000 0000 0000 0000"})
    assert response.status_code == 404
    assert "We could not find a report with that receipt code" in response.content.decode()


def test_a_malformed_code_says_what_a_code_looks_like(db):
    body = Client().post("/report/inbox/", {"code": "12345"}).content.decode()
    assert "A receipt code is 16 numbers" in body


def test_right_and_wrong_codes_do_the_same_slow_work(anonymous_report):
    report, code = anonymous_report
    with mock.patch.object(services, "_hasher", mock.Mock(wraps=services._hasher)) as hasher:
        assert services.open_inbox(code) == report
        assert services.open_inbox("9999999999999999") is None
        assert services.open_inbox("not a code at all") is None
    assert hasher.verify.call_count == 3


def test_wrong_codes_from_one_browser_are_limited(anonymous_report):
    _report, code = anonymous_report
    client = Client()
    for _ in range(services.INBOX_BROWSER_LIMIT):
        assert client.post("/report/inbox/", {"code": "1111 1111 1111 1111"}).status_code == 404
    limited = client.post("/report/inbox/", {"code": code})
    assert limited.status_code == 429
    assert "Too many wrong codes" in limited.content.decode()
    # Another browser is not blocked by this one.
    assert Client().post("/report/inbox/", {"code": code}).status_code == 302


def test_wrong_codes_across_the_service_are_limited(anonymous_report, monkeypatch):
    _report, code = anonymous_report
    monkeypatch.setattr(services, "INBOX_GLOBAL_LIMIT", 3)
    for _ in range(3):
        assert services.open_inbox("2222222222222222") is None
    with pytest.raises(services.RateLimited):
        services.open_inbox(code)


def test_the_inbox_needs_the_code_first(db):
    assert Client().get("/report/inbox/messages/")["Location"] == "/report/inbox/"


def test_leaving_the_inbox_forgets_it(anonymous_report):
    _report, code = anonymous_report
    client = Client()
    client.post("/report/inbox/", {"code": code})
    client.post("/report/inbox/leave/")
    assert client.get("/report/inbox/messages/")["Location"] == "/report/inbox/"


def test_the_inbox_shows_signposting(anonymous_report):
    _report, code = anonymous_report
    client = Client()
    client.post("/report/inbox/", {"code": code})
    assert "Rape Crisis" in client.get("/report/inbox/messages/").content.decode()
