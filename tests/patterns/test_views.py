from __future__ import annotations

from datetime import date

import pytest

from rampart.core.models import AuditEntry
from rampart.patterns.models import MatchCandidate, PatternAlert, PatternDecision, PersonLink, WeakSignal

GMC = {"regulator": "GMC", "registration_number": "1234567"}
TODAY = date.today()


def signal_post(**changes):
    data = {
        "name": "Jonathan Smith",
        "role": "Consultant",
        "regulator": "GMC",
        "registration_number": "1234567",
        "dob_day": "2",
        "dob_month": "4",
        "dob_year": "1980",
        "kinds": ["boundaries", "comments"],
        "description": "Stood too close to a student and asked about her weekend plans.",
        "seen_day": str(TODAY.day),
        "seen_month": str(TODAY.month),
        "seen_year": str(TODAY.year),
    }
    data.update(changes)
    return data


def test_any_staff_member_records_a_worry_and_sees_it_is_confidential(bob, as_user):
    client = as_user(bob)
    assert client.get("/patterns/signals/new/").status_code == 200
    response = client.post("/patterns/signals/new/", signal_post(), follow=True)
    assert "confidential to Trust A" in response.content.decode()
    signal = WeakSignal.objects.get()
    assert (signal.recorded_by, signal.organisation.ods_code) == (bob, "RA1")
    assert signal.person.date_of_birth == "1980-04-02"
    assert PersonLink.objects.filter(person=signal.person).exists()


def test_a_worry_form_with_problems_shows_an_error_summary(bob, as_user):
    response = as_user(bob).post(
        "/patterns/signals/new/",
        signal_post(name="", kinds=[], registration_number="12", dob_month="", seen_day="31", seen_month="2"),
    )
    page = response.content.decode()
    assert "There is a problem" in page
    for message in (
        "Enter the name of the person you are worried about",
        "Select what kind of worry it is",
        "GMC registration numbers are 7 digits",
        "Their date of birth must include a month",
        "The date it happened must be a real date",
    ):
        assert message in page
    assert not WeakSignal.objects.exists()


def test_a_future_date_is_refused(bob, as_user):
    response = as_user(bob).post("/patterns/signals/new/", signal_post(seen_year=str(TODAY.year + 1)))
    assert "must be today or in the past" in response.content.decode()


def test_an_impossible_year_is_a_message_not_an_error(bob, as_user):
    response = as_user(bob).post("/patterns/signals/new/", signal_post(seen_year="99999999999999999999"))
    assert response.status_code == 200
    assert "Year must include 4 numbers" in response.content.decode()
    assert not WeakSignal.objects.exists()


def test_only_case_handlers_see_the_patterns_queue(alice, bob, as_user):
    assert as_user(alice).get("/patterns/").status_code == 200
    assert as_user(bob).get("/patterns/").status_code == 403


def test_alice_sees_the_signal_and_reading_it_is_audited(alice, bob, as_user):
    as_user(bob).post("/patterns/signals/new/", signal_post())
    signal = WeakSignal.objects.get()
    client = as_user(alice)
    assert "Jonathan Smith" in client.get("/patterns/").content.decode()
    page = client.get(f"/patterns/signals/{signal.pk}/").content.decode()
    assert "Stood too close" in page
    assert (
        AuditEntry.objects.filter(action="read", object_type="patterns.weaksignal", actor=alice).count() == 1
    )


