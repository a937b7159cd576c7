"""Personal API tokens expire, are revoked with the sessions they stand beside, and every use is audited."""

import datetime as dt

import time_machine
from django.test import Client
from django.utils import timezone

from rampart.accounts import services
from rampart.accounts.models import ApiToken, Membership
from rampart.core.models import AuditEntry
from tests.api import bearer
from tests.factories import PASSWORD, UserFactory


def _me(token):
    return Client().get("/api/v1/me?search=x", **bearer(token))


def test_a_new_token_expires_after_90_days_and_the_page_says_when(alice, as_user):
    page = as_user(alice).post("/account/api-tokens/new/", {"name": "laptop"}).content.decode()
    api_token = ApiToken.objects.get(user=alice)
    assert abs(api_token.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    assert 'data-testid="api-token-expiry"' in page
    assert f"It stops working on {timezone.localtime(api_token.expires_at):%-d %B %Y}" in page


def test_an_expired_token_is_refused(alice):
    _, token = services.create_api_token(alice, "script")
    assert _me(token).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=90, minutes=1)):
        assert _me(token).status_code == 401


def test_signing_out_everywhere_revokes_every_token(alice, as_user):
    _, token = services.create_api_token(alice, "script")
    as_user(alice).post("/account/sign-out-everywhere/")
    assert _me(token).status_code == 401
    assert AuditEntry.objects.filter(
        detail__what="api tokens", detail__because="signed out everywhere"
    ).exists()


def test_changing_the_password_revokes_every_token(alice, as_user):
    _, token = services.create_api_token(alice, "script")
    new = "a-brand-new-long-passphrase"
    response = as_user(alice).post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert _me(token).status_code == 401


def test_losing_the_last_membership_revokes_every_token(alice, bob, orgs):
    _, token = services.create_api_token(alice, "script")
    other = Membership.objects.create(user=alice, organisation=orgs["trust_b"], role="case_handler")
    services.remove_member(
        actor=bob, membership=Membership.objects.get(user=alice, organisation=orgs["trust_a"])
    )
    assert _me(token).status_code == 200  # still a member at Trust B
    # Trust B's own administrator removes her there (Bob administers only Trust A).
    tom = Membership.objects.create(
        user=UserFactory(email="tom@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="administrator"
    ).user
    services.remove_member(actor=tom, membership=other)
    assert _me(token).status_code == 401
    assert AuditEntry.objects.filter(actor=tom, detail__because="no longer a member anywhere").exists()


def test_every_use_of_a_token_is_audited_with_its_path_and_no_query(alice):
    api_token, token = services.create_api_token(alice, "script")
    _me(token)
    _me(token)
    used = AuditEntry.objects.filter(actor=alice, action="read", object_type="accounts.apitoken")
    assert used.count() == 2
    entry = used.first()
    assert entry.object_id == str(api_token.pk)
    assert entry.detail == {"via": "api_token", "method": "GET", "path": "/api/v1/me"}


def test_a_wrong_token_is_not_recorded_as_a_use(alice):
    before = AuditEntry.objects.count()
    assert _me("rmp_not-a-real-token").status_code == 401
    assert AuditEntry.objects.count() == before


def test_the_account_page_lists_only_live_tokens_with_their_expiry(alice, as_user):
    services.create_api_token(alice, "laptop")
    old, _ = services.create_api_token(alice, "old script")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    page = as_user(alice).get("/account/").content.decode()
    assert "laptop" in page
    assert "old script" not in page
    assert "Expires" in page
