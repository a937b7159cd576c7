"""The anonymous inbox: receipt codes, equal work for right and wrong codes, rate limits."""

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from argon2 import PasswordHasher
from django.db import connection, connections
from django.test import Client

from rampart.core import ratelimit
from rampart.reporting import services
from rampart.reporting.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_argon2(monkeypatch):
    """Argon2 at its cheapest, for tests that check hundreds of codes (the work per code is the
    same for right and wrong codes either way)."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(services, "_hasher", quick)
    monkeypatch.setattr(services, "_DECOY_HASH", quick.hash("0" * 16))


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


def test_two_hundred_and_one_wrong_codes_do_not_stop_the_real_code(
    quick_argon2, anonymous_report, monkeypatch
):
    """The review's attack: 201 wrong codes through the API used to lock every reporter out."""
    report, code = anonymous_report
    monkeypatch.setattr(services, "INBOX_GLOBAL_LIMIT", 200)
    monkeypatch.setattr(services, "INBOX_SLOW_SECONDS", 0.001)
    client = Client()
    for n in range(205):
        wrong = f"{n:016d}"
        assert client.get("/api/v1/reports/inbox", headers={"X-Receipt-Code": wrong}).status_code == 404
    opened = client.get("/api/v1/reports/inbox", headers={"X-Receipt-Code": code})
    assert opened.status_code == 200
    assert opened.json()["reference"] == report.reference
    assert Client().post("/report/inbox/", {"code": code}).status_code == 302


def test_past_the_service_budget_every_attempt_is_slowed_not_refused(
    quick_argon2, anonymous_report, monkeypatch
):
    report, code = anonymous_report
    monkeypatch.setattr(services, "INBOX_GLOBAL_LIMIT", 2)
    slept = []
    monkeypatch.setattr(services.time, "sleep", slept.append)
    for _ in range(3):
        assert services.open_inbox("2222222222222222") is None
    assert services.open_inbox(code) == report
    # The third and fourth attempts, the wrong one and the right one alike, waited the same.
    assert slept == [services.INBOX_SLOW_SECONDS] * 2


def test_a_browser_refused_for_wrong_codes_does_no_argon2_work(quick_argon2, anonymous_report):
    _report, code = anonymous_report
    for _ in range(services.INBOX_BROWSER_LIMIT):
        assert services.open_inbox("1111111111111111", browser_key="b" * 32) is None
    with (
        mock.patch.object(services, "_hasher", mock.Mock(wraps=services._hasher)) as hasher,
        pytest.raises(services.RateLimited),
    ):
        services.open_inbox(code, browser_key="b" * 32)
    assert hasher.verify.call_count == 0


def test_when_every_argon2_slot_is_taken_the_request_is_refused_quickly_without_hashing(
    quick_argon2, anonymous_report, monkeypatch
):
    _report, code = anonymous_report
    full = threading.BoundedSemaphore(1)
    full.acquire()
    monkeypatch.setattr(services, "_argon2_slots", full)
    monkeypatch.setattr(services, "ARGON2_WAIT_SECONDS", 0.01)
    with mock.patch.object(services, "_hasher", mock.Mock(wraps=services._hasher)) as hasher:
        with pytest.raises(services.Busy):
            services.open_inbox(code, browser_key="c" * 32)
        busy = Client().get("/api/v1/reports/inbox", headers={"X-Receipt-Code": code})
        page = Client().post("/report/inbox/", {"code": code})
    assert hasher.verify.call_count == 0
    assert busy.status_code == 429
    assert page.status_code == 429
    assert "The inbox is busy" in page.content.decode()
    # A busy refusal is not the browser's doing: it keeps all its attempts.
    assert ratelimit.count(f"inbox:b:{hashlib.sha256(b'c' * 32).hexdigest()}", window_seconds=600) == 0


def test_opening_the_inbox_does_not_use_up_the_browsers_attempts(quick_argon2, anonymous_report):
    report, code = anonymous_report
    for _ in range(services.INBOX_BROWSER_LIMIT * 2):
        assert services.open_inbox(code, browser_key="d" * 32) == report
    assert services.open_inbox("1111111111111111", browser_key="d" * 32) is None


def _forty_wrong_attempts(*, parallel: bool) -> list[str]:
    def one(_: int) -> str:
        try:
            return "refused" if _refused() else "checked"
        finally:
            if parallel:
                connections.close_all()

    def _refused() -> bool:
        try:
            services.open_inbox("3333333333333333", browser_key="e" * 32)
        except services.RateLimited:
            return True
        return False

    if not parallel:
        return [one(n) for n in range(40)]
    with ThreadPoolExecutor(max_workers=40) as pool:
        return list(pool.map(one, range(40)))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need separate connections")
@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_codes_from_one_browser_never_pass_its_limit(quick_argon2, orgs, monkeypatch):
    monkeypatch.setattr(services, "INBOX_BROWSER_LIMIT", 10)
    monkeypatch.setattr(services, "ARGON2_WAIT_SECONDS", 60)
    with mock.patch.object(services, "_hasher", mock.Mock(wraps=services._hasher)) as hasher:
        outcomes = _forty_wrong_attempts(parallel=True)
    assert outcomes.count("checked") == 10
    assert hasher.verify.call_count == 10


def test_forty_wrong_codes_from_one_browser_one_after_another_never_pass_its_limit(
    quick_argon2, orgs, monkeypatch
):
    monkeypatch.setattr(services, "INBOX_BROWSER_LIMIT", 10)
    with mock.patch.object(services, "_hasher", mock.Mock(wraps=services._hasher)) as hasher:
        outcomes = _forty_wrong_attempts(parallel=False)
    assert outcomes.count("checked") == 10
    assert hasher.verify.call_count == 10


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
