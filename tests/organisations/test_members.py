import re

from django.core import mail
from django.test import Client

from rampart.accounts.models import Membership, User
from rampart.core.models import AuditEntry


def _add(client, **overrides):
    data = {
        "email": "new.person@trust-a.nhs.uk",
        "first_name": "New",
        "last_name": "Person",
        "role": "investigator",
        **overrides,
    }
    return client.post("/organisations/RA1/members/add/", data)


def test_administrator_adds_a_new_person_who_is_invited_to_set_a_password(
    bob, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(as_user(bob))
    assert response.status_code == 302
    user = User.objects.get(email="new.person@trust-a.nhs.uk")
    assert Membership.objects.filter(user=user, role="investigator", organisation__ods_code="RA1").exists()
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(actor=bob, action="create", object_type="accounts.membership").exists()
    link = re.search(r"http://testserver(/account/set-password/\S+)", mail.outbox[0].body).group(1)
    # The invited person sets a password that passes the validators, once.
    client = Client()
    weak = client.post(link, {"new_password1": "password", "new_password2": "password"}).content.decode()
    assert "This password is too short" in weak or "too common" in weak
    response = client.post(
        link, {"new_password1": "violet-harbour-lantern-42", "new_password2": "violet-harbour-lantern-42"}
    )
    assert response["Location"] == "/sign-in/"
    user.refresh_from_db()
    assert user.check_password("violet-harbour-lantern-42")
    assert client.get(link).status_code == 400


def test_a_case_handler_cannot_add_members(alice, as_user):
    assert _add(as_user(alice)).status_code == 403
    assert not User.objects.filter(email="new.person@trust-a.nhs.uk").exists()


def test_missing_fields_are_named_and_what_was_typed_is_kept(bob, as_user):
    body = _add(as_user(bob), first_name="", role="").content.decode()
    assert "Enter their first name" in body
    assert "Select their role" in body
    assert 'value="new.person@trust-a.nhs.uk"' in body


def test_administrator_removes_a_member_but_not_themself(alice, bob, as_user):
    client = as_user(bob)
    alice_role = Membership.objects.get(user=alice)
    client.post(f"/organisations/RA1/members/{alice_role.pk}/remove/")
    assert not Membership.objects.filter(pk=alice_role.pk).exists()
    own = Membership.objects.get(user=bob)
    client.post(f"/organisations/RA1/members/{own.pk}/remove/")
    assert Membership.objects.filter(pk=own.pk).exists()


def test_charlie_cannot_touch_trust_a_members(alice, charlie, as_user):
    alice_role = Membership.objects.get(user=alice)
    assert as_user(charlie).post(f"/organisations/RA1/members/{alice_role.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=alice_role.pk).exists()


def test_changing_password_checks_the_current_one_and_signs_out_other_devices(alice, as_user):
    laptop, phone = as_user(alice), as_user(alice)
    wrong = laptop.post(
        "/account/password/",
        {
            "old_password": "nope",
            "new_password1": "violet-harbour-lantern-42",
            "new_password2": "violet-harbour-lantern-42",
        },
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    from tests.factories import PASSWORD

    response = laptop.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "violet-harbour-lantern-42",
            "new_password2": "violet-harbour-lantern-42",
        },
    )
    assert response["Location"] == "/account/"
    assert laptop.get("/home/").status_code == 200
    assert phone.get("/home/").status_code == 302


def test_an_administrator_signs_a_member_out_everywhere_audited(alice, bob, charlie, as_user):
    from rampart.accounts.services import create_api_token, user_for_api_token
    from rampart.core.models import AuditAction

    alices_browser = as_user(alice)
    assert alices_browser.get("/cases/").status_code == 200
    _, token = create_api_token(alice, "script")
    alice_role = Membership.objects.get(user=alice)
    assert (
        as_user(charlie).post(f"/organisations/RA1/members/{alice_role.pk}/end-sessions/").status_code == 404
    )
    assert alices_browser.get("/cases/").status_code == 200
    page = as_user(bob).get("/organisations/RA1/")
    assert f"/organisations/RA1/members/{alice_role.pk}/end-sessions/" in page.content.decode()
    done = as_user(bob).post(f"/organisations/RA1/members/{alice_role.pk}/end-sessions/", follow=True)
    assert "signed out on every device" in done.content.decode()
    assert alices_browser.get("/cases/").status_code == 302
    assert user_for_api_token(token, method="GET", path="/api/v1/cases") is None
    entry = AuditEntry.objects.get(action=AuditAction.SIGN_OUT_EVERYWHERE, object_id=str(alice.pk))
    assert entry.actor == bob
    assert entry.organisation.ods_code == "RA1"


def test_a_case_handler_cannot_sign_others_out(alice, bob, as_user):
    bobs_role = Membership.objects.get(user=bob)
    assert as_user(alice).post(f"/organisations/RA1/members/{bobs_role.pk}/end-sessions/").status_code == 403
