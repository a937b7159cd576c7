"""Organisation pages for Alice (case handler at Trust A), Bob (Trust A administrator) and
Charlie (Trust B), who must see nothing of Trust A."""

import pytest

from rampart.core.models import AuditEntry


def test_alice_sees_her_trust_without_its_member_list(alice, as_user, orgs):
    response = as_user(alice).get("/organisations/RA1/")
    assert response.status_code == 200
    assert "Trust A" in response.content.decode()
    assert "Members" not in response.content.decode()


def test_bob_sees_the_member_list_and_the_read_is_audited(alice, bob, as_user, orgs):
    response = as_user(bob).get("/organisations/RA1/")
    assert alice.email in response.content.decode()
    assert AuditEntry.objects.filter(actor=bob, action="read", organisation=orgs["trust_a"]).exists()


@pytest.mark.parametrize("path", ["/organisations/RA1/", "/organisations/RA1/audit-log/"])
def test_charlie_gets_not_found_for_trust_a(charlie, as_user, path):
    assert as_user(charlie).get(path).status_code == 404


def test_charlie_lists_only_his_own_trust(charlie, as_user):
    body = as_user(charlie).get("/organisations/").content.decode()
    assert "Trust B" in body
    assert "Trust A" not in body


def test_audit_log_is_for_administrators_and_privacy_officers(alice, bob, as_user):
    assert as_user(alice).get("/organisations/RA1/audit-log/").status_code == 403
    assert AuditEntry.objects.filter(actor=alice, action="permission_denied").exists()
    assert as_user(bob).get("/organisations/RA1/audit-log/").status_code == 200


def test_administrator_can_check_the_chain_from_the_page(bob, as_user):
    client = as_user(bob)
    response = client.post("/organisations/RA1/audit-log/verify/", follow=True)
    assert "The audit log is intact" in response.content.decode()


def test_switching_organisation_changes_the_header(orgs, as_user):
    from tests.factories import MembershipFactory

    user = MembershipFactory(organisation=orgs["trust_a"]).user
    MembershipFactory(user=user, organisation=orgs["gp_a"])
    client = as_user(user)
    response = client.post("/organisations/switch/", {"organisation": orgs["gp_a"].pk}, follow=True)
    assert "You are working in <strong>GP A</strong>" in response.content.decode()


def test_switching_to_an_organisation_you_do_not_belong_to_is_refused(alice, orgs, as_user):
    response = as_user(alice).post("/organisations/switch/", {"organisation": orgs["trust_b"].pk})
    assert response.status_code == 200
    assert "Select the organisation you want to work in" in response.content.decode()


def test_signed_out_visitor_is_sent_to_sign_in(client, orgs):
    response = client.get("/organisations/RA1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("answer", ["Trust A", "99999999999999999999999", "-1", ""])
def test_an_answer_that_is_no_organisation_asks_again(alice, as_user, answer):
    response = as_user(alice).post("/organisations/switch/", {"organisation": answer})
    assert response.status_code == 200
    assert "Select the organisation you want to work in" in response.content.decode()
