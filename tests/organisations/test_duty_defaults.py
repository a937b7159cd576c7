"""An organisation's settings that change its duties start from its kind's defaults (issue 16), so a
new NHS trust is not silently left without its CQC and DBS duties."""

import pytest

from rampart.organisations.models import OrganisationKind
from rampart.organisations.services import upsert_organisation


@pytest.mark.parametrize(
    ("kind", "parent", "expected"),
    [
        (OrganisationKind.NHS_TRUST, "icb_a", (True, True)),
        (OrganisationKind.INDEPENDENT_PROVIDER, "icb_a", (True, True)),
        (OrganisationKind.PRIMARY_CARE, "icb_a", (True, True)),
        (OrganisationKind.SOCIAL_CARE, "icb_b", (True, True)),
        (OrganisationKind.ICB, "region", (False, False)),
    ],
)
def test_a_new_organisation_takes_its_kinds_duty_settings(orgs, kind, parent, expected):
    made = upsert_organisation(actor=None, ods_code="ZZ1", name="New one", kind=kind, parent=orgs[parent])

    assert (made.cqc_registered, made.regulated_activity_provider) == expected


def test_settings_given_at_setup_win_over_the_defaults(orgs):
    made = upsert_organisation(
        actor=None,
        ods_code="ZZ2",
        name="Day surgery clinic",
        kind=OrganisationKind.INDEPENDENT_PROVIDER,
        parent=orgs["icb_a"],
        regulated_activity_provider=False,
    )

    assert (made.cqc_registered, made.regulated_activity_provider) == (True, False)


def test_an_update_that_does_not_name_a_setting_keeps_it(orgs):
    upsert_organisation(
        actor=None,
        ods_code="ZZ3",
        name="Harbour Hospice",
        kind=OrganisationKind.INDEPENDENT_PROVIDER,
        parent=orgs["icb_a"],
        cqc_registered=False,
    )

    renamed = upsert_organisation(
        actor=None,
        ods_code="ZZ3",
        name="Harbour Hospice Care",
        kind=OrganisationKind.INDEPENDENT_PROVIDER,
        parent=orgs["icb_a"],
    )

    assert (renamed.cqc_registered, renamed.regulated_activity_provider) == (False, True)


def test_the_organisation_page_says_the_settings_change_duties(orgs, alice, as_user):
    page = as_user(alice).get(f"/organisations/{orgs['trust_a'].ods_code}/").content.decode()

    assert "CQC-registered" in page
    assert "change the duties Rampart lists" in page
