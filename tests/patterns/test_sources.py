"""Chaperone concerns and EPR access alerts are weak signals too, but only about the person the concern
names: never the clinician who spoke up by assumption, never someone whose staff number happens to
equal an EPR user id (issue 16)."""

from __future__ import annotations

from rampart.access_alerts import services as access_alerts
from rampart.access_alerts.models import AccessAlert
from rampart.cases import services as cases
from rampart.chaperoning import rules
from rampart.patterns import services as patterns
from rampart.patterns.models import PatternAlert, PersonLink, WeakSignal
from tests.access_alerts.conftest import imported, priya  # noqa: F401  (fixtures)
from tests.chaperoning.conftest import cara  # noqa: F401  (fixture)
from tests.chaperoning.test_services import record

ABOUT_CHAPERONE = rules.ConcernSubject(about="chaperone")


def test_a_clinicians_concern_about_the_chaperone_is_a_signal_about_the_chaperone_not_her(
    cara,  # noqa: F811
    orgs,
):
    made = record(
        cara,
        orgs["trust_a"],
        concern="The chaperone made comments about the patient's body.",
        about=ABOUT_CHAPERONE,
        chaperone_staff_number="B1234",
    )
    signal = WeakSignal.objects.get()
    assert signal.source == f"chaperone record {made.reference}"
    assert signal.kinds == ["chaperone_concern"]
    assert (signal.person.name, signal.person.staff_number, signal.person.role) == (
        "Jo Smith",
        "B1234",
        "Healthcare assistant",
    )
    assert signal.person.user is None
    assert not WeakSignal.objects.filter(person__user=cara).exists()
    assert signal.recorded_by is None
    assert PersonLink.objects.filter(person=signal.person).exists()
    assert made.concerns.get().about == "chaperone"
    assert "The concern is about: the chaperone at this examination (Jo Smith" in (
        made.concerns.get().report.what_happened
    )


def test_a_chaperones_concern_about_the_examiner_is_a_signal_about_the_examiner(cara, orgs):  # noqa: F811
    record(
        cara,
        orgs["trust_a"],
        concern="He sent me out of the room.",
        about=rules.ConcernSubject(about="examiner"),
        recorder_role="chaperone",
        examiner_name="Dr Mark Ellis",
        chaperone_name="",
    )
    signal = WeakSignal.objects.get()
    assert (signal.person.name, signal.person.user) == ("Dr Mark Ellis", None)


def test_a_concern_about_a_previous_doctor_is_a_signal_about_that_doctor(cara, orgs):  # noqa: F811
    made = record(
        cara,
        orgs["trust_a"],
        concern="The patient told me the previous doctor examined her without a chaperone.",
        about=rules.ConcernSubject(about="someone_else", name="Dr Paul Reed", role="Locum GP"),
    )
    signal = WeakSignal.objects.get()
    assert (signal.person.name, signal.person.role, signal.person.user) == (
        "Dr Paul Reed",
        "Locum GP",
        None,
    )
    concern = made.concerns.get()
    assert (concern.about, concern.about_name, concern.about_role) == (
        "someone_else",
        "Dr Paul Reed",
        "Locum GP",
    )


def test_a_concern_not_about_a_named_person_records_no_signal(cara, orgs):  # noqa: F811
    made = record(
        cara, orgs["trust_a"], concern="The room had no curtain.", about=rules.ConcernSubject("not_said")
    )
    assert made.concerns.get().report is not None
    assert not WeakSignal.objects.exists()


def test_a_chaperone_record_without_a_concern_records_no_signal(cara, orgs):  # noqa: F811
    record(cara, orgs["trust_a"])
    assert not WeakSignal.objects.exists()


def test_two_concerns_about_one_chaperone_make_a_pattern_about_the_chaperone(cara, orgs):  # noqa: F811
    for text in ("First worry.", "Second worry."):
        record(cara, orgs["trust_a"], concern=text, about=ABOUT_CHAPERONE, chaperone_staff_number="B1234")
    first, second = WeakSignal.objects.all()
    assert first.person.link.professional == second.person.link.professional
    alert = PatternAlert.objects.get()
    assert alert.reasons == ["repeated"]
    assert not PatternAlert.objects.filter(professional__links__person__user=cara).exists()


# --- access alerts ---


def _unrelated_person_with_staff_number(org, number):
    """Someone on a case at the trust whose staff number is the same string as an EPR user id."""
    person = cases.record_person(
        organisation=org, details=cases.PersonDetails(kind="staff", name="Una Related", staff_number=number)
    )
    return patterns.link_person(person)


def test_an_unconfirmed_access_concern_records_no_signal_and_links_nobody(imported, priya, orgs):  # noqa: F811
    alert = AccessAlert.objects.first()
    unrelated = _unrelated_person_with_staff_number(orgs["trust_a"], alert.epr_user_id)
    report = access_alerts.raise_concern(
        actor=priya, alert=alert, details="Not on the ward.", identity="unconfirmed", staff_name="Sam Smith"
    )
    assert not WeakSignal.objects.exists()
    assert PersonLink.objects.filter(professional=unrelated.professional).count() == 1
    assert "has not confirmed who holds this EPR login" in report.what_happened
    assert "Sam Smith" in report.what_happened


def test_an_access_concern_with_an_epr_id_equal_to_a_staff_number_links_only_the_confirmed_person(
    imported,  # noqa: F811
    priya,  # noqa: F811
    orgs,
):
    alert = AccessAlert.objects.first()
    unrelated = _unrelated_person_with_staff_number(orgs["trust_a"], alert.epr_user_id)
    access_alerts.raise_concern(
        actor=priya,
        alert=alert,
        details="Not on the ward.",
        identity="confirmed",
        staff_name="Sam Smith",
        staff_role="Ward clerk",
    )
    signal = WeakSignal.objects.get()
    assert signal.kinds == ["record_access"]
    assert (signal.person.name, signal.person.role, signal.person.staff_number) == (
        "Sam Smith",
        "Ward clerk",
        "",
    )
    assert signal.person.link.professional != unrelated.professional
    assert PersonLink.objects.filter(professional=unrelated.professional).count() == 1
    assert signal.organisation == orgs["trust_a"]
    assert signal.source == f"access alert {alert.public_id}"
    decision = alert.decisions.get()
    assert (decision.subject_confirmed, decision.subject_name, decision.subject_role) == (
        True,
        "Sam Smith",
        "Ward clerk",
    )


def test_two_access_concerns_about_one_confirmed_staff_number_link(imported, priya):  # noqa: F811
    first, second = AccessAlert.objects.all()[:2]
    for alert in (first, second):
        access_alerts.raise_concern(
            actor=priya,
            alert=alert,
            details="Look.",
            identity="confirmed",
            staff_name="Sam Smith",
            staff_role="Ward clerk",
            staff_number="S-4410",
        )
    people = [s.person for s in WeakSignal.objects.all()]
    assert people[0].staff_number == "S-4410"
    assert people[0].link.professional == people[1].link.professional
