"""Chaperoning pages for Alice (case handler, Trust A), Bob (administrator, Trust A), Cara (clinician,
Trust A), and Charlie and Dan at Trust B, who must see nothing of Trust A."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from rampart.chaperoning import services
from rampart.chaperoning.models import Addendum, ChaperoneRecord
from rampart.core.models import AuditEntry
from tests.chaperoning.factories import ChaperoneRecordFactory, answers
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = answers(**changes)
    for name in ("purpose_explained", "observed_throughout", "informal_companion", "deferred"):
        data[name] = {True: "yes", False: "no", None: ""}[data[name]]
    return data


@pytest.fixture
def made(cara, orgs):
    return services.record_examination(actor=cara, organisation=orgs["trust_a"], answers=answers())


# --- recording ---


def test_a_clinician_sees_the_chaperoning_link_and_their_records(as_user, cara, made):
    page = as_user(cara).get("/chaperoning/").content.decode()
    assert 'href="/chaperoning/"' in page
    assert made.reference in page
    assert "Record an examination" in page
    assert "Audit report" not in page


def test_a_privacy_officer_has_no_chaperoning_link_and_is_refused(as_user, orgs):
    priya = MembershipFactory(organisation=orgs["trust_a"], role="privacy_officer").user
    client = as_user(priya)
    assert 'href="/chaperoning/"' not in client.get("/").content.decode()
    assert client.get("/chaperoning/").status_code == 403


def test_an_empty_form_is_explained_in_an_error_summary(as_user, cara):
    response = as_user(cara).post(
        "/chaperoning/records/new/", {"patient_ref": "Jane Smith", "department": "Urology"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Error: Record a chaperoned examination" in page
    assert 'href="#id_offer"' in page
    assert "Select what happened with the offer of a chaperone" in page
    assert "not a name" in page
    assert 'value="Jane Smith"' in page
    assert 'value="Urology"' in page
    assert not ChaperoneRecord.objects.exists()


def test_a_record_is_made_from_the_form_and_its_untrained_chaperone_flagged(as_user, cara):
    client = as_user(cara)
    response = client.post("/chaperoning/records/new/", form_data())
    made = ChaperoneRecord.objects.get()
    assert response.status_code == 302
    assert response.url == f"/chaperoning/records/{made.reference}/"
    page = client.get(response.url).content.decode()
    assert f"Record {made.reference} saved." in page
    assert "Chaperone without current training" in page
    assert "Jo Smith has no current chaperone training" in page


def test_the_form_remembers_the_department_of_the_last_record(as_user, cara, made):
    page = as_user(cara).get("/chaperoning/records/new/").content.decode()
    assert 'value="Gynaecology outpatients"' in page


def test_a_concern_from_the_form_reaches_the_case_handler(as_user, cara, alice):
    client = as_user(cara)
    client.post(
        "/chaperoning/records/new/",
        {**form_data(), "concern": "He sent me behind the curtain.", "concern_about": "not_said"},
    )
    made = ChaperoneRecord.objects.get()
    report = made.concerns.get().report
    queue = as_user(alice).get("/triage/").content.decode()
    assert report.reference in queue
    detail = as_user(alice).get(f"/triage/{report.reference}/").content.decode()
    assert made.reference in detail
    assert "He sent me behind the curtain." in detail


def test_a_concern_can_be_raised_from_the_record_page(as_user, cara, made):
    client = as_user(cara)
    assert client.post(f"/chaperoning/records/{made.reference}/concern/", {"concern": ""}).status_code == 200
    response = client.post(
        f"/chaperoning/records/{made.reference}/concern/",
        {"concern": "It did not feel right.", "concern_about": "not_said"},
    )
    assert response.status_code == 302
    assert made.concerns.count() == 1


# --- who sees a record ---


@pytest.mark.parametrize(
    ("persona", "status"), [("cara", 200), ("alice", 200), ("bob", 200), ("charlie", 404), ("dan", 404)]
)
def test_who_sees_a_record(request, as_user, made, persona, status):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(f"/chaperoning/records/{made.reference}/").status_code == status


def test_another_clinician_at_the_trust_does_not_see_a_colleagues_record(as_user, orgs, made):
    colleague = MembershipFactory(organisation=orgs["trust_a"], role="clinician").user
    assert as_user(colleague).get(f"/chaperoning/records/{made.reference}/").status_code == 404


def test_reading_a_record_is_audited(as_user, alice, made):
    as_user(alice).get(f"/chaperoning/records/{made.reference}/")
    entry = AuditEntry.objects.filter(action="read").latest("id")
    assert (entry.actor, entry.object_id) == (alice, str(made.pk))


@pytest.mark.parametrize("suffix", ["edit/", "addendum/", "concern/"])
def test_charlie_and_alice_cannot_change_cara_s_record(as_user, alice, charlie, made, suffix):
    assert as_user(charlie).get(f"/chaperoning/records/{made.reference}/{suffix}").status_code == 404
    assert as_user(alice).get(f"/chaperoning/records/{made.reference}/{suffix}").status_code == 403


# --- the 24 hours ------------------------------------------------------------------------------------------


def test_the_author_changes_the_record_within_24_hours(as_user, cara, made):
    client = as_user(cara)
    page = client.get(f"/chaperoning/records/{made.reference}/edit/").content.decode()
    assert 'value="PX-40213"' in page
    response = client.post(f"/chaperoning/records/{made.reference}/edit/", form_data(department="Urology"))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.department == "Urology"


def test_a_bad_change_keeps_what_was_typed(as_user, cara, made):
    response = as_user(cara).post(
        f"/chaperoning/records/{made.reference}/edit/", form_data(department="Urology", deferred=True)
    )
    page = response.content.decode()
    assert "Say why the examination was deferred" in page
    assert 'value="Urology"' in page


def test_after_24_hours_the_edit_page_leads_to_an_addendum(as_user, cara, made):
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        client = as_user(cara)
        response = client.post(
            f"/chaperoning/records/{made.reference}/edit/", form_data(department="Urology")
        )
        assert response.status_code == 302
        assert response.url.endswith("/addendum/")
        assert "Add an addendum" in client.get(f"/chaperoning/records/{made.reference}/").content.decode()
        refused = client.post(response.url, {"reason": "", "text": "The chaperone was Jo Smyth."})
        assert "Say why you are adding to the record" in refused.content.decode()
        assert "Jo Smyth" in refused.content.decode()
        client.post(response.url, {"reason": "Name spelt wrongly", "text": "The chaperone was Jo Smyth."})
    made.refresh_from_db()
    assert made.department == "Gynaecology outpatients"
    assert Addendum.objects.get().text == "The chaperone was Jo Smyth."


# --- audit and policy check ---


@pytest.fixture
def known(orgs):
    """Six records at Trust A last week and one at Trust B."""
    when = timezone.now() - timedelta(days=7)
    a = orgs["trust_a"]
    common = {"organisation": a, "examined_at": when}
    ChaperoneRecordFactory(**common, examiner_name="Dr A")
    ChaperoneRecordFactory(**common, examiner_name="Dr A", offer="not_offered", chaperone_trained=None)
    ChaperoneRecordFactory(**common, examiner_name="Dr B", department="Urology", purpose="")
    ChaperoneRecordFactory(**common, examiner_name="Dr B", department="Urology", chaperone_trained=False)
    ChaperoneRecordFactory(**common, examiner_name="=cmd|calc", department="@Urology", offer="declined")
    ChaperoneRecordFactory(**common, examiner_name="Dr A", deferred=True, deferral_reason="No chaperone")
    ChaperoneRecordFactory(organisation=orgs["trust_b"], examined_at=when, examiner_name="Dr Trust B")


def figures_of(page: str) -> dict[str, str]:
    import re

    pairs = re.findall(
        r'summary-list__key">([^<]+)</dt>\s*<dd class="nhsuk-summary-list__value">([^<]+)</dd>', page
    )
    return {k.strip(): v.strip() for k, v in pairs}


def test_the_audit_report_shows_the_organisation_s_gaps(as_user, alice, known):
    page = as_user(alice).get("/chaperoning/audit/").content.decode()
    figures = figures_of(page)
    assert figures["Intimate examinations recorded"] == "6"
    assert figures["Without a chaperone offer recorded"] == "1 (17%)"
    assert figures["Without a documented purpose"] == "1 (17%)"
    assert figures["With a chaperone without current training"] == "1 (17%)"
    assert figures["Offer declined by the patient"] == "1 (17%)"
    assert figures["Examination deferred"] == "1 (17%)"
    assert "Dr Trust B" not in page
    assert page.count('src="data:image/svg+xml;base64,') == 2
    assert "Examinations and gaps by month" in page


def test_the_audit_report_by_department(as_user, bob, known):
    page = as_user(bob).get("/chaperoning/audit/", {"department": "Urology"}).content.decode()
    assert figures_of(page)["Intimate examinations recorded"] == "2"


def test_a_bad_period_is_explained(as_user, alice, known):
    page = as_user(alice).get("/chaperoning/audit/", {"start": "tomorrow", "end": ""}).content.decode()
    assert "There is a problem" in page
    assert "Enter a date like 2026-04-01" in page
    assert 'value="tomorrow"' in page


def test_charlie_sees_only_trust_b_in_his_audit(as_user, charlie, known):
    page = as_user(charlie).get("/chaperoning/audit/").content.decode()
    assert figures_of(page)["Intimate examinations recorded"] == "1"
    assert "Dr A" not in page


def test_a_clinician_cannot_see_the_audit(as_user, cara):
    assert as_user(cara).get("/chaperoning/audit/").status_code == 403
    assert as_user(cara).get("/chaperoning/audit.csv").status_code == 403
    assert as_user(cara).get("/chaperoning/policy/").status_code == 403


def test_the_csv_export_escapes_formulas_and_is_audited(as_user, alice, known):
    response = as_user(alice).get("/chaperoning/audit.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][0] == "Reference"
    assert len(rows) == 7
    risky = next(r for r in rows if "calc" in r[4])
    assert (risky[4], risky[2]) == ("'=cmd|calc", "'@Urology")
    assert all("PX-" not in cell for row in rows for cell in row)
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert (entry.actor, entry.detail["rows"]) == (alice, 6)


def test_the_policy_check_shows_the_figures_beside_the_principles(as_user, bob, known):
    page = as_user(bob).get("/chaperoning/policy/").content.decode()
    assert "CH2.2 Communicating the offer of a chaperone" in page
    assert "1 of 6 (17%)" in page
    assert 'href="/assurance/RA1/"' in page


# --- whom a concern is about (issue 16) ---


def test_a_concern_from_the_form_must_say_whom_it_is_about(as_user, cara):
    response = as_user(cara).post("/chaperoning/records/new/", {**form_data(), "concern": "It felt wrong."})
    page = response.content.decode()
    assert 'href="#id_concern_about"' in page
    assert "Select whom your concern is about" in page
    assert not ChaperoneRecord.objects.exists()


def test_a_clinicians_concern_about_the_chaperone_from_the_form_flags_the_chaperone_not_her(as_user, cara):
    from rampart.patterns.models import WeakSignal

    as_user(cara).post(
        "/chaperoning/records/new/",
        {**form_data(), "concern": "The chaperone laughed at the patient.", "concern_about": "chaperone"},
    )
    signal = WeakSignal.objects.get()
    assert signal.person.name == "Jo Smith"
    assert signal.person.user is None


def test_a_concern_about_someone_else_needs_their_name_and_role(as_user, cara, made):
    from rampart.patterns.models import WeakSignal

    client = as_user(cara)
    url = f"/chaperoning/records/{made.reference}/concern/"
    page = client.post(url, {"concern": "The previous GP.", "concern_about": "someone_else"}).content.decode()
    assert 'href="#id_concern_about_name"' in page
    assert 'href="#id_concern_about_role"' in page
    response = client.post(
        url,
        {
            "concern": "The previous GP.",
            "concern_about": "someone_else",
            "concern_about_name": "Dr Paul Reed",
            "concern_about_role": "Locum GP",
        },
    )
    assert response.status_code == 302
    assert WeakSignal.objects.get().person.name == "Dr Paul Reed"


def test_a_concern_about_the_chaperone_where_there_was_none_is_refused(as_user, cara, orgs):
    made = services.record_examination(
        actor=cara,
        organisation=orgs["trust_a"],
        answers=answers(offer="declined", chaperone_name="", chaperone_role="", observed_throughout=None),
    )
    page = (
        as_user(cara)
        .post(
            f"/chaperoning/records/{made.reference}/concern/", {"concern": "x", "concern_about": "chaperone"}
        )
        .content.decode()
    )
    assert "The record has no chaperone at this examination" in page
    assert not made.concerns.exists()
