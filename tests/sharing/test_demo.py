from __future__ import annotations

import pytest
from django.core.management import call_command

from rampart.organisations.models import Organisation
from rampart.sharing import services
from rampart.sharing.models import SharingContact

pytestmark = pytest.mark.django_db


def test_demo_contacts_for_the_three_trusts_load_twice_and_erin_can_find_the_demo_doctor(settings):
    settings.DEMO = True
    call_command("demo_data", "--quiet")
    call_command("demo_data", "--quiet")
    assert sorted(SharingContact.objects.values_list("organisation__ods_code", flat=True)) == [
        "R1A",
        "R1B",
        "R1C",
    ]
    from rampart.accounts.models import User

    erin = User.objects.get(email="erin.handler@eastmoor.example")
    check = services.run_onboarding_check(
        actor=erin,
        organisation=Organisation.objects.get(ods_code="R1C"),
        candidate_name="Marcus Hale",
        role="Locum consultant",
        purpose="host",
        purpose_details="Locum shifts from March",
        regulator="GMC",
        registration_number="7012345",
    )
    assert sorted(r["organisation"] for r in check.result) == ["R1A", "R1B"]
