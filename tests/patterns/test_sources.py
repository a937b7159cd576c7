"""Chaperone concerns and EPR access alerts are weak signals too."""

from __future__ import annotations

from rampart.access_alerts import services as access_alerts
from rampart.access_alerts.models import AccessAlert
from rampart.patterns.models import PersonLink, WeakSignal
from tests.access_alerts.conftest import imported, priya  # noqa: F401  (fixtures)
from tests.chaperoning.conftest import cara  # noqa: F401  (fixture)
from tests.chaperoning.test_services import record


def test_a_chaperone_concern_records_a_weak_signal_about_the_examiner(cara, orgs):  # noqa: F811
    made = record(cara, orgs["trust_a"], concern="He sent me out of the room.")
    signal = WeakSignal.objects.get()
    assert signal.source == f"chaperone record {made.reference}"
    assert signal.kinds == ["chaperone_concern"]
    assert (signal.person.name, signal.person.user, signal.person.kind) == ("Cara Clinician", cara, "staff")
    assert signal.description == "He sent me out of the room."
    assert signal.recorded_by is None
    assert PersonLink.objects.filter(person=signal.person).exists()


def test_a_chaperone_record_without_a_concern_records_no_signal(cara, orgs):  # noqa: F811
    record(cara, orgs["trust_a"])
    assert not WeakSignal.objects.exists()


def test_an_access_concern_records_a_weak_signal_about_the_epr_user(imported, priya, orgs):  # noqa: F811
    alert = AccessAlert.objects.first()
    access_alerts.raise_concern(actor=priya, alert=alert, details="Not on the ward.", staff_name="Sam Smith")
    signal = WeakSignal.objects.get()
    assert signal.kinds == ["record_access"]
    assert (signal.person.name, signal.person.staff_number) == ("Sam Smith", alert.epr_user_id)
    assert signal.organisation == orgs["trust_a"]
    assert signal.source == f"access alert {alert.public_id}"


def test_two_access_concerns_about_one_epr_user_link_by_staff_number(imported, priya):  # noqa: F811
    first, second = AccessAlert.objects.all()[:2]
    if first.epr_user_id != second.epr_user_id:
        AccessAlert.objects.filter(pk=second.pk).update(epr_user_id=first.epr_user_id)
        second.refresh_from_db()
    access_alerts.raise_concern(actor=priya, alert=first, details="One")
    access_alerts.raise_concern(actor=priya, alert=second, details="Two")
    people = [s.person for s in WeakSignal.objects.all()]
    assert people[0].link.professional == people[1].link.professional


def test_two_chaperone_concerns_about_one_examiner_make_a_pattern(cara, orgs):  # noqa: F811
    from rampart.patterns.models import PatternAlert

    record(cara, orgs["trust_a"], concern="First worry.")
    record(cara, orgs["trust_a"], concern="Second worry.")
    first, second = WeakSignal.objects.all()
    assert first.person.link.professional == second.person.link.professional
    assert second.person.link.method in ("account", "new")
    alert = PatternAlert.objects.get()
    assert alert.organisation == orgs["trust_a"]
    assert alert.reasons == ["repeated"]
