"""The pages with the personas: Alice (case handler, Trust A), Bob (administrator, Trust A), Charlie
(case handler, Trust B), who must see nothing of Trust A's disclosures unless released to him."""

from __future__ import annotations

import html
import io
import re

import pytest
from pypdf import PdfReader

from rampart.core.models import AuditEntry
from rampart.sharing import services
from rampart.sharing.models import Disclosure, OnboardingCheck
from tests.dates import date_post
from tests.sharing.conftest import CHECK

pytestmark = pytest.mark.django_db

FORM = {**CHECK, "identifier_kind": "registration"}


def _run_check(client):
    return client.post("/sharing/checks/new/", FORM)


def _summary(page):
    """The error summary at the top of the page: (link, message) for each problem, link None for one
    about the whole form."""
    found = re.search(r'<div class="nhsuk-error-summary".*?</ul>', page, re.S)
    assert found, "no error summary on the page"
    items = re.findall(r"<li>\s*(?:<a href=\"([^\"]*)\">)?(.*?)(?:</a>)?\s*</li>", found.group(0), re.S)
    return [(href or None, html.unescape(" ".join(text.split()))) for href, text in items]


def _inline(page, field_id):
    """The error message shown at the field, without its visually hidden "Error: "."""
    found = re.search(
        rf'<span class="nhsuk-error-message" id="{field_id}-error">(.*?)</span>\s*\n', page, re.S
    )
    assert found, f"no error message at {field_id}"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())).removeprefix("Error: ")


def _shows_problems(page, *problems, inline=True):
    """The page title says Error, the summary links each problem to its field, and each field says it."""
    assert re.search(r"<title>Error: ", page)
    assert _summary(page) == list(problems)
    for href, message in problems:
        if href and inline:
            assert _inline(page, href.removeprefix("#").removesuffix("_day")) == message


def test_charlie_finds_trust_a_holds_a_concern_but_not_what_it_is(orgs, charlie, bob, held, as_user):
    services.set_contact(
        actor=bob,
        organisation=orgs["trust_a"],
        name="Rowan Patel",
        role="Safeguarding lead",
        email="rowan@a.nhs.uk",
    )
    client = as_user(charlie)
    response = _run_check(client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Trust A" in page
    assert "An ongoing investigation" in page
    assert "rowan@a.nhs.uk" in page
    assert "touched" not in page
    assert "This is not a DBS check" in page


def test_a_check_for_an_unknown_number_says_so_plainly(orgs, charlie, as_user):
    client = as_user(charlie)
    page = client.get(_run_check(client)["Location"]).content.decode()
    assert "No organisation on Rampart holds a concern" in page


def test_a_badly_formed_number_gets_the_regulators_format(orgs, charlie, as_user):
    page = (
        as_user(charlie).post("/sharing/checks/new/", {**FORM, "registration_number": "12"}).content.decode()
    )
    _shows_problems(
        page,
        (
            "#id_registration_number",
            "NMC registration numbers are 2 digits, a letter, 4 digits and a letter, like 12A3456E",
        ),
    )
    assert not OnboardingCheck.objects.exists()


def test_no_purpose_no_search(orgs, charlie, as_user):
    page = (
        as_user(charlie)
        .post("/sharing/checks/new/", {**FORM, "purpose": "", "purpose_details": ""})
        .content.decode()
    )
    assert "no purpose, no search" in page
    assert not OnboardingCheck.objects.exists()


def test_the_daily_limit_is_refused_with_a_clear_message(orgs, charlie, as_user, monkeypatch):
    monkeypatch.setattr(services, "CHECKS_PER_DAY", 1)
    client = as_user(charlie)
    _run_check(client)
    page = client.post("/sharing/checks/new/", FORM).content.decode()
    (problem,) = _summary(page)
    assert problem[0] is None  # about the whole form, not one answer
    assert problem[1].startswith(
        "You have run 1 onboarding checks today, the most Rampart allows one person."
    )
    _shows_problems(page, problem)
    assert OnboardingCheck.objects.count() == 1


def test_another_trusts_check_result_is_not_found(orgs, alice, charlie, as_user):
    check = services.run_onboarding_check(actor=alice, organisation=orgs["trust_a"], **CHECK)
    assert as_user(charlie).get(f"/sharing/checks/{check.pk}/").status_code == 404


def _released(orgs, alice, hana, charlie):
    check = services.run_onboarding_check(actor=charlie, organisation=orgs["trust_b"], **CHECK)
    disclosure = services.request_disclosure(
        actor=charlie,
        requester=orgs["trust_b"],
        holder=orgs["trust_a"],
        professional=check.professional,
        onboarding_check=check,
        purpose="recruitment",
        purpose_details="Staff nurse",
        basis_requested="public_task",
    )
    return disclosure


def test_the_request_page_from_a_check(orgs, charlie, held, as_user):
    client = as_user(charlie)
    check = OnboardingCheck.objects.get(
        pk=client.post("/sharing/checks/new/", FORM)["Location"].split("/")[-2]
    )
    url = f"/sharing/disclosures/new/?professional={check.professional_id}&holder=RA1"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "purpose": "recruitment",
            "purpose_details": "Staff nurse",
            "basis_requested": "public_task",
        },
    )
    disclosure = Disclosure.objects.get()
    assert response["Location"] == f"/sharing/disclosures/{disclosure.reference}/"


