"""The role typed for whom a chaperone concern is about is free text about a person, so it is
encrypted at rest like their name and staff number (issue 16)."""

import pytest
from django.db import connection

from rampart.chaperoning.models import ChaperoneConcern
from tests.factories import ChaperoneConcernFactory

pytestmark = pytest.mark.django_db

ROLE = "Locum GP from the Heron practice"


def test_the_role_of_whom_a_concern_is_about_is_not_stored_in_plain_text():
    concern = ChaperoneConcernFactory(about="someone_else", about_name="Dr Example", about_role=ROLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT about_role FROM chaperoning_chaperoneconcern WHERE id = %s", [concern.pk])
        raw = str(cursor.fetchone()[0])
    assert raw
    assert "Heron" not in raw
    assert ChaperoneConcern.objects.get(pk=concern.pk).about_role == ROLE
