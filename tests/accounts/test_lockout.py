"""Lockout after failed sign-ins: per (account, address) pair, a far higher limit per address, and the
client address believed from X-Forwarded-For only when a trusted proxy sent it."""

import pytest
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from rampart.accounts.lockout import client_address
from rampart.core.models import AuditEntry
from tests.factories import PASSWORD, MembershipFactory, UserFactory

X, Y = "198.51.100.10", "198.51.100.20"
PROXY = "10.0.0.5"


def _sign_in(user_or_email, *, password=PASSWORD, address=X, forwarded=None):
    email = getattr(user_or_email, "email", user_or_email)
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**extra).post("/sign-in/", {"email": email, "password": password})


def _fail_five_times(user, **where):
    for _ in range(5):
        response = _sign_in(user, password="not-the-password", **where)
    return response


@pytest.fixture
def dan(orgs):
    """Dan handles cases at Trust A too, behind the same proxy as Alice."""
    return MembershipFactory(user=UserFactory(email="dan@trust-a.nhs.uk"), organisation=orgs["trust_a"]).user


def test_five_wrong_passwords_lock_that_account_from_that_address(alice):
    assert _fail_five_times(alice).status_code == 429
    assert _sign_in(alice).status_code == 429


def test_five_wrong_passwords_for_one_person_do_not_lock_a_colleague_at_the_same_address(alice, dan):
    _fail_five_times(alice)
    response = _sign_in(dan)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/code/")


def test_a_locked_account_can_still_sign_in_from_another_address(alice):
    _fail_five_times(alice, address=X)
    assert _sign_in(alice, address=Y).status_code == 302


def test_the_address_limit_is_far_higher_than_the_account_limit(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.RAMPART_SIGN_IN_ADDRESS_ATTEMPTS == 100


def test_a_hundred_failures_from_one_address_across_accounts_lock_the_address(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(100):
            _sign_in(f"nobody{n}@example.nhs.uk", password="guess")
        response = _sign_in(alice)
    assert response.status_code == 429
    assert "signing in from it is paused" in response.content.decode()
    assert _sign_in(alice, address=Y).status_code == 302
    assert AuditEntry.objects.filter(
        action="locked_out", detail__reason="too many failed sign-ins from one address"
    ).exists()
    # Nobody's account is locked, so nobody is told it is.
    assert alice.email not in {address for message in mail.outbox for address in message.to}


def test_ninety_nine_failures_from_one_address_do_not_lock_it(alice):
    for n in range(99):
        _sign_in(f"nobody{n}@example.nhs.uk", password="guess")
    assert _sign_in(alice).status_code == 302


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(alice):
    # Each attempt claims another address; all come from X, so the pair (alice, X) is locked.
    for n in range(5):
        _sign_in(alice, password="not-the-password", forwarded=f"203.0.113.{n}")
    assert _sign_in(alice, forwarded="203.0.113.99").status_code == 429


@override_settings(RAMPART_TRUSTED_PROXIES=[PROXY])
def test_a_forwarded_for_header_from_a_trusted_proxy_names_the_client(alice):
    _fail_five_times(alice, address=PROXY, forwarded=X)
    assert _sign_in(alice, address=PROXY, forwarded=X).status_code == 429
    # Another client behind the same proxy is not locked out.
    assert _sign_in(alice, address=PROXY, forwarded=Y).status_code == 302


@override_settings(RAMPART_TRUSTED_PROXIES=["10.0.0.0/8"])
@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        (X, "203.0.113.1", X),  # the peer is no proxy: its header is ignored
        ("10.0.0.5", "203.0.113.1", "203.0.113.1"),
        ("10.0.0.5", "203.0.113.66, 203.0.113.1", "203.0.113.1"),  # the client wrote the left one
        ("10.0.0.5", "203.0.113.1, 10.1.1.1", "203.0.113.1"),  # two trusted proxies
        ("10.0.0.5", "not-an-address, 10.1.1.1", "10.1.1.1"),
        ("10.0.0.5", "", "10.0.0.5"),
    ],
)
def test_client_address_reads_forwarded_for_right_to_left_from_trusted_proxies(peer, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_without_trusted_proxies_the_peer_address_is_the_client(settings):
    settings.RAMPART_TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=X, HTTP_X_FORWARDED_FOR="10.0.0.5")
    assert client_address(request) == X
