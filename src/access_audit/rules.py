"""Stage 2: the contract's rules, as boolean columns on episodes and on user-days.

A strong explanation (encounter or care team, strength 3) does not clear SELF, FAMILY, COWORKER or
VIP; it clears every other episode rule. Rules that need the patient's care context look only at
unexplained episodes.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .context import NEVER, RECENT_DEPARTMENT_DAYS, notable_patients, relation_pairs, unexplained_context
from .explain import EPISODE_KEY
from .ingest import Inputs
from .params import Params

EPISODE_RULES = (
    "SELF",
    "FAMILY",
    "NEIGHBOUR",
    "COWORKER",
    "VIP",
    "VULNERABLE",
    "OUT_OF_HOURS",
    "POST_DISCHARGE",
    "DECEASED",
    "PILE_ON",
)
USER_DAY_RULES = ("BULK", "CREDENTIAL")


def roster_cover(rows: ir.Table, rosters: ir.Table | None, params: Params) -> ir.Table:
    """(user, day, first_ts) of not strongly explained episodes with `rostered` and `on_shift`.

    Shifts are bucketed by the day their (slackened) start and end fall on, so the join is an
    equi-join on (user, day); shifts longer than 24 hours are checked only on those two days.
    """
    keys = rows.filter(rows.strength < 3).select(*EPISODE_KEY, "first_ts")
    if rosters is None:
        return keys.mutate(rostered=False, on_shift=False)
    slack = ibis.interval(hours=params.roster_slack_hours)
    shifts = rosters.select(q_user=rosters.user_id, lo=rosters.start - slack, hi=rosters.end + slack)
    days = shifts.mutate(q_day=shifts.lo.truncate("D")).union(shifts.mutate(q_day=shifts.hi.truncate("D")))
    days = days.distinct()
    covering = keys.join(
        days,
        [
            keys.user_id == days.q_user,
            keys.day == days.q_day,
            keys.first_ts >= days.lo,
            keys.first_ts <= days.hi,
        ],
    )
    covered = covering.select(*EPISODE_KEY).distinct().mutate(on_shift=True)
    rostered_users = rosters.select(v_user=rosters.user_id).distinct()
    out = keys.left_join(rostered_users, keys.user_id == rostered_users.v_user)
    out = out.left_join(
        covered.rename(c_user="user_id", c_patient="patient_id", c_day="day"),
        [("user_id", "c_user"), ("patient_id", "c_patient"), ("day", "c_day")],
    )
    return out.select(
        *EPISODE_KEY,
        "first_ts",
        rostered=out.v_user.notnull(),
        on_shift=out.on_shift.fill_null(False),
    )


def unusual_hours(explained: ir.Table, params: Params) -> ir.Table:
    """(user, hour) pairs that are rare in the user's own history of episodes."""
    hours = explained.mutate(hour=explained.first_ts.hour())
    per_hour = hours.group_by(["user_id", "hour"]).agg(n=hours.count())
    totals = per_hour.group_by(t_user=per_hour.user_id).agg(total=per_hour.n.sum())
    rows = per_hour.join(totals, per_hour.user_id == totals.t_user)
    rare = (rows.total >= params.history_min_episodes) & (
        rows.n.cast("float64") / rows.total < params.unusual_hour_share
    )
    return rows.filter(rare).select(h_user=rows.user_id, h_hour=rows.hour)


