"""Stage 1: group accesses into episodes and explain each episode.

An episode is one user's accesses to one patient on one (UTC) day. The episode is explained, or
not, at its first access; every later access in the episode inherits that status, so a user cannot
explain a snoop by returning to the record. Explanations are equi-joins on (user, patient) or
(department, patient) with a time-window filter, which every Ibis backend compiles (no as-of join).

Strength: a direct encounter or care-team membership is strong (3), a department match is medium
(2), a break-the-glass reason on the first access is weak (1); the strongest one counts.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .ingest import Inputs
from .params import Params

EPISODE_KEY = ("user_id", "patient_id", "day")
RELATIONSHIP, DEPARTMENT, BREAK_GLASS, NONE = 3, 2, 1, 0
ENCOUNTER, CARE_TEAM = 1, 2


def episodes(events: ir.Table) -> ir.Table:
    """One row per (user, patient, day) with its first and last access, event counts and site
    (the alphabetically first, when the episode moved between sites)."""
    btg = events.btg_reason.notnull() & (events.btg_reason.strip() != "")
    risky = events.action.lower().isin(("print", "export"))
    rows = events.mutate(
        day=events.ts.truncate("D"),
        btg_ts=ibis.cases((btg, events.ts)),
        risky=risky.ifelse(1, 0),
    )
    return rows.group_by(list(EPISODE_KEY)).agg(
        first_ts=rows.ts.min(),
        last_ts=rows.ts.max(),
        events=rows.count(),
        first_btg_ts=rows.btg_ts.min(),
        exports=rows.risky.sum(),
        site=rows.site.min(),
    )


def with_department(episode: ir.Table, staff: ir.Table) -> ir.Table:
    """Attach the user's department (kept with the episodes so the department join is probed
    by episodes, rather than the engine joining staff to encounters first)."""
    depts = staff.select(s_user=staff.user_id, department=staff.department)
    joined = episode.left_join(depts, episode.user_id == depts.s_user)
    return joined.drop("s_user")


def user_relationships(inputs: Inputs, params: Params) -> ir.Table:
    """Direct encounters and care-team memberships as (user, patient, window, kind, end)."""
    enc = inputs.encounters
    care = inputs.care_team
    slack = ibis.interval(hours=params.care_team_slack_hours)
    direct = enc.filter(enc.user_id.notnull()).select(
        r_user=enc.user_id,
        r_patient=enc.patient_id,
        lo=enc.start - ibis.interval(days=params.encounter_pre_days),
        hi=enc.end + ibis.interval(days=params.encounter_post_days),
        ended=enc.end,
        kind=ibis.literal(ENCOUNTER, "int8"),
    )
    team = care.select(
        r_user=care.user_id,
        r_patient=care.patient_id,
        lo=care.start - slack,
        hi=care.end + slack,
        ended=care.end,
        kind=ibis.literal(CARE_TEAM, "int8"),
    )
    return direct.union(team)


def department_relationships(inputs: Inputs, params: Params) -> ir.Table:
    enc = inputs.encounters
    return enc.select(
        r_department=enc.department,
        r_patient=enc.patient_id,
        lo=enc.start - ibis.interval(days=params.department_pre_days),
        hi=enc.end + ibis.interval(days=params.department_post_days),
        ended=enc.end,
    )


def _within(left: ir.Table, right: ir.Table, key: str, right_key: str) -> list[ir.BooleanValue]:
    return [
        left[key] == right[right_key],
        left.patient_id == right.r_patient,
        left.first_ts >= right.lo,
        left.first_ts <= right.hi,
    ]


def explain(episode: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """Add `strength` (3 relationship, 2 department, 1 break-the-glass, 0 none) and `explained`.

    `episode` must carry the user's `department` (see `with_department`). Semi- and anti-joins split
    the episodes into disjoint sets, so nothing is grouped or joined back.
    """
    earliest, latest = episode.first_ts.min(), episode.first_ts.max()
    rel = user_relationships(inputs, params)
    dept = department_relationships(inputs, params)
    # Relationships whose window misses the scanned period cannot explain anything: drop them
    # before the joins (most of a trust's encounter history).
    rel = rel.filter((rel.hi >= earliest) & (rel.lo <= latest))
    dept = dept.filter((dept.hi >= earliest) & (dept.lo <= latest))
    strong = episode.semi_join(rel, _within(episode, rel, "user_id", "r_user"))
    rest = episode.anti_join(rel, _within(episode, rel, "user_id", "r_user"))
    medium = rest.semi_join(dept, _within(rest, dept, "department", "r_department"))
    other = rest.anti_join(dept, _within(rest, dept, "department", "r_department"))
    by_btg = other.first_btg_ts.notnull() & (other.first_btg_ts == other.first_ts)
    parts = [
        strong.mutate(strength=ibis.literal(RELATIONSHIP, "int8")),
        medium.mutate(strength=ibis.literal(DEPARTMENT, "int8")),
        other.mutate(strength=by_btg.ifelse(BREAK_GLASS, NONE).cast("int8")),
    ]
    both = parts[0].union(parts[1]).union(parts[2])
    return both.mutate(explained=both.strength > 0)


def coverage(explained: ir.Table, staff: ir.Table) -> ir.Table:
    """Explained share of events and of first accesses, overall and by role (one row per role)."""
    first = explained.group_by(["user_id", "patient_id"]).agg(first_day=explained.day.min())
    first = first.rename(c_user="user_id", c_patient="patient_id")
    roles = staff.select(r_user=staff.user_id, role=staff.role)
    rows = explained.left_join(
        first,
        [explained.user_id == first.c_user, explained.patient_id == first.c_patient],
    )
    rows = rows.left_join(roles, rows.user_id == roles.r_user)
    is_first = rows.day == rows.first_day
    return rows.group_by(role=rows.role.fill_null("(unknown)")).agg(
        events=rows.events.sum(),
        explained_events=rows.events.sum(where=rows.explained),
        episodes=rows.count(),
        explained_episodes=rows.explained.sum(),
        first_accesses=is_first.sum(),
        explained_first_accesses=(is_first & rows.explained).sum(),
        by_relationship=rows.events.sum(where=rows.strength == RELATIONSHIP),
        by_department=rows.events.sum(where=rows.strength == DEPARTMENT),
        by_btg=rows.events.sum(where=rows.strength == BREAK_GLASS),
    )