def test_the_request_page_is_not_found_without_a_check(orgs, charlie, prof, held, as_user):
    assert (
        as_user(charlie).get(f"/sharing/disclosures/new/?professional={prof.pk}&holder=RA1").status_code
        == 404
    )


def test_charlie_sees_no_content_until_released_then_reads_it_audited(
    orgs, alice, hana, charlie, held, as_user
):
    disclosure = _released(orgs, alice, hana, charlie)
    url = f"/sharing/disclosures/{disclosure.reference}/"
    alice_client = as_user(alice)
    assert "touched a patient" in alice_client.get(f"{url}prepare/").content.decode()
    response = alice_client.post(
        f"{url}prepare/",
        {
            "findings": "Investigation ongoing: touching without consent.",
            "dbs_information": "None yet.",
            "pattern_summary": "1 concern.",
            "person_comments": "",
            "person_told": "not_told",
            "not_told_reason": "The police asked us not to tell him yet.",
            "lawful_basis": "public_task",
            "special_category": "yes",
            "condition": "sch1_para18",
        },
    )
    assert response.status_code == 302
    charlie_client = as_user(charlie)
    assert "touching without consent" not in charlie_client.get(url).content.decode()
    assert charlie_client.get(f"{url}letter.pdf").status_code == 404
    # Alice cannot approve her own work
    alice_client.post(f"{url}approve/")
    assert Disclosure.objects.get().status == "prepared"
    as_user(hana).post(f"{url}approve/")
    assert Disclosure.objects.get().status == "released"
    page = charlie_client.get(url).content.decode()
    assert "touching without consent" in page
    assert "Do not tell them about it without speaking to us first" in page
    assert "The police asked" not in page  # the holder's reasons stay with the holder
    assert "The police asked us not to tell him yet." in alice_client.get(url).content.decode()
    assert "Safeguarding of children and of individuals at risk (Schedule 1 paragraph 18)" in page
    pdf = charlie_client.get(f"{url}letter.pdf")
    assert pdf.content.startswith(b"%PDF")
    letter = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Public task (UK GDPR Article 6(1)(e))" in letter
    assert "Safeguarding of children and of individuals at risk (Schedule 1 paragraph 18)" in letter
    assert AuditEntry.objects.filter(action="read", actor=charlie, detail__what="letter").exists()


def test_an_unrelated_trust_sees_nothing_of_a_disclosure(orgs, alice, hana, charlie, held, as_user):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    trust_c = OrganisationFactory(ods_code="RC1", name="Trust C", parent=orgs["icb_b"])
    erin = MembershipFactory(
        user=UserFactory(email="erin@c.nhs.uk"), organisation=trust_c, role="case_handler"
    ).user
    disclosure = _released(orgs, alice, hana, charlie)
    assert as_user(erin).get(f"/sharing/disclosures/{disclosure.reference}/").status_code == 404


