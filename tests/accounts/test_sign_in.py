import pytest
from django.core import mail
from django.test import Client, override_settings

from rampart.core.models import AuditEntry
from tests.factories import PASSWORD, MembershipFactory, UserFactory, current_code


def _password_step(client, user, password=PASSWORD, next_url=""):
    return client.post("/sign-in/", {"email": user.email, "password": password, "next": next_url})


def test_password_then_code_signs_in(alice):
    client = Client()
    response = _password_step(client, alice)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/code/")
    response = client.post("/sign-in/code/", {"code": current_code(alice)})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
    assert AuditEntry.objects.filter(actor=alice, action="sign_in").exists()


def test_password_alone_gives_no_access(alice):
    client = Client()
    _password_step(client, alice)
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/code/")


def test_wrong_password_says_what_to_do_and_is_audited(alice):
    response = _password_step(Client(), alice, password="wrong-password-1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a correct e-mail address and password" in body
    assert AuditEntry.objects.filter(action="sign_in_failed", actor_label=alice.email).exists()


def test_empty_sign_in_form_names_each_missing_field(db):
    body = Client().post("/sign-in/", {"email": "", "password": ""}).content.decode()
    assert "Enter your work e-mail address" in body
    assert "Enter your password" in body
    assert 'href="#id_email"' in body


def test_wrong_code_is_refused_with_a_message(alice):
    client = Client()
    _password_step(client, alice)
    wrong = f"{(int(current_code(alice)) + 1) % 10**6:06d}"
    body = client.post("/sign-in/code/", {"code": wrong}).content.decode()
    assert "The security code is not correct" in body
    assert client.get("/home/").status_code == 302
    assert AuditEntry.objects.filter(actor=alice, action="second_factor_failed").exists()


def test_malformed_code_gets_a_format_message(alice):
    client = Client()
    _password_step(client, alice)
    body = client.post("/sign-in/code/", {"code": "12ab"}).content.decode()
    assert "The security code must be 6 numbers" in body


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_and_alert(alice, bob, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            response = _password_step(client, alice, password="not-the-password")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Even the right password is refused while locked.
    assert _password_step(Client(), alice).status_code == 429
    assert AuditEntry.objects.filter(action="locked_out", actor_label=alice.email).exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {alice.email, bob.email} <= recipients


def test_next_must_stay_on_this_site(alice):
    client = Client()
    _password_step(client, alice, next_url="https://evil.example/")
    response = client.post("/sign-in/code/?next=https://evil.example/", {"code": current_code(alice)})
    assert response["Location"] == "/home/"


@pytest.mark.parametrize("next_url", ["99999", "core:home", "home", "//evil.example/x"])
def test_a_next_that_is_no_path_on_this_site_goes_home(alice, as_user, next_url):
    response = as_user(alice).get("/sign-in/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_next_brings_the_user_back_to_the_page_they_wanted(alice, orgs):
    client = Client()
    target = f"/organisations/{orgs['trust_a'].ods_code}/"
    response = _password_step(client, alice, next_url=target)
    response = client.post(response["Location"], {"code": current_code(alice)})
    assert response["Location"] == target


@pytest.mark.parametrize("demo", [True, False])
def test_demo_code_is_shown_only_in_demo_mode_for_demo_users(alice, settings, demo):
    settings.DEMO = demo
    alice.is_demo = True
    alice.save()
    client = Client()
    _password_step(client, alice)
    body = client.get("/sign-in/code/").content.decode()
    assert ('data-testid="demo-code"' in body) is demo
    assert (current_code(alice) in body) is demo


def test_demo_code_is_never_shown_for_a_real_user_even_in_demo_mode(alice, settings):
    settings.DEMO = True
    client = Client()
    _password_step(client, alice)
    assert 'data-testid="demo-code"' not in client.get("/sign-in/code/").content.decode()


def test_sessions_expire_after_30_minutes_of_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_an_expired_session_is_explained_on_the_sign_in_page(alice, as_user):
    client = as_user(alice)
    client.get("/home/")
    client.cookies.pop("sessionid")
    response = client.get("/home/", follow=True)
    assert "You were signed out because you had not used Rampart for 30 minutes" in response.content.decode()


def test_sign_out_everywhere_ends_every_session(alice, as_user):
    laptop, phone = as_user(alice), as_user(alice)
    assert phone.get("/home/").status_code == 200
    laptop.post("/account/sign-out-everywhere/")
    assert phone.get("/home/").status_code == 302
    assert laptop.get("/home/").status_code == 302
    assert AuditEntry.objects.filter(actor=alice, action="sign_out_everywhere").exists()


def test_sign_out_asks_then_signs_out(alice, as_user):
    client = as_user(alice)
    assert "Sign out" in client.get("/sign-out/").content.decode()
    client.post("/sign-out/")
    assert client.get("/home/").status_code == 302


def test_production_hashes_passwords_with_argon2():
    from rampart import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_password_validators_reject_a_weak_password(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password123", UserFactory.build())


def test_enrolment_shows_a_qr_code_then_recovery_codes_once(orgs):
    user = MembershipFactory(user=UserFactory(with_authenticator=False), organisation=orgs["trust_a"]).user
    client = Client()
    response = _password_step(client, user)
    assert response["Location"].startswith("/account/two-factor/set-up/")
    page = client.get("/account/two-factor/set-up/").content.decode()
    assert "<svg" in page
    assert 'data-testid="totp-secret"' in page
    from rampart.accounts.models import Authenticator

    device = Authenticator.objects.get(user=user, confirmed=False)
    from django_otp.oath import TOTP

    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post("/account/two-factor/set-up/", {"code": code})
    assert response["Location"] == "/account/recovery-codes/"
    first = client.get("/account/recovery-codes/").content.decode()
    assert 'data-testid="recovery-codes"' in first
    assert client.get("/account/recovery-codes/")["Location"] == "/account/"
    assert client.get("/home/").status_code == 200


def test_a_recovery_code_works_once(alice):
    from rampart.accounts import services

    codes = services.replace_recovery_codes(alice)
    client = Client()
    _password_step(client, alice)
    response = client.post("/sign-in/recovery/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
    again = Client()
    _password_step(again, alice)
    body = again.post("/sign-in/recovery/", {"code": codes[0]}).content.decode()
    assert "not correct or has already been used" in body
