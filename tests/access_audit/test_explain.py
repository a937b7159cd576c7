"""Stage 1: explanations and coverage."""

from __future__ import annotations

from datetime import date

from .conftest import Trust, at, run_scan


def test_encounter_clinician_explains_access(trust: Trust, tmp_path) -> None:
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    trust.access(1, 10, at(3))
    result = run_scan(trust, tmp_path)
    assert result.coverage.explained_share == 1.0
    assert result.coverage.by_kind["relationship"] == 1


def test_care_team_explains_access(trust: Trust, tmp_path) -> None:
    trust.care_team.append({"user_id": 1, "patient_id": 10, "start": at(0, 0), "end": at(2, 0)})
    trust.access(1, 10, at(1))
    assert run_scan(trust, tmp_path).coverage.by_kind["relationship"] == 1


def test_department_explains_access_to_a_patient_on_the_ward(trust: Trust, tmp_path) -> None:
    trust.encounter(10, "cardiology", at(0, 9), at(3, 9))
    trust.access(2, 10, at(1))
    result = run_scan(trust, tmp_path)
    assert result.coverage.by_kind["department"] == 1
    assert result.coverage.explained_share == 1.0


def test_break_the_glass_with_reason_explains_access(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0), btg_reason="Unconscious patient in ED")
    assert run_scan(trust, tmp_path).coverage.by_kind["btg"] == 1


def test_access_outside_every_window_is_unexplained(trust: Trust, tmp_path) -> None:
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    trust.access(1, 10, at(40))
    assert run_scan(trust, tmp_path).coverage.explained_share == 0.0


def test_repeat_access_inherits_unexplained_first_access(trust: Trust, tmp_path) -> None:
    # The relationship starts after the first access of the day: the day's later accesses do
    # not launder the first one.
    trust.care_team.append({"user_id": 1, "patient_id": 10, "start": at(0, 12), "end": at(0, 13)})
    trust.access(1, 10, at(-2, 8))  # more than the 24-hour slack before the care-team window
    trust.access(1, 10, at(-2, 9))
    result = run_scan(trust, tmp_path)
    assert result.coverage.explained_events == 0


def test_repeat_access_inherits_break_the_glass_of_first_access(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0), btg_reason="Emergency", times=3)
    result = run_scan(trust, tmp_path)
    assert result.coverage.explained_events == 3


def test_break_the_glass_on_a_later_access_does_not_explain_the_episode(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0, 9))
    trust.access(1, 10, at(0, 10), btg_reason="Emergency")
    assert run_scan(trust, tmp_path).coverage.explained_events == 0


def test_coverage_reports_first_accesses_separately(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))  # first access, unexplained
    trust.encounter(10, "cardiology", at(10, 9), at(10, 10), user=1)
    trust.access(1, 10, at(10))  # second episode, explained
    result = run_scan(trust, tmp_path)
    assert result.coverage.first_accesses == 1
    assert result.coverage.first_access_share == 0.0
    assert result.coverage.explained_share == 0.5
    assert [r["role"] for r in result.coverage.by_role] == ["nurse"]


def test_unknown_user_counts_under_unknown_role(trust: Trust, tmp_path) -> None:
    trust.access(99, 10, at(0))
    assert run_scan(trust, tmp_path).coverage.by_role[0]["role"] == "(unknown)"


def test_patient_birth_date_only_matters_for_children(trust: Trust, tmp_path) -> None:
    trust.patients[0]["birth_date"] = date(2020, 1, 1)
    trust.encounter(10, "paediatrics", at(0, 9), at(0, 10))
    trust.access(1, 10, at(0))
    assert run_scan(trust, tmp_path).coverage.explained_share == 0.0


def test_overlapping_and_repeated_relationships_count_each_access_once(trust: Trust, tmp_path) -> None:
    # Identical and overlapping windows are merged before the join; none may duplicate an episode.
    for _ in range(3):
        trust.care_team.append({"user_id": 1, "patient_id": 10, "start": at(0, 0), "end": at(2, 0)})
        trust.encounter(10, "cardiology", at(0, 9), at(1, 9), user=1)
        trust.encounter(10, "cardiology", at(0, 9), at(1, 9))
    trust.care_team.append({"user_id": 1, "patient_id": 10, "start": at(1, 0), "end": at(5, 0)})
    trust.care_team.append({"user_id": 1, "patient_id": 10, "start": at(9, 0), "end": at(9, 1)})
    for day in (0, 1, 2, 3, 6, 9):
        trust.access(1, 10, at(day), times=2)
        trust.access(2, 10, at(day))
    result = run_scan(trust, tmp_path)
    assert result.coverage.events == 18
    assert result.coverage.first_accesses == 2
    assert result.coverage.by_kind["relationship"] == 12  # all of user 1's (the encounter runs 30 days on)
