"""Demo data: idempotent, and the demo ICB shows providers in every RAG state."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from rampart.assurance.models import Assessment, CharterProgress
from rampart.assurance.selectors import oversight_rows
from rampart.organisations.models import Organisation


@pytest.fixture
def demo(db):
    with override_settings(DEMO=True):
        call_command("demo_data", quiet=True)
        call_command("demo_data", quiet=True)


def test_demo_data_can_be_loaded_twice(demo):
    assert Assessment.objects.filter(organisation__ods_code="R1A", framework_code="charter").count() == 3
    assert CharterProgress.objects.count() == 12


def test_demo_icb_has_providers_in_every_rag_state(demo):
    rows = oversight_rows(Organisation.objects.get(ods_code="Q9A"), today=date(2026, 11, 23))
    states = {r.provider.ods_code: r.status.rag for r in rows}
    assert set(states.values()) == {"red", "amber", "green"}
    assert {"Z90001", "Z90002"} <= set(states)


def test_demo_trust_has_an_assessment_in_progress_and_approved_history(demo):
    statuses = dict(
        Assessment.objects.filter(organisation__ods_code="R1A", framework_code="charter").values_list(
            "period", "status"
        )
    )
    assert statuses == {"2024/25": "approved", "2025/26": "approved", "2026/27": "draft"}
