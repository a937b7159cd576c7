"""Reading a chaperone record is recorded only for someone the policy lets see it: the service checks
VIEW_CHAPERONE_RECORD itself, so no caller records (or shows) a read it should have refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from rampart.chaperoning import services
from rampart.core.models import AuditAction, AuditEntry
from tests.chaperoning.factories import answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(cara, orgs):
    return services.record_examination(actor=cara, organisation=orgs["trust_a"], answers=answers())


def _reads_of(record, by) -> int:
    return AuditEntry.objects.filter(
        actor=by, action=AuditAction.READ, object_id=str(record.pk), object_type="chaperoning.chaperonerecord"
    ).count()


@pytest.mark.parametrize("who", ["dan", "charlie"])
def test_someone_elsewhere_is_refused_and_no_read_is_recorded(request, who, made):
    someone = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.record_view(actor=someone, record=made)

    assert _reads_of(made, someone) == 0


@pytest.mark.parametrize("who", ["cara", "alice", "bob"])
def test_the_examiner_and_the_organisations_auditors_read_it_recorded(request, who, made):
    someone = request.getfixturevalue(who)

    services.record_view(actor=someone, record=made)

    assert _reads_of(made, someone) == 1
