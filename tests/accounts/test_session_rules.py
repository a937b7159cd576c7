"""Session rules: an absolute lifetime, no caching of signed-in pages, and the password again before
replacing the authenticator app."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP

from rampart.accounts.models import Authenticator
from rampart.core.models import AuditEntry
from tests.api import bearer
from tests.factories import PASSWORD, current_code


def _sign_in(user):
    client = Client()
    client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    client.post("/sign-in/code/", {"code": current_code(user)})
    return client


def test_a_session_ends_12_hours_after_sign_in_even_if_in_use(alice, settings):
    assert settings.RAMPART_SESSION_MAX_HOURS == 12
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = _sign_in(alice)
        # In use every 20 minutes, so never idle for the 30-minute inactivity limit.
        for _ in range(35):
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get("/home/").status_code == 200
        traveller.shift(dt.timedelta(minutes=19))  # 11 hours 59 minutes after sign-in: still in
        assert client.get("/home/").status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        response = client.get("/home/", follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "You have been signed in for 12 hours" in response.content.decode()
    assert client.get("/home/").status_code == 302


def test_a_session_started_without_the_clock_gets_one_from_its_first_request(alice, as_user):
    client = as_user(alice)
    assert client.get("/home/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=12, minutes=1)):
        assert client.get("/home/").status_code == 302


@pytest.mark.parametrize("path", ["/home/", "/account/", "/triage/"])
def test_every_page_for_someone_signed_in_is_not_stored(alice, as_user, path):
    response = as_user(alice).get(path)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_api_answers_to_a_token_are_not_stored(alice):
    from rampart.accounts.services import create_api_token

    _, token = create_api_token(alice, "script")
    response = Client().get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_a_public_page_is_not_marked_private(db):
    response = Client().get("/report/")
    assert "private" not in response.get("Cache-Control", "")


def test_replacing_the_authenticator_asks_for_the_password_first(alice, as_user):
    client = as_user(alice)
    response = client.get("/account/two-factor/set-up/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/new/password/"
    # A code from a new device is not accepted without the password.
    client.post("/account/two-factor/set-up/", {"code": "123456"})
    assert Authenticator.objects.filter(user=alice).count() == 1


def test_a_wrong_password_does_not_open_the_new_authenticator_page(alice, as_user):
    client = as_user(alice)
    body = client.post("/account/two-factor/new/password/", {"password": "wrong"}).content.decode()
    assert "The password is not correct" in body
    assert client.get("/account/two-factor/set-up/")["Location"] == "/account/two-factor/new/password/"
    assert AuditEntry.objects.filter(actor=alice, action="sign_in_failed").exists()


def test_with_the_password_a_new_authenticator_replaces_the_old(alice, as_user):
    client = as_user(alice)
    old = Authenticator.objects.get(user=alice)
    response = client.post("/account/two-factor/new/password/", {"password": PASSWORD})
    assert response["Location"] == "/account/two-factor/set-up/"
    assert 'data-testid="totp-secret"' in client.get("/account/two-factor/set-up/").content.decode()
    new = Authenticator.objects.get(user=alice, confirmed=False)
    response = client.post("/account/two-factor/set-up/", {"code": f"{TOTP(new.bin_key).token():06d}"})
    assert response["Location"] == "/account/recovery-codes/"
    assert list(Authenticator.objects.filter(user=alice)) == [new]
    assert not Authenticator.objects.filter(pk=old.pk).exists()
    # The password counts once: another replacement asks again.
    assert client.get("/account/two-factor/set-up/")["Location"] == "/account/two-factor/new/password/"


def test_the_password_for_a_new_authenticator_counts_for_ten_minutes(alice, as_user):
    client = as_user(alice)
    client.post("/account/two-factor/new/password/", {"password": PASSWORD})
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert client.get("/account/two-factor/set-up/")["Location"] == "/account/two-factor/new/password/"
