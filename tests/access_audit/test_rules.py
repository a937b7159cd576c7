"""Stage 2 and 3: each rule on a tiny hand-made table, and how explanations weigh on them."""

from __future__ import annotations

from datetime import date, timedelta

from .conftest import Trust, alert_rules, at, run_scan


def rules_for(trust: Trust, tmp_path, user: int = 1, patient: int | None = 10) -> set[str]:
    found = alert_rules(run_scan(trust, tmp_path))
    return found.get((str(user), None if patient is None else str(patient)), set())


def test_self_access_is_flagged_even_when_explained(trust: Trust, tmp_path) -> None:
    trust.staff[0]["patient_id"] = 10
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    trust.access(1, 10, at(0))
    assert "SELF" in rules_for(trust, tmp_path)


def test_family_needs_surname_and_address(trust: Trust, tmp_path) -> None:
    trust.staff[0].update(surname="Okonkwo-Smith", address_id="H1")
    trust.patients[0].update(surname="Okonkwo", address_id="H1")
    trust.patients[1].update(surname="Okonkwo", address_id="H2")
    trust.access(1, 10, at(0))
    trust.access(1, 11, at(0))
    found = alert_rules(run_scan(trust, tmp_path))
    assert "FAMILY" in found[("1", "10")]
    assert ("1", "11") not in found


def test_rare_family_surname_scores_higher_than_common(trust: Trust, tmp_path) -> None:
    trust.add_staff(3, surname="Smith", address_id="H3")
    trust.staff[0].update(surname="Quillstanby", address_id="H1")
    trust.patients[0].update(surname="Quillstanby", address_id="H1")
    trust.patients[1].update(surname="Smith", address_id="H3")
    for extra in range(20, 40):
        trust.add_patient(extra, surname="Smith")
    trust.access(1, 10, at(0))
    trust.access(3, 11, at(0))
    scores = {
        (a["user_id"], a["patient_id"]): a["score"] for a in run_scan(trust, tmp_path).alerts.to_pylist()
    }
    assert scores[("1", "10")] > scores[("3", "11")]


def test_neighbour_is_same_postcode_without_family(trust: Trust, tmp_path) -> None:
    trust.staff[0]["postcode"] = "LS1 4AB"
    trust.patients[0]["postcode"] = "LS1 4AB"
    trust.access(1, 10, at(0))
    assert "NEIGHBOUR" in rules_for(trust, tmp_path)


def test_strong_explanation_clears_neighbour(trust: Trust, tmp_path) -> None:
    trust.staff[0]["postcode"] = "LS1 4AB"
    trust.patients[0]["postcode"] = "LS1 4AB"
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    trust.access(1, 10, at(0))
    assert rules_for(trust, tmp_path) == set()


def test_coworker_flag_survives_strong_explanation_at_lower_score(trust: Trust, tmp_path) -> None:
    trust.staff[1]["patient_id"] = 10
    trust.access(1, 10, at(0))
    unexplained = run_scan(trust, tmp_path / "a").alerts.to_pylist()[0]
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    explained = run_scan(trust, tmp_path / "b").alerts.to_pylist()[0]
    assert "COWORKER" in unexplained["rules"]
    assert "COWORKER" in explained["rules"]
    assert explained["explained"]
    assert explained["score"] < unexplained["score"]


def test_occupational_health_is_exempt_from_coworker(trust: Trust, tmp_path) -> None:
    trust.staff[0]["role"] = "occupational_health"
    trust.staff[1]["patient_id"] = 10
    trust.access(1, 10, at(0))
    assert "COWORKER" not in rules_for(trust, tmp_path)


def test_vip_and_sensitive_records_are_flagged(trust: Trust, tmp_path) -> None:
    trust.patients[0]["vip"] = True
    trust.patients[1]["sensitive"] = True
    trust.access(1, 10, at(0))
    trust.access(1, 11, at(0))
    found = alert_rules(run_scan(trust, tmp_path))
    assert "VIP" in found[("1", "10")]
    assert "VIP" in found[("1", "11")]


def test_child_outside_users_service_is_vulnerable(trust: Trust, tmp_path) -> None:
    trust.patients[0]["birth_date"] = date(2015, 5, 1)
    trust.patients[1]["safeguarding"] = True
    trust.access(1, 10, at(0))
    trust.access(1, 11, at(3))
    found = alert_rules(run_scan(trust, tmp_path))
    assert "VULNERABLE" in found[("1", "10")]
    assert "VULNERABLE" in found[("1", "11")]


def test_child_is_not_vulnerable_for_a_childrens_department(trust: Trust, tmp_path) -> None:
    trust.staff[0]["department"] = "paediatrics"
    trust.patients[0]["birth_date"] = date(2015, 5, 1)
    trust.encounter(10, "paediatrics", at(-90), at(-89))
    trust.access(1, 10, at(0))
    assert "VULNERABLE" not in rules_for(trust, tmp_path)


def test_child_under_care_elsewhere_is_not_vulnerable(trust: Trust, tmp_path) -> None:
    trust.patients[0]["birth_date"] = date(2015, 5, 1)
    trust.encounter(10, "emergency", at(0, 8), at(0, 12))
    trust.access(1, 10, at(0))
    assert "VULNERABLE" not in rules_for(trust, tmp_path)


