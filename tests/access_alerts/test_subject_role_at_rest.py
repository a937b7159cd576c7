"""The role a privacy officer types for the person holding an EPR login is free text about a
person, so it is encrypted at rest like their name and staff number (issue 16)."""

import pytest
from django.db import connection

from rampart.access_alerts.models import AlertDecision
from tests.factories import AlertDecisionFactory

pytestmark = pytest.mark.django_db

ROLE = "Locum ward clerk on Kestrel ward"


def test_the_subjects_role_is_not_stored_in_plain_text():
    decision = AlertDecisionFactory(subject_role=ROLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject_role FROM access_alerts_alertdecision WHERE id = %s", [decision.pk])
        raw = str(cursor.fetchone()[0])
    assert raw
    assert "Kestrel" not in raw
    assert AlertDecision.objects.get(pk=decision.pk).subject_role == ROLE
