"""An organisation's settings reach the apps that keep facts in step with them (`organisation_changed`),
and only when a setting the statutory duties read has changed: renaming a trust locks no case."""

from __future__ import annotations

import pytest

from rampart.organisations import services
from rampart.organisations.services import DUTY_SETTINGS, upsert_organisation


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []

    def implementations(name: str) -> list[object]:
        assert name == "organisation_changed"
        return [lambda *, organisation: calls.append(organisation)]

    monkeypatch.setattr(services, "implementations", implementations)
    return calls


@pytest.fixture
def icb(db):
    england = upsert_organisation(actor=None, ods_code="X24", name="NHS England", kind="national")
    region = upsert_organisation(actor=None, ods_code="Y56", name="London", kind="region", parent=england)
    return upsert_organisation(
        actor=None, ods_code="QMJ", name="North Central London ICB", kind="icb", parent=region
    )


def trust(icb, **settings):
    given = {"cqc_registered": True, "regulated_activity_provider": True} | settings
    return upsert_organisation(
        actor=None,
        ods_code="RAP",
        name=given.pop("name", "North Middlesex"),
        kind="nhs_trust",
        parent=icb,
        **given,
    )


def test_creating_an_organisation_tells_no_one(icb, heard):
    trust(icb)
    assert heard == []


def test_a_rename_or_a_change_to_accepting_reports_tells_no_one(icb, heard):
    trust(icb)
    trust(icb, name="North Middlesex University Hospital")
    trust(icb, accepts_reports=False)
    assert heard == []


@pytest.mark.parametrize("setting", ["cqc_registered", "regulated_activity_provider"])
def test_a_change_the_duties_read_is_told_once_inside_the_change(icb, heard, setting):
    made = trust(icb)
    trust(icb, **{setting: False})
    assert [org.pk for org in heard] == [made.pk]
    assert getattr(heard[0], setting) is False


def test_the_settings_named_are_the_ones_the_duties_read(icb):
    from rampart.cases.selectors import duties_facts
    from tests.factories import CaseFactory

    case = CaseFactory(organisation=trust(icb))
    read = set(duties_facts(case)["organisation"])
    assert read == set(DUTY_SETTINGS)