def test_access_off_roster_is_out_of_hours(trust: Trust, tmp_path) -> None:
    trust.rosters = [{"user_id": 1, "start": at(0, 8), "end": at(0, 20)}]
    trust.access(1, 10, at(0, 2))
    trust.access(1, 11, at(0, 20.5))  # inside the one-hour slack
    found = alert_rules(run_scan(trust, tmp_path))
    assert "OUT_OF_HOURS" in found[("1", "10")]
    assert ("1", "11") not in found


def test_unusual_hour_in_users_own_history_is_out_of_hours(trust: Trust, tmp_path) -> None:
    for day in range(60):  # one night access in 61 episodes is under the 2% threshold
        trust.encounter(11, "cardiology", at(day, 8), at(day, 18), user=1)
        trust.access(1, 11, at(day, 10))
    trust.access(1, 10, at(5, 3))
    assert "OUT_OF_HOURS" in rules_for(trust, tmp_path)


def test_short_history_never_makes_an_hour_unusual(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(5, 3))
    assert "OUT_OF_HOURS" not in rules_for(trust, tmp_path)


def test_many_unexplained_patients_in_a_day_is_bulk(trust: Trust, tmp_path) -> None:
    for patient in range(100, 125):
        trust.add_patient(patient)
        trust.access(1, patient, at(0))
    assert "BULK" in rules_for(trust, tmp_path, patient=None)


def test_many_explained_patients_well_above_usual_is_bulk(trust: Trust, tmp_path) -> None:
    for day in range(1, 20):
        trust.access(1, 10, at(day), btg_reason="ED")
    for patient in range(100, 160):
        trust.add_patient(patient)
        trust.access(1, patient, at(0), btg_reason="ED")
    assert "BULK" in rules_for(trust, tmp_path, patient=None)


def test_access_long_after_discharge_is_post_discharge(trust: Trust, tmp_path) -> None:
    trust.encounter(10, "cardiology", at(-60), at(-58), user=1)
    trust.encounter(11, "cardiology", at(-60), at(-58))
    trust.access(1, 10, at(0))
    trust.access(2, 11, at(0))
    found = alert_rules(run_scan(trust, tmp_path))
    assert "POST_DISCHARGE" in found[("1", "10")]
    assert "POST_DISCHARGE" in found[("2", "11")]


def test_access_after_death_is_deceased_unless_coding(trust: Trust, tmp_path) -> None:
    trust.patients[0]["death_date"] = (at(0) - timedelta(days=3)).date()
    trust.staff[1]["role"] = "coding"
    trust.access(1, 10, at(0))
    trust.access(2, 10, at(0))
    found = alert_rules(run_scan(trust, tmp_path))
    assert "DECEASED" in found[("1", "10")]
    assert ("2", "10") not in found


def test_many_unexplained_users_on_one_patient_is_pile_on(trust: Trust, tmp_path) -> None:
    for user in range(30, 36):
        trust.add_staff(user)
        trust.access(user, 10, at(0))
    found = alert_rules(run_scan(trust, tmp_path))
    assert all("PILE_ON" in found[(str(u), "10")] for u in range(30, 36))


def test_two_sites_within_minutes_is_credential_misuse(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0, 10), site="Site-A")
    trust.access(1, 11, at(0, 10.1), site="Site-B")
    trust.access(2, 10, at(0, 10), site="Site-A")
    trust.access(2, 11, at(0, 14), site="Site-B")
    found = alert_rules(run_scan(trust, tmp_path))
    assert "CREDENTIAL" in found[("1", None)]
    assert ("2", None) not in found


def test_activity_on_leave_is_credential_misuse(trust: Trust, tmp_path) -> None:
    trust.leave = [{"user_id": 1, "start": at(0, 0), "end": at(3, 0)}]
    trust.access(1, 10, at(1))
    assert "CREDENTIAL" in rules_for(trust, tmp_path, patient=None)


def test_department_explanation_keeps_family_flag(trust: Trust, tmp_path) -> None:
    trust.staff[0].update(surname="Okafor", address_id="H1")
    trust.patients[0].update(surname="Okafor", address_id="H1")
    trust.encounter(10, "cardiology", at(0, 8), at(2, 8))
    trust.access(1, 10, at(1), action="print")
    alert = run_scan(trust, tmp_path).alerts.to_pylist()[0]
    assert alert["rules"] == "FAMILY"
    assert alert["explained"] is True


def test_budget_caps_alerts_per_day_keeping_the_best(trust: Trust, tmp_path) -> None:
    trust.patients[0]["vip"] = True
    trust.staff[0]["patient_id"] = 11
    trust.access(1, 10, at(0))
    trust.access(1, 11, at(0))
    trust.access(2, 10, at(1))
    result = run_scan(trust, tmp_path, budget=1)
    days = [a["first_ts"].date() for a in result.alerts.to_pylist()]
    assert len(days) == len(set(days)) == 2
    assert result.alerts["rank"].to_pylist() == [1, 2]


def test_unexplained_access_without_a_rule_raises_no_alert(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    assert run_scan(trust, tmp_path).alerts.num_rows == 0
