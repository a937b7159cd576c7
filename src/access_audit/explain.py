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
# What coverage counts, per user and per role: events (all, explained, by kind of explanation) and
# first accesses (all, explained).
EVENT_COUNTS = ("events", "explained_events", "by_relationship", "by_department", "by_btg")
COVERAGE_COUNTS = (*EVENT_COUNTS, "first_accesses", "explained_first_accesses")
RELATIONSHIP, DEPARTMENT, BREAK_GLASS, NONE = 3, 2, 1, 0
ENCOUNTER, CARE_TEAM = 1, 2


def episodes(events: ir.Table) -> ir.Table:
    """One row per (user, patient, day) with its first and last access, event count, whether any
    access printed or exported, whether the first access carried a break-the-glass reason, and
    the site (the alphabetically first, when the episode moved between sites)."""
    rows = events.mutate(day=events.ts.date(), risky=events.action.lower().isin(("print", "export")))
    grouped = rows.group_by(list(EPISODE_KEY)).agg(
        first_ts=rows.ts.min(),
        last_ts=rows.ts.max(),
        events=rows.count(),
        exported=rows.risky.any(),
        site=rows.site.min(),
    )
    # Break-the-glass reasons are rare: look up the first access among those events instead of
    # carrying a column through the grouping of every event.
    reasons = events.filter(events.btg_reason.notnull() & (events.btg_reason.strip() != ""))
    glass = reasons.select(b_user=reasons.user_id, b_patient=reasons.patient_id, b_ts=reasons.ts).distinct()
    found = grouped.left_join(
        glass,
        [
            grouped.user_id.identical_to(glass.b_user),
            grouped.patient_id.identical_to(glass.b_patient),
            grouped.first_ts == glass.b_ts,
        ],
    )
    return found.mutate(btg_first=found.b_ts.notnull()).drop("b_user", "b_patient", "b_ts")


def department_codes(staff: ir.Table) -> ir.Table:
    """Each staff department as a small number (`c_department` -> `code`): the department join
    over every episode is then on integers, not text. Numbered in name order, so every use of
    this table in a query agrees."""
    names = staff.select(c_department=staff.department).distinct()
    return names.mutate(code=ibis.row_number().over(order_by=names.c_department))


def with_department(episode: ir.Table, staff: ir.Table) -> ir.Table:
    """Attach the user's department, as its code (see `department_codes`), for the department
    explanation."""
    codes = department_codes(staff)
    depts = staff.join(codes, staff.department.identical_to(codes.c_department))
    depts = depts.select(s_user=depts.user_id, department=depts.code)
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


def _disjoint(windows: ir.Table, key: str) -> ir.Table:
    """Clip each (key, patient)'s windows so that no two overlap and their union is unchanged: a
    time then falls in at most one window per key, so a left join finds at most one match.

    In (lo, hi) order, the part of a window already covered by the ones before it is exactly
    [lo, reach], where reach is the latest end among them; the window keeps what lies after that
    (or is dropped). One window pass, no grouping; an exact duplicate is dropped whichever of the
    two comes first."""
    before = ibis.window(
        group_by=[windows[key], windows.r_patient], order_by=[windows.lo, windows.hi], rows=(None, -1)
    )
    marked = windows.mutate(reach=windows.hi.max().over(before))
    covered = marked.reach.notnull() & (marked.reach >= marked.lo)
    clipped = marked.mutate(
        lo=ibis.cases((covered, marked.reach + ibis.interval(microseconds=1)), else_=marked.lo)
    )
    return clipped.filter(clipped.lo <= clipped.hi).drop("reach")


def _within(left: ir.Table, right: ir.Table, key: str, right_key: str) -> list[ir.BooleanValue]:
    return [
        left[key] == right[right_key],
        left.patient_id == right.r_patient,
        left.first_ts >= right.lo,
        left.first_ts <= right.hi,
    ]


def explain(episode: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """The episodes with `strength` (3 relationship, 2 department, 1 break-the-glass, 0 none).

    `episode` must carry the user's `department` (see `with_department`); it is dropped from the
    result, which keeps only what later stages read. Each kind of relationship is clipped into
    disjoint windows first, so one left join per kind marks the episodes: nothing is split,
    grouped or joined back, and the episodes are read once.
    """
    # Relationships whose window misses the scanned period cannot explain anything: drop them
    # before the joins (most of a trust's encounter history).
    earliest, latest = inputs.events.ts.min(), inputs.events.ts.max()
    rel = user_relationships(inputs, params)
    dept = department_relationships(inputs, params)
    rel = rel.filter((rel.hi >= earliest) & (rel.lo <= latest))
    dept = dept.filter((dept.hi >= earliest) & (dept.lo <= latest))
    rel = _disjoint(rel.select("r_user", "r_patient", "lo", "hi"), "r_user")
    codes = department_codes(inputs.staff)
    dept = dept.join(codes, dept.r_department == codes.c_department)
    dept = dept.select(r_department=dept.code, r_patient=dept.r_patient, lo=dept.lo, hi=dept.hi)
    dept = _disjoint(dept, "r_department")
    rows = episode.left_join(rel, _within(episode, rel, "user_id", "r_user"))
    rows = rows.drop("r_patient", "lo", "hi")
    rows = rows.left_join(dept, _within(rows, dept, "department", "r_department"))
    strength = ibis.cases(
        (rows.r_user.notnull(), RELATIONSHIP),
        (rows.r_department.notnull(), DEPARTMENT),
        (rows.btg_first, BREAK_GLASS),
        else_=NONE,
    ).cast("int8")
    # The day is left out (see `with_day`): the table is materialised, and narrower is faster.
    return rows.select(
        "user_id", "patient_id", "first_ts", "last_ts", "events", "exported", "site", strength=strength
    )


def with_day(explained: ir.Table) -> ir.Table:
    """Put back the episode's `day`, computed on the fly from its first access."""
    return explained.mutate(day=explained.first_ts.truncate("D"))


def user_totals(explained: ir.Table, days: ir.Table) -> ir.Table:
    """Per user: events (all, explained, unexplained, by kind of explanation), summed from the
    user-days `days` (`rules.user_days`, which count them per day), and first accesses (the first
    episode of each user-patient pair in the data)."""
    events = days.group_by(e_user=days.user_id).agg(
        **{name: days[name].sum() for name in ("unexplained_events", *EVENT_COUNTS)}
    )
    # The pair grouping is the costly one (millions of groups): two plain minimums. Episodes of a
    # pair are on different days, so the first episode is explained exactly when the earliest
    # explained first access is the earliest first access.
    ok = explained.strength > NONE
    pairs = explained.group_by(["user_id", "patient_id"]).agg(
        first=explained.first_ts.min(), first_ok=explained.first_ts.min(where=ok)
    )
    firsts = pairs.group_by(f_user=pairs.user_id).agg(
        first_accesses=pairs.count(),
        explained_first_accesses=(pairs.first_ok == pairs.first).fill_null(False).cast("int64").sum(),
    )
    # An event without a user still counts (as an unknown role): match missing ids too.
    users = events.join(firsts, events.e_user.identical_to(firsts.f_user))
    return users.drop("f_user").rename(user_id="e_user")


def coverage(users: ir.Table, staff: ir.Table) -> ir.Table:
    """Explained share of events and of first accesses by role (one row per role), from
    `user_totals`."""
    roles = staff.select(r_user=staff.user_id, role=staff.role)
    rows = users.left_join(roles, users.user_id == roles.r_user)
    return rows.group_by(role=rows.role.fill_null("(unknown)")).agg(
        **{name: rows[name].sum() for name in COVERAGE_COUNTS}
    )