def test_the_holder_sends_back_and_declines_through_the_page(orgs, alice, hana, charlie, held, as_user):
    disclosure = _released(orgs, alice, hana, charlie)
    url = f"/sharing/disclosures/{disclosure.reference}/"
    as_user(alice).post(url + "decline/", {"reason": ""})
    assert Disclosure.objects.get().status == "requested"
    as_user(alice).post(url + "decline/", {"reason": "Not relevant"})
    assert Disclosure.objects.get().status == "declined"
    assert "Not relevant" in as_user(charlie).get(url).content.decode()


def test_incoming_requests_are_listed_for_the_holder(orgs, alice, hana, charlie, held, as_user):
    disclosure = _released(orgs, alice, hana, charlie)
    assert disclosure.reference in as_user(alice).get("/sharing/").content.decode()
    assert disclosure.reference in as_user(charlie).get("/sharing/").content.decode()


def test_only_the_administrator_sets_the_sharing_contact(orgs, alice, bob, as_user):
    assert as_user(alice).get("/sharing/contact/").status_code == 403
    data = {"name": "Rowan", "role": "Lead", "email": "rowan@a.nhs.uk", "phone": ""}
    assert as_user(bob).post("/sharing/contact/", data).status_code == 302
    assert "rowan@a.nhs.uk" in as_user(bob).get("/sharing/").content.decode()


def test_without_a_contact_the_page_says_so(orgs, bob, as_user):
    assert "has not named a sharing contact" in as_user(bob).get("/sharing/").content.decode()


def test_case_page_shows_the_holder_elsewhere_without_content(orgs, alice, charlie, held, prof, as_user):
    from tests.sharing.conftest import held_case

    case_b = held_case(orgs["trust_b"], prof, findings="Secret B findings")
    from rampart.cases.models import CaseTeamMember

    CaseTeamMember.objects.get_or_create(case=case_b, user=charlie, role="handler")
    page = as_user(charlie).get(f"/cases/{case_b.reference}/").content.decode()
    assert 'data-testid="held-elsewhere"' in page
    assert "Trust A" in page
    assert "He touched a patient without consent." not in page  # Trust A's findings (its own terms may show)


def test_register_and_its_csv_export_are_audited_and_escaped(orgs, bob, prof, as_user):
    from tests.sharing.conftest import held_case

    held_case(orgs["trust_a"], prof, name="=HYPERLINK(1)")
    client = as_user(bob)
    assert "S100" in client.get("/sharing/register/?status=ongoing").content.decode()
    body = client.get("/sharing/register.csv").content.decode()
    assert "'=HYPERLINK(1)" in body
    assert AuditEntry.objects.filter(action="export", actor=bob).exists()


def test_the_register_links_a_case_only_for_those_who_may_open_it(orgs, alice, bob, held, as_user):
    link = f'href="/cases/{held.reference}/"'
    admin_page = as_user(bob).get("/sharing/register/").content.decode()
    assert held.reference in admin_page
    assert link not in admin_page  # the administrator is not on the case team
    assert link in as_user(alice).get("/sharing/register/").content.decode()


def test_charlie_cannot_see_trust_a_register(orgs, charlie, held, as_user):
    assert "S100" not in as_user(charlie).get("/sharing/register/").content.decode()


def test_preparing_without_saying_whether_the_person_was_told_shows_the_error(
    orgs, alice, charlie, held, as_user
):
    from tests.sharing.test_services import _request

    disclosure = _request(charlie, orgs)
    response = as_user(alice).post(
        f"/sharing/disclosures/{disclosure.reference}/prepare/",
        {
            "findings": "Investigation ongoing.",
            "dbs_information": "None yet.",
            "pattern_summary": "1 concern.",
            "person_told": "told",
            **date_post("person_told_on", ""),
            "lawful_basis": "public_task",
            "special_category": "no",
        },
    )
    assert response.status_code == 200
    _shows_problems(response.content.decode(), ("#id_person_told_on_day", "Enter the date you told them"))
    disclosure.refresh_from_db()
    assert disclosure.status == "requested"
    assert disclosure.findings == ""


