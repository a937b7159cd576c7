"""Regional roll-ups: organisation-level figures, counts of 1 to 4 suppressed."""

from __future__ import annotations

from datetime import date

import pytest

from rampart.assurance.models import CharterProgress
from rampart.assurance.rollup import rollup
from rampart.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory


@pytest.fixture
def practices(orgs):
    """Twelve practices in ICB A, seven signed up; three in ICB B, two signed up."""
    made = []
    for n in range(12):
        p = OrganisationFactory(
            ods_code=f"PA{n:04d}", kind=OrganisationKind.PRIMARY_CARE, parent=orgs["icb_a"]
        )
        made.append(p)
        if n < 7:
            CharterProgress.objects.create(provider=p, charter_signed_on=date(2026, 1, 1))
    for n in range(3):
        p = OrganisationFactory(
            ods_code=f"PB{n:04d}", kind=OrganisationKind.PRIMARY_CARE, parent=orgs["icb_b"]
        )
        if n < 2:
            CharterProgress.objects.create(provider=p, charter_signed_on=date(2026, 1, 1))
    return made


SIGNED_UP = 3  # index of "Signed up to the charter" in MEASURES


def test_region_total_is_shown_when_numbers_are_not_small(orgs, practices):
    total, _rows = rollup(orgs["region"], period="2025/26")
    # 13 practices (GP A + 12) plus 3 in ICB B = 16; 9 signed up, 7 not
    assert str(total.shares[SIGNED_UP]) == "56% (9 of 16)"
    assert str(total.denominators[SIGNED_UP]) == "16"


def test_small_icb_figures_are_suppressed_with_the_one_that_would_reveal_them(orgs, practices):
    _total, rows = rollup(orgs["region"], period="2025/26")
    by_name = {r.name: r for r in rows}
    assert str(by_name["ICB B"].denominators[SIGNED_UP]) == "fewer than 5"
    assert by_name["ICB B"].shares[SIGNED_UP].suppressed
    # ICB A alone (7 of 13) would reveal ICB B from the total, so it is hidden too
    assert by_name["ICB A"].shares[SIGNED_UP].suppressed


def test_rendered_page_never_shows_a_small_count(as_user, analyst, practices):
    body = as_user(analyst).get("/assurance/rollup/Y01/").content.decode()
    assert "56% (9 of 16)" in body
    assert "(2 of 3)" not in body
    assert "(7 of 13)" not in body
    assert "fewer than 5" in body


def test_trust_and_icb_measures_with_few_bodies_are_suppressed(orgs, practices):
    total, _rows = rollup(orgs["region"], period="2025/26")
    # Region One has 2 ICBs and 2 trusts: four bodies, too few to show
    assert total.shares[0].suppressed
    assert str(total.denominators[0]) == "fewer than 5"


def test_rollup_is_only_for_regions_and_the_country(as_user, orgs):
    from tests.factories import MembershipFactory

    analyst_at_icb = MembershipFactory(organisation=orgs["icb_a"], role="analyst").user
    assert as_user(analyst_at_icb).get("/assurance/rollup/QA1/").status_code == 404
