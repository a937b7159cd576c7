"""Chaperoning reads: a chaperone's training found by staff number, ignoring case, through its index."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rampart.chaperoning import selectors
from rampart.learning.models import Course, TrainingRecord

pytestmark = pytest.mark.django_db

ON = date(2026, 12, 1)


def test_training_is_found_by_staff_number_ignoring_case_and_surrounding_spaces(orgs, trained_bank_chaperone):
    assert selectors.chaperone_training(orgs["trust_a"], on=ON, staff_number="  b1234 ") == (True, None)


def test_another_staff_number_finds_no_training(orgs, trained_bank_chaperone):
    assert selectors.chaperone_training(orgs["trust_a"], on=ON, staff_number="B12345") == (False, None)


def test_the_staff_number_lookup_uses_its_expression_index(orgs, trained_bank_chaperone):
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            organisation=orgs["trust_a"],
            person_name=f"Bank chaperone {n}",
            staff_number=f"B{n:05}",
            course=Course.CHAPERONE,
            completed_on=date(2020, 1, 1),
        )
        for n in range(2000)
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.chaperone_training(orgs["trust_a"], on=ON, staff_number="b1234")
    (lookup,) = [q["sql"] for q in queries.captured_queries if q["sql"].endswith("LIMIT 1")]  # exists()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE learning_trainingrecord")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {lookup}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {lookup}")
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "learning_staff_number_upper" in plan, plan