def _request_url(client):
    check = OnboardingCheck.objects.get(
        pk=client.post("/sharing/checks/new/", FORM)["Location"].split("/")[-2]
    )
    return f"/sharing/disclosures/new/?professional={check.professional_id}&holder=RA1"


def test_a_request_with_answers_missing_links_each_to_its_field(orgs, charlie, held, as_user):
    client = as_user(charlie)
    page = client.post(_request_url(client), {"purpose_details": ""}).content.decode()
    _shows_problems(
        page,
        ("#id_purpose", "Select why you need this information"),
        ("#id_purpose_details", "Enter details of the purpose"),
        ("#id_basis_requested", "Select a lawful basis"),
    )
    assert not Disclosure.objects.exists()


def test_the_request_offers_only_the_bases_the_holder_can_rely_on(orgs, charlie, held, as_user):
    client = as_user(charlie)
    url = _request_url(client)
    page = client.get(url).content.decode()
    assert "Public task (UK GDPR Article 6(1)(e))" in page
    assert "Article 6(1)(c)" not in page  # no law obliges one employer to share with another
    assert "Article 6(1)(f)" not in page  # an NHS trust is a public authority
    answers = {"purpose": "host", "purpose_details": "Placement", "basis_requested": "legal_obligation"}
    page = client.post(url, answers).content.decode()
    _shows_problems(page, ("#id_basis_requested", "Select a lawful basis this holder can rely on"))
    assert ">Placement</textarea>" in page  # what was typed is kept
    assert not Disclosure.objects.exists()


def test_a_refusal_about_the_whole_request_is_in_the_summary(orgs, charlie, held, as_user):
    client = as_user(charlie)
    own = _request_url(client).replace("holder=RA1", "holder=RB1")  # Trust B asking itself
    answers = {
        "purpose": "recruitment",
        "purpose_details": "Staff nurse",
        "basis_requested": "public_task",
    }
    page = client.post(own, answers).content.decode()
    _shows_problems(page, (None, "Your own organisation's records are on your own case pages"))
    assert not Disclosure.objects.exists()


PREPARED = {
    "findings": "Investigation ongoing.",
    "dbs_information": "None yet.",
    "pattern_summary": "1 concern.",
    "person_told": "told",
    **date_post("person_told_on", "2026-11-20"),
    "lawful_basis": "public_task",
    "special_category": "yes",
    "condition": "sch1_para10",
}


def test_the_prepare_page_asks_the_basis_and_the_schedule_1_condition(orgs, alice, charlie, held, as_user):
    from tests.sharing.test_services import _request

    disclosure = _request(charlie, orgs)
    url = f"/sharing/disclosures/{disclosure.reference}/prepare/"
    page = as_user(alice).get(url).content.decode()
    assert "Does the disclosure include special category or criminal offence data?" in page
    for paragraph in (6, 10, 11, 12, 18):
        assert f"Schedule 1 paragraph {paragraph})" in page
    assert "Article 6(1)(c)" not in page


def test_special_category_data_without_a_schedule_1_condition_is_shown_at_its_field(
    orgs, alice, charlie, held, as_user
):
    from tests.sharing.test_services import _request

    disclosure = _request(charlie, orgs)
    url = f"/sharing/disclosures/{disclosure.reference}/prepare/"
    client = as_user(alice)
    page = client.post(url, {**PREPARED, "condition": ""}).content.decode()
    _shows_problems(
        page, ("#id_condition", "Select the Data Protection Act 2018 Schedule 1 condition you rely on")
    )
    page = client.post(url, {**PREPARED, "special_category": ""}).content.decode()
    _shows_problems(
        page,
        (
            "#id_special_category",
            "Say whether the disclosure includes special category or criminal offence data",
        ),
    )
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.findings) == ("requested", "")
