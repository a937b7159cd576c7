"""The demo records (a gap of every kind, one concern, safe to load twice) and the assurance evidence
the chaperoning principles checklist shows from them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rampart.assurance import evidence
from rampart.chaperoning import rules
from rampart.chaperoning.models import ChaperoneConcern, ChaperoneRecord
from rampart.organisations.models import Organisation
from tests.chaperoning.factories import ChaperoneRecordFactory

pytestmark = pytest.mark.django_db


def test_demo_records_show_every_gap_and_one_concern_and_load_twice(settings):
    settings.DEMO = True
    call_command("demo_data", "--quiet")
    call_command("demo_data", "--quiet")
    records = ChaperoneRecord.objects.filter(organisation__ods_code="R1A")
    assert records.count() == 7
    assert {r.recorded_by.email for r in records} == {"cara.clinician@riverside.example"}
    found = {gap for r in records for gap in rules.gaps(r.facts())}
    assert found == set(rules.Gap)
    assert {r.offer for r in records} >= {"declined", "not_offered"}
    assert records.filter(deferred=True).exists()
    concern = ChaperoneConcern.objects.get()
    assert concern.report.organisation.ods_code == "R1A"
    assert concern.record.reference in concern.report.what_happened


def test_the_offer_evidence_counts_the_organisation_s_records_in_the_period(orgs):
    trust_a = orgs["trust_a"]
    period = evidence.current_period(__import__("datetime").date.today())
    ChaperoneRecordFactory(organisation=trust_a)
    ChaperoneRecordFactory(organisation=trust_a, offer="not_offered", chaperone_trained=None)
    ChaperoneRecordFactory(organisation=orgs["trust_b"], offer="not_offered")
    found = evidence.PROVIDERS["chaperone_offer_documented"](trust_a, period)
    assert found.is_available
    assert found.value.startswith(
        f"1 of 2 intimate examinations (50%) had a chaperone offer documented in {period}"
    )


def test_the_offer_evidence_is_honest_when_nothing_is_recorded(orgs):
    found = evidence.PROVIDERS["chaperone_offer_documented"](orgs["trust_a"], "2025/26")
    assert found.value == "No intimate examinations recorded in Rampart in 2025/26"


def test_records_outside_the_financial_year_do_not_count(orgs):
    from datetime import UTC, datetime

    ChaperoneRecordFactory(organisation=orgs["trust_a"], examined_at=datetime(2025, 3, 31, 12, tzinfo=UTC))
    ChaperoneRecordFactory(organisation=orgs["trust_a"], examined_at=datetime(2025, 4, 1, 12, tzinfo=UTC))
    found = evidence.PROVIDERS["chaperone_offer_documented"](
        Organisation.objects.get(pk=orgs["trust_a"].pk), "2025/26"
    )
    assert found.value.startswith("1 of 1 ")
