"""Stage 3: score flagged episodes and user-days, and build alerts (one per user-patient pair, or
per user-day for BULK and CREDENTIAL).

Episode score = unexplained weight + explanation multiplier x sum of rule weights.
* Unexplained weight: 1.0, plus up to 1 more when the user's own unexplained share is low (their
  baseline), plus 2.0 when the patient is under no care anywhere in the trust (an "orphan" access).
  A break-the-glass or department explanation leaves a small weight (1.0, 0.5).
* Multiplier: 1 unexplained or break-the-glass only, 0.6 department, 0.25 strong explanation;
  SELF and FAMILY keep their full weight under a department explanation.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .params import RULE_WEIGHTS, Params
from .rules import EPISODE_RULES, USER_DAY_RULES

PERSONAL_RULES = ("SELF", "FAMILY")
ALERT_COLUMNS = ("user_id", "patient_id", "first_ts", "last_ts", "events", "explained", "score")


def user_baseline(users: ir.Table) -> ir.Table:
    """Each user's unexplained share of events over the scan (from `explain.user_totals`), turned
    into a surprise in [0, 1]."""
    share = users.unexplained_events.fill_null(0).cast("float64") / users.events
    surprise = (1.0 - share / 0.1).clip(lower=0.0, upper=1.0)
    return users.select(u_user=users.user_id, surprise=surprise)


def episode_scores(flagged: ir.Table, users: ir.Table) -> ir.Table:
    """Flagged episodes (at least one rule) with `score`; `users` is `explain.user_totals`."""
    any_rule = ibis.literal(False)
    for code in EPISODE_RULES:
        any_rule = any_rule | flagged[code]
    rows = flagged.filter(any_rule)
    base = user_baseline(users)
    rows = rows.left_join(base, rows.user_id == base.u_user)
    targets = rows.filter(rows.VULNERABLE).group_by(v_user=ibis._.user_id)
    targets = targets.agg(vulnerable_patients=ibis._.patient_id.nunique())
    rows = rows.left_join(targets, rows.user_id == targets.v_user)
    weight = ibis.cases(
        (rows.strength == 0, 1.0 + rows.surprise.fill_null(0.0) + rows.orphan.ifelse(2.0, 0.0)),
        (rows.strength == 1, 1.0),
        (rows.strength == 2, 0.5),
        else_=0.0,
    )
    multiplier = ibis.cases((rows.strength == 3, 0.25), (rows.strength == 2, 0.6), else_=1.0)
    # Working on the same ward does not explain opening your own or your family's record.
    personal = ibis.cases((rows.strength == 3, 0.25), else_=1.0)
    rarity = rows.rarity
    # Several vulnerable patients looked up by one user weigh more (escalation), capped at +2.
    extra_targets = (rows.vulnerable_patients.fill_null(1) - 1).clip(upper=4).cast("float64")
    total = (rows.COWORKER & rows.same_department).ifelse(0.5, 0.0)
    for code in EPISODE_RULES:
        if code not in PERSONAL_RULES:
            total = total + rows[code].ifelse(RULE_WEIGHTS[code], 0.0)
    total = total + (rows.exported & (rows.strength == 0)).ifelse(0.5, 0.0)
    total = total + rows.VULNERABLE.ifelse(0.5 * extra_targets, 0.0)
    own = rows.FAMILY.ifelse(RULE_WEIGHTS["FAMILY"] + 1.5 * rarity, 0.0) + rows.SELF.ifelse(
        RULE_WEIGHTS["SELF"], 0.0
    )
    score = weight + multiplier * total + personal * own
    return rows.mutate(score=score)


def pair_alerts(scored: ir.Table) -> ir.Table:
    """Group flagged episodes into one alert per (user, patient)."""
    pairs = scored.group_by(["user_id", "patient_id"]).agg(
        first_ts=scored.first_ts.min(),
        last_ts=scored.last_ts.max(),
        events=scored.events.sum(),
        explained=scored.strength.min() > 0,
        top=scored.score.max(),
        episodes=scored.count(),
        **{code: scored[code].any() for code in EPISODE_RULES},
    )
    repeat = pairs.episodes.cast("float64").log2() * 0.5
    return pairs.mutate(
        score=(pairs.top + repeat).round(4),
        **{code: ibis.literal(False) for code in USER_DAY_RULES},
    )


def user_day_alerts(days: ir.Table, patient_type: ir.DataType) -> ir.Table:
    flagged = days.filter(days.BULK | days.CREDENTIAL)
    bulk_weight = (flagged.unexplained.cast("float64") / 20.0 + 1.0).log2() + RULE_WEIGHTS["BULK"]
    score = flagged.BULK.ifelse(bulk_weight, 0.0) + flagged.CREDENTIAL.ifelse(RULE_WEIGHTS["CREDENTIAL"], 0.0)
    return flagged.select(
        "user_id",
        patient_id=ibis.null(patient_type),
        first_ts=flagged.first_ts,
        last_ts=flagged.last_ts,
        events=flagged.events,
        explained=ibis.literal(False),
        score=(score + 1.5).round(4),
        **{code: ibis.literal(False) for code in EPISODE_RULES},
        BULK=flagged.BULK,
        CREDENTIAL=flagged.CREDENTIAL,
    )


def alerts(scored: ir.Table, days: ir.Table, params: Params) -> ir.Table:
    """All alerts at or above the minimum score, unranked."""
    pairs = pair_alerts(scored)
    columns = [*ALERT_COLUMNS, *EPISODE_RULES, *USER_DAY_RULES]
    users = user_day_alerts(days, pairs.patient_id.type())
    both = pairs.select(*columns).union(users.select(*columns))
    return both.filter(both.score >= params.min_score)
