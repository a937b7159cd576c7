"""Guessing another trust's records leaves a trace with the trust that holds them (issue 14, item 6)."""

import pytest
from django.core import mail
from django.test import Client

from rampart.accounts import denials
from rampart.cases.permissions import CaseAction
from rampart.core.models import AuditAction, AuditEntry
from tests.api import bearer
from tests.conftest import signed_in_client
from tests.factories import CaseFactory, MembershipFactory, ReportFactory, UserFactory


def _denials(org):
    return AuditEntry.objects.filter(action=AuditAction.PERMISSION_DENIED, organisation=org)


@pytest.mark.django_db
def test_a_404_on_another_trusts_case_is_recorded_against_the_trust_that_holds_it(orgs, charlie):
    case = CaseFactory(organisation=orgs["trust_a"])
    client = signed_in_client(charlie)
    assert client.get(f"/cases/{case.reference}/").status_code == 404
    entry = _denials(orgs["trust_a"]).get()
    assert entry.actor == charlie
    assert entry.object_id == str(case.pk)
    assert entry.detail["reason"] == "not visible"
    # A reference that exists nowhere is the same 404 and records nothing.
    assert client.get("/cases/CASE-NOSUCH/").status_code == 404
    assert _denials(orgs["trust_a"]).count() == 1


@pytest.mark.django_db
def test_the_case_api_and_the_report_page_record_the_attempt_too(orgs, charlie):
    case = CaseFactory(organisation=orgs["trust_a"])
    report = ReportFactory(organisation=orgs["trust_a"])
    client = signed_in_client(charlie)
    assert client.get(f"/triage/{report.reference}/").status_code == 404
    from rampart.accounts.services import create_api_token

    _, token = create_api_token(charlie, "test")
    found = Client().get(f"/api/v1/cases/{case.reference}", **bearer(token))
    assert found.status_code == 404
    assert {e.object_type for e in _denials(orgs["trust_a"])} == {"reporting.report", "cases.case"}


@pytest.mark.django_db
def test_an_object_level_refusal_is_stored_with_the_objects_organisation(orgs, charlie):
    from django.core.exceptions import PermissionDenied

    from rampart.core import policy

    case = CaseFactory(organisation=orgs["trust_a"])
    with pytest.raises(PermissionDenied):
        policy.require(charlie, CaseAction.VIEW_CASE, case)
    assert _denials(orgs["trust_a"]).filter(object_id=str(case.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_attempts_tells_the_holding_trusts_administrators_once(orgs, charlie):
    admin = MembershipFactory(
        user=UserFactory(email="admin@trust-a.nhs.uk"), organisation=orgs["trust_a"], role="administrator"
    ).user
    cases = [CaseFactory(organisation=orgs["trust_a"]) for _ in range(denials.BURST + 3)]
    client = signed_in_client(charlie)
    for case in cases[: denials.BURST - 1]:
        assert client.get(f"/cases/{case.reference}/").status_code == 404
    assert not [m for m in mail.outbox if admin.email in m.to]
    for case in cases[denials.BURST - 1 :]:
        assert client.get(f"/cases/{case.reference}/").status_code == 404
    told = [m for m in mail.outbox if admin.email in m.to]
    assert len(told) == 1
    assert "charlie@trust-b.nhs.uk" in told[0].body
    assert f"/organisations/{orgs['trust_a'].ods_code}/audit-log/" in told[0].body
    assert cases[0].summary not in told[0].body


@pytest.mark.django_db
def test_every_case_page_records_the_attempt_the_same_way(orgs, charlie):
    case = CaseFactory(organisation=orgs["trust_a"])
    client = signed_in_client(charlie)
    for path in (f"/cases/{case.reference}/parties/1/account/", f"/cases/{case.reference}/reporter/reveal/"):
        assert client.get(path).status_code == 404
    assert _denials(orgs["trust_a"]).filter(object_id=str(case.pk)).count() == 2