def test_charlie_sees_nothing_of_trust_as_signals(bob, charlie, as_user):
    as_user(bob).post("/patterns/signals/new/", signal_post())
    signal = WeakSignal.objects.get()
    client = as_user(charlie)
    assert "Jonathan Smith" not in client.get("/patterns/").content.decode()
    assert client.get(f"/patterns/signals/{signal.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="read", actor=charlie).exists()


def test_an_alert_across_two_trusts_shows_each_handler_only_their_own_items(
    alice, bob, charlie, case_b, add_subject, as_user
):
    add_subject(charlie, case_b, name="Jon Smith", **GMC)
    as_user(bob).post("/patterns/signals/new/", signal_post())
    alert_a = PatternAlert.objects.get(organisation__ods_code="RA1")
    alert_b = PatternAlert.objects.get(organisation__ods_code="RB1")
    page_a = as_user(alice).get(f"/patterns/alerts/{alert_a.pk}/").content.decode()
    assert "Stood too close" in page_a
    assert "Trust B holds 1 concern about this person" in page_a
    assert f"/sharing/disclosures/new/?professional={alert_a.professional_id}&amp;holder=RB1" in page_a
    assert case_b.reference not in page_a
    page_b = as_user(charlie).get(f"/patterns/alerts/{alert_b.pk}/").content.decode()
    assert "Stood too close" not in page_b
    assert "Trust A holds 1 signal about this person" in page_b
    assert f"/cases/{case_b.reference}/" in page_b
    assert as_user(charlie).get(f"/patterns/alerts/{alert_a.pk}/").status_code == 404


def test_a_handler_records_a_decision(alice, bob, case_a, add_subject, as_user):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    as_user(bob).post("/patterns/signals/new/", signal_post())
    alert = PatternAlert.objects.get()
    client = as_user(alice)
    refused = client.post(f"/patterns/alerts/{alert.pk}/", {"decision": "monitor", "reasons": ""})
    assert "Give the reasons for your decision" in refused.content.decode()
    response = client.post(
        f"/patterns/alerts/{alert.pk}/",
        {"decision": "monitor", "reasons": "Speak to the clinical lead."},
        follow=True,
    )
    assert "Decision recorded." in response.content.decode()
    assert PatternDecision.objects.get().decided_by == alice
    alert.refresh_from_db()
    assert alert.status == "reviewed"


def test_the_match_page_shows_both_records_and_confirming_links_them(
    alice, case_a, orgs, add_subject, as_user
):
    from rampart.cases import services as cases

    add_subject(alice, case_a, name="Jonathan Smith", date_of_birth="1980-04-02")
    other = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Another")
    second = add_subject(alice, other, name="Jonathon Smyth", date_of_birth="1980-04-02")
    candidate = MatchCandidate.objects.get(person=second.person)
    client = as_user(alice)
    page = client.get(f"/patterns/matches/{candidate.pk}/").content.decode()
    assert "Jonathan Smith" in page
    assert "Jonathon Smyth" in page
    client.post(f"/patterns/matches/{candidate.pk}/", {"same": "yes"})
    candidate.refresh_from_db()
    assert candidate.status == "confirmed"
    assert PatternAlert.objects.filter(organisation=orgs["trust_a"]).exists()


def test_the_match_page_hides_another_trusts_record(alice, charlie, case_a, case_b, add_subject, as_user):
    add_subject(charlie, case_b, name="Jonathan Smith", date_of_birth="1980-04-02")
    second = add_subject(alice, case_a, name="Jonathon Smyth", date_of_birth="1980-04-02")
    candidate = MatchCandidate.objects.get(person=second.person)
    page = as_user(alice).get(f"/patterns/matches/{candidate.pk}/").content.decode()
    assert "Jonathan Smith" not in page
    assert "A record held by Trust B" in page
    assert as_user(charlie).get(f"/patterns/matches/{candidate.pk}/").status_code == 404
    as_user(alice).post(f"/patterns/matches/{candidate.pk}/", {"same": "no"})
    candidate.refresh_from_db()
    assert candidate.status == "rejected"


def test_navigation_offers_patterns_to_handlers_and_a_worry_to_everyone(alice, bob, as_user):
    assert 'href="/patterns/"' in as_user(alice).get("/patterns/").content.decode()
    page = as_user(bob).get("/patterns/signals/new/").content.decode()
    assert 'href="/patterns/signals/new/"' in page
    assert 'href="/patterns/"' not in page


def test_the_party_form_takes_a_date_of_birth_and_checks_numbers(alice, case_a, as_user):
    client = as_user(alice)
    url = f"/cases/{case_a.reference}/parties/add/"
    page = client.get(url).content.decode()
    assert "Date of birth (optional)" in page
    bad = client.post(
        url,
        {
            "role": "subject",
            "kind": "staff",
            "name": "X",
            "regulator": "NMC",
            "registration_number": "1234567",
            "esr_number": "12",
            "dob_day": "31",
            "dob_month": "2",
            "dob_year": "1980",
        },
    ).content.decode()
    assert "NMC registration numbers are 2 digits, a letter" in bad
    assert "ESR person numbers are 6 to 10 digits" in bad
    assert "Date of birth must be a real date" in bad
    client.post(
        url,
        {
            "role": "subject",
            "kind": "staff",
            "name": "X",
            "regulator": "NMC",
            "registration_number": "12a3456e",
            "esr_number": "12345678",
            "dob_day": "2",
            "dob_month": "4",
            "dob_year": "1980",
        },
    )
    person = case_a.parties.get().person
    assert (person.registration_number, person.esr_number, person.date_of_birth) == (
        "12A3456E",
        "12345678",
        "1980-04-02",
    )


def test_the_queue_names_every_alert_in_a_fixed_number_of_queries(
    alice, orgs, case_a, add_subject, signal_about, as_user, django_assert_max_num_queries
):
    from rampart.patterns import selectors

    for n in range(3):
        number = f"765432{n}"
        add_subject(alice, case_a, name=f"Person {n}", regulator="GMC", registration_number=number)
        signal_about(alice, orgs["trust_a"], name=f"Person {n}", regulator="GMC", registration_number=number)
    alerts = list(selectors.open_alerts(orgs["trust_a"], viewer=alice).select_related("professional"))
    assert len(alerts) == 3
    with django_assert_max_num_queries(1):
        named = selectors.open_alerts_named(alerts)
    assert sorted(name for _, name in named) == [f"Person {n} (GMC 765432{n})" for n in range(3)]


@pytest.mark.parametrize(
    ("year", "message", "box"),
    [
        ("9" * 20, "Year must include 4 numbers", "year"),
        ("1980\x00", None, None),
        ("19x0", "Date of birth must be a real date", "year"),
        (str(TODAY.year + 1), "Date of birth must be in the past", "day"),
    ],
)
def test_add_someone_involved_with_a_bad_year_explains_it(alice, case_a, as_user, year, message, box):
    """Regression: a twenty-digit year used to raise OverflowError (a 500) on this page."""
    response = as_user(alice).post(
        f"/cases/{case_a.reference}/parties/add/",
        {"role": "subject", "kind": "staff", "name": "X", "dob_day": "2", "dob_month": "4", "dob_year": year},
    )
    if message is None:  # the NUL character is taken out of what was typed
        assert response.status_code == 302
        assert case_a.parties.get().person.date_of_birth == "1980-04-02"
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert f'href="#id_dob_{box}"' in page
    assert not case_a.parties.exists()