def _out_of_hours(explained: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    cover = roster_cover(explained, inputs.rosters, params)
    rare = unusual_hours(explained, params)
    cover = cover.mutate(hour=cover.first_ts.hour())
    cover = cover.left_join(rare, [cover.user_id == rare.h_user, cover.hour == rare.h_hour])
    off = ibis.cases((cover.rostered, ~cover.on_shift), else_=cover.h_user.notnull())
    return cover.filter(off).select(o_user=cover.user_id, o_patient=cover.patient_id, o_day=cover.day)


def _pile_on(explained: ir.Table, params: Params) -> ir.Table:
    unexplained = explained.filter(explained.strength == 0)
    crowd = unexplained.group_by(g_patient=unexplained.patient_id, g_day=unexplained.day).agg(
        viewers=unexplained.user_id.nunique()
    )
    return crowd.filter(crowd.viewers >= params.pile_on_users)


def episode_rules(explained: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """Episodes with one boolean column per episode rule (and what scoring needs)."""
    pairs = relation_pairs(inputs)
    notable = notable_patients(inputs)
    roles = inputs.staff.select(v_user=inputs.staff.user_id, role=inputs.staff.role.lower())
    context = unexplained_context(explained, inputs, params)
    ooh = _out_of_hours(explained, inputs, params)
    crowd = _pile_on(explained, params)
    rows = explained.left_join(pairs, [("user_id", "r_user"), ("patient_id", "r_patient")])
    rows = rows.left_join(notable, rows.patient_id == notable.n_patient)
    rows = rows.left_join(roles, rows.user_id == roles.v_user)
    rows = rows.left_join(context, [("user_id", "x_user"), ("patient_id", "x_patient"), ("day", "x_day")])
    rows = rows.left_join(ooh, [("user_id", "o_user"), ("patient_id", "o_patient"), ("day", "o_day")])
    rows = rows.left_join(crowd, [("patient_id", "g_patient"), ("day", "g_day")])

    unexplained = rows.strength == 0
    not_strong = rows.strength < 3
    active = rows.active_anywhere.fill_null(False)
    dept_end = rows.last_department_end.fill_null(NEVER)
    user_end = rows.last_user_end.fill_null(NEVER)
    recent_dept = dept_end >= rows.first_ts - ibis.interval(days=RECENT_DEPARTMENT_DAYS)
    orphan = unexplained & ~active & ~recent_dept
    last_end = ibis.cases((dept_end > user_end, dept_end), else_=user_end)
    child = rows.birth_date > rows.first_ts.date() - ibis.interval(days=params.child_age_days)
    vulnerable = (
        child.fill_null(False) & ~rows.serves_children.fill_null(False)
    ) | rows.safeguarding.fill_null(False)
    is_self = rows.pair_self.fill_null(False)
    role = rows.role.fill_null("")
    return rows.mutate(
        orphan=orphan,
        rarity=rows.rarity.fill_null(0.0),
        SELF=is_self,
        FAMILY=rows.pair_family.fill_null(False),
        NEIGHBOUR=not_strong & rows.pair_neighbour.fill_null(False),
        COWORKER=rows.is_colleague.fill_null(False) & ~is_self & ~role.isin(params.exempt_coworker_roles),
        same_department=(rows.colleague_department == rows.department).fill_null(False),
        VIP=rows.n_vip.fill_null(False),
        VULNERABLE=orphan & vulnerable,
        OUT_OF_HOURS=not_strong & rows.o_user.notnull(),
        POST_DISCHARGE=(
            unexplained
            & ~active
            & (last_end > NEVER)
            & (last_end < rows.first_ts - ibis.interval(days=params.post_discharge_days))
        ),
        DECEASED=(
            not_strong & (rows.death_date < rows.first_ts.date()) & ~role.isin(params.exempt_deceased_roles)
        ).fill_null(False),
        PILE_ON=unexplained & rows.g_patient.notnull(),
    )


def _site_clash(explained: ir.Table, params: Params) -> ir.Table:
    """(user, day) where two episodes start at different sites inside one or two adjacent time
    buckets. Working on episodes (not every event) misses a second site that only reopens
    patients already opened that day, but costs a quarter of a pass over the events."""
    seconds = params.credential_bucket_minutes * 60
    rows = explained.filter(explained.site.notnull())
    rows = rows.mutate(bucket=rows.first_ts.epoch_seconds() // seconds)
    buckets = rows.group_by(["user_id", "bucket"]).agg(
        lo_site=rows.site.min(), hi_site=rows.site.max(), day=rows.first_ts.min().truncate("D")
    )
    later = buckets.select(n_user="user_id", n_bucket="bucket", n_lo="lo_site", n_hi="hi_site")
    pairs = buckets.left_join(later, [buckets.user_id == later.n_user, buckets.bucket + 1 == later.n_bucket])
    clash = (pairs.lo_site != pairs.hi_site) | (
        pairs.n_user.notnull() & ((pairs.lo_site != pairs.n_hi) | (pairs.hi_site != pairs.n_lo))
    )
    return pairs.filter(clash).select(k_user=pairs.user_id, k_day=pairs.day.cast("timestamp")).distinct()


def _on_leave(explained: ir.Table, leave: ir.Table | None) -> ir.Table | None:
    if leave is None:
        return None
    away = leave.select(l_user=leave.user_id, l_start=leave.start, l_end=leave.end)
    rows = explained.join(
        away,
        [
            explained.user_id == away.l_user,
            explained.first_ts >= away.l_start,
            explained.first_ts <= away.l_end,
        ],
    )
    return rows.select(k_user=rows.user_id, k_day=rows.day.cast("timestamp")).distinct()


def user_day_rules(explained: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """One row per (user, day) with BULK and CREDENTIAL."""
    days = explained.group_by(["user_id", "day"]).agg(
        first_ts=explained.first_ts.min(),
        last_ts=explained.last_ts.max(),
        events=explained.events.sum(),
        patients=explained.count(),
        unexplained=(explained.strength == 0).sum(),
    )
    usual = days.group_by(m_user=days.user_id).agg(mean_patients=days.patients.mean())
    days = days.join(usual, days.user_id == usual.m_user)
    clashes = _site_clash(explained, params)
    leave = _on_leave(explained, inputs.leave)
    if leave is not None:
        clashes = clashes.union(leave).distinct()
    days = days.left_join(clashes, [days.user_id == clashes.k_user, days.day == clashes.k_day])
    bulk = (days.unexplained >= params.bulk_unexplained_patients) | (
        (days.patients >= params.bulk_patients) & (days.patients >= days.mean_patients * params.bulk_factor)
    )
    return days.select(
        "user_id",
        "day",
        "first_ts",
        "last_ts",
        "events",
        "patients",
        "unexplained",
        BULK=bulk,
        CREDENTIAL=days.k_user.notnull(),
    )
