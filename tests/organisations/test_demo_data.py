import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rampart.accounts.models import Membership, Role, User
from rampart.organisations.models import Organisation


@pytest.mark.django_db
def test_demo_data_loads_every_role_and_is_safe_to_run_twice(settings):
    settings.DEMO = True
    call_command("demo_data", "--quiet")
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("demo_data", "--quiet")
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert (kinds.count("region"), kinds.count("icb"), kinds.count("nhs_trust")) == (1, 2, 3)
    # Four GP practices from the foundation; the assurance demo adds practices in every oversight state.
    assert kinds.count("primary_care") >= 4


@pytest.mark.django_db
def test_demo_data_refuses_outside_demo_mode(settings):
    settings.DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="RAMPART_DEMO"):
        call_command("demo_data", "--quiet")


@pytest.mark.django_db
def test_an_organisation_must_sit_in_the_right_place(db):
    from django.core.exceptions import ValidationError

    from rampart.organisations.services import upsert_organisation

    national = upsert_organisation(actor=None, ods_code="N1", name="N", kind="national")
    with pytest.raises(ValidationError, match="cannot sit under"):
        upsert_organisation(actor=None, ods_code="T1", name="T", kind="nhs_trust", parent=national)
