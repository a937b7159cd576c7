from __future__ import annotations

import pytest
from django.core.management import call_command

from rampart.cases.identifiers import registration_key
from rampart.patterns.demo import GMC_NUMBER
from rampart.patterns.models import PatternAlert, Professional, WeakSignal

pytestmark = pytest.mark.django_db


def test_the_demo_doctor_raises_an_alert_at_riverside_and_hillside_and_loads_twice(settings):
    settings.DEMO = True
    call_command("demo_data", "--quiet")
    call_command("demo_data", "--quiet")
    doctor = Professional.objects.get(registration_key=registration_key("GMC", GMC_NUMBER))
    alerts = PatternAlert.objects.filter(professional=doctor)
    assert sorted(a.organisation.ods_code for a in alerts) == ["R1A", "R1B"]
    assert WeakSignal.objects.filter(person__link__professional=doctor).count() == 1


def test_alice_sees_hillsides_signal_only_as_a_count_in_the_demo(settings, as_user):
    from rampart.accounts.models import User

    settings.DEMO = True
    call_command("demo_data", "--quiet")
    doctor = Professional.objects.get(registration_key=registration_key("GMC", GMC_NUMBER))
    alert = PatternAlert.objects.get(professional=doctor, organisation__ods_code="R1A")
    page = as_user(User.objects.get(email="alice.handler@riverside.example")).get(
        f"/patterns/alerts/{alert.pk}/"
    )
    text = page.content.decode()
    assert "holds 1 signal about this person" in text
    assert "personal number" not in text
