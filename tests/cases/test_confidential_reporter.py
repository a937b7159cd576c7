"""A confidential reporter on a case: named nowhere on it, revealed only to its handler, with a reason,
recorded in the audit log and on the timeline. Alice handles the case; Ivy investigates it; Rita sits
on the review group; none but Alice may learn who made the report."""

import pytest

from rampart.accounts.services import create_api_token
from rampart.cases import services
from rampart.cases.models import CaseTeamMember, Person, TimelineEntry
from rampart.core.models import AuditEntry
from rampart.reporting import services as reporting

NAME, EMAIL = "Sam Reporter", "sam@example.com"


def submitted(anonymity):
    return reporting.submit_report(
        {
            "organisation": "RA1",
            "anonymity": anonymity,
            "about": "staff",
            "affected": "me",
            "what_happened": "My supervisor touched my leg in a meeting.",
            "still_happening": "no",
            "reporter_name": NAME,
            "reporter_email": EMAIL,
        }
    ).report


@pytest.fixture
def report(orgs):
    return submitted("confidential")


@pytest.fixture
def case(report, alice):
    return services.open_case_from_report(actor=alice, report=report)


def triage(case, actor, sexual_dimension):
    services.triage(
        actor=actor,
        case=case,
        version=None,
        sexual_dimension=sexual_dimension,
        screening_notes="Touching in a meeting",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )


def api_get(client, user, path):
    _, token = create_api_token(user, "script")
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def assert_unnamed(text):
    assert NAME not in text
    assert EMAIL not in text


def test_the_case_records_a_confidential_reporter_without_their_name(case, alice, as_user):
    party = case.parties.get()
    assert party.confidential
    assert party.person.name == ""
    assert not any(p.name == NAME for p in Person.objects.all())
    page = as_user(alice).get(f"/cases/{case.reference}/").content.decode()
    assert "Confidential reporter" in page
    assert_unnamed(page)


def test_an_investigator_sees_no_reporter_name_on_the_page_or_the_api(
    case, alice, investigator, as_user, client
):
    triage(case, alice, "no")
    services.assign_investigation(
        actor=alice, case=case, version=None, terms_of_reference="t", investigators=[investigator]
    )
    page = as_user(investigator).get(f"/cases/{case.reference}/")
    assert page.status_code == 200
    assert "Confidential reporter" in page.content.decode()
    assert_unnamed(page.content.decode())
    api = api_get(client, investigator, f"/api/v1/cases/{case.reference}")
    assert api.status_code == 200
    assert_unnamed(api.content.decode())


def test_the_review_group_sees_no_reporter_name_on_the_page_or_the_api(
    case, alice, reviewer, as_user, client
):
    triage(case, alice, "yes")
    services.refer_to_review_group(actor=alice, case=case, version=None)
    page = as_user(reviewer).get(f"/cases/{case.reference}/")
    assert page.status_code == 200
    assert_unnamed(page.content.decode())
    api = api_get(client, reviewer, f"/api/v1/cases/{case.reference}")
    assert api.status_code == 200
    assert_unnamed(api.content.decode())


def test_the_investigator_and_review_group_may_not_reveal_the_reporter(
    case, alice, reviewer, investigator, as_user
):
    triage(case, alice, "yes")
    services.refer_to_review_group(actor=alice, case=case, version=None)
    CaseTeamMember.objects.create(case=case, user=investigator, role="investigator")
    for user in (reviewer, investigator):
        client = as_user(user)
        page = client.get(f"/cases/{case.reference}/").content.decode()
        assert "Reveal who made the report" not in page
        url = f"/cases/{case.reference}/reporter/reveal/"
        assert client.get(url).status_code == 403
        refused = client.post(url, {"reason": "Curious"})
        assert refused.status_code == 403
        assert_unnamed(refused.content.decode())
    assert not AuditEntry.objects.filter(detail__what="reporter identity").exists()


def test_the_handler_reveals_the_reporter_from_the_case_with_a_reason(case, alice, investigator, as_user):
    client = as_user(alice)
    assert "Reveal who made the report" in client.get(f"/cases/{case.reference}/").content.decode()
    url = f"/cases/{case.reference}/reporter/reveal/"
    refused = client.post(url, {"reason": ""}).content.decode()
    assert "Enter why you need to know who made the report" in refused
    assert_unnamed(refused)
    shown = client.post(url, {"reason": "To arrange a support meeting"}).content.decode()
    assert NAME in shown
    assert EMAIL in shown
    entry = AuditEntry.objects.get(detail__what="reporter identity")
    assert (entry.actor, entry.detail["reason"]) == (alice, "To arrange a support meeting")
    who = alice.get_full_name() or alice.email
    assert TimelineEntry.objects.filter(
        case=case, actor=alice, what=f"Reporter's identity revealed to {who}: To arrange a support meeting"
    ).exists()
    # Shown back to the handler on the case page: who, when and why, but not the identity itself.
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert f"{who}, " in page
    assert "To arrange a support meeting" in page
    assert_unnamed(page)


def test_a_reveal_from_the_report_page_reaches_the_case_timeline(case, report, alice, as_user):
    shown = as_user(alice).post(f"/triage/{report.reference}/reveal/", {"reason": "Safeguarding check"})
    assert NAME in shown.content.decode()
    assert TimelineEntry.objects.filter(case=case, what__endswith=": Safeguarding check").exists()


def test_a_named_reporter_is_a_party_with_their_name(alice, as_user, orgs):
    case = services.open_case_from_report(actor=alice, report=submitted("named"))
    party = case.parties.get()
    assert (party.confidential, party.person.name) == (False, NAME)
    assert NAME in as_user(alice).get(f"/cases/{case.reference}/").content.decode()
    assert as_user(alice).get(f"/cases/{case.reference}/reporter/reveal/").status_code == 404


def test_a_referral_packet_names_a_confidential_reporter_only_as_such(case):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from rampart.referrals import packets
    from rampart.referrals.models import Referral

    # The case's writes may already have opened the record (referrals follow every case write).
    referral, _ = Referral.objects.get_or_create(
        case=case,
        duty_code="DBS_BARRING_REFERRAL",
        defaults={"duty_status": "consider", "changed_at": timezone.now()},
    )
    html = render_to_string("referrals/packet.html", packets.packet_context(referral))
    assert "Confidential reporter, member of the public" in html
    assert_unnamed(html)
