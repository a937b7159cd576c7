"""Tunable windows, thresholds and weights, with the defaults from the design notes."""

from __future__ import annotations

from dataclasses import dataclass

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Params:
    """Detection parameters. Windows are in hours or days around a relationship."""

    # Explanation windows around a relationship [start - pre, end + post].
    encounter_pre_days: int = 7
    encounter_post_days: int = 30
    care_team_slack_hours: int = 24
    department_pre_days: int = 1
    department_post_days: int = 7
    # Rules.
    roster_slack_hours: int = 1
    unusual_hour_share: float = 0.02
    history_min_episodes: int = 30
    bulk_unexplained_patients: int = 20
    bulk_patients: int = 50
    bulk_factor: float = 3.0
    post_discharge_days: int = 30
    pile_on_users: int = 5
    credential_bucket_minutes: int = 10
    child_age_days: int = 6574  # 18 years
    children_department_share: float = 0.25
    exempt_deceased_roles: tuple[str, ...] = ("coding", "mortality_review", "him")
    exempt_coworker_roles: tuple[str, ...] = ("occupational_health",)
    # Scoring.
    min_score: float = 0.4


DEFAULT_PARAMS = Params()

# Rule weights before the explanation multiplier. FAMILY gets a rarity bonus on top.
RULE_WEIGHTS: dict[str, float] = {
    "SELF": 3.0,
    "FAMILY": 3.5,
    "NEIGHBOUR": 2.0,
    "COWORKER": 2.0,
    "VIP": 2.0,
    "VULNERABLE": 2.5,
    "OUT_OF_HOURS": 1.5,
    "BULK": 4.0,
    "POST_DISCHARGE": 2.5,
    "DECEASED": 2.5,
    "PILE_ON": 2.0,
    "CREDENTIAL": 4.0,
}
