"""Stage 2: the contract's rules, as boolean columns on episodes and on user-days.

A strong explanation (encounter or care team, strength 3) does not clear SELF, FAMILY, COWORKER or
VIP; it clears every other episode rule. Rules that need the patient's care context look only at
unexplained episodes.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .context import NEVER, RECENT_DEPARTMENT_DAYS, notable_patients, relation_pairs, unexplained_context
from .explain import BREAK_GLASS, DEPARTMENT, EPISODE_KEY, NONE, RELATIONSHIP
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


def off_hours(explained: ir.Table, rosters: ir.Table | None, params: Params) -> ir.Table:
    """(user, patient, day) of not strongly explained episodes whose first access is off hours:
    outside every rostered shift (slackened) for a user with a roster, or at an hour rare in the
    user's own history for a user without one.

    Shifts are bucketed by the day their (slackened) start and end fall on, so the test is an
    anti-join on (user, day); shifts longer than 24 hours are checked only on those two days.
    """
    keys = explained.filter(explained.strength < 3).select(*EPISODE_KEY, "first_ts")
    keys = keys.mutate(hour=keys.first_ts.hour())
    if rosters is None:
        rare = unusual_hours(explained, params)
        off = keys.semi_join(rare, [keys.user_id == rare.h_user, keys.hour == rare.h_hour])
        return off.select(o_user=off.user_id, o_patient=off.patient_id, o_day=off.day)
    slack = ibis.interval(hours=params.roster_slack_hours)
    shifts = rosters.select(q_user=rosters.user_id, lo=rosters.start - slack, hi=rosters.end + slack)
    days = shifts.mutate(q_day=shifts.lo.truncate("D")).union(
        shifts.mutate(q_day=shifts.hi.truncate("D")), distinct=False
    )
    gaps = keys.anti_join(
        days,
        [
            keys.user_id == days.q_user,
            keys.day == days.q_day,
            keys.first_ts >= days.lo,
            keys.first_ts <= days.hi,
        ],
    )
    rostered = rosters.select(v_user=rosters.user_id).distinct()
    # Only users without a roster are judged by their own hours: count only their episodes.
    rare = unusual_hours(explained.anti_join(rostered, explained.user_id == rostered.v_user), params)
    gaps = gaps.left_join(rostered, gaps.user_id == rostered.v_user)
    gaps = gaps.left_join(rare, [gaps.user_id == rare.h_user, gaps.hour == rare.h_hour])
    off = gaps.filter(gaps.v_user.notnull() | gaps.h_user.notnull())
    return off.select(o_user=off.user_id, o_patient=off.patient_id, o_day=off.day)


def candidates(explained: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """The episodes that can carry an episode rule, with what the rules read about the user and
    the patient: unexplained episodes, and those with a personal relation (self, family,
    neighbour), a notable patient (VIP or sensitive, colleague, deceased) or an off-hours first
    access. A few per cent of all episodes; everything after this works on them only.

    Each membership test is an EXISTS (a mark join probing the episodes once against a small
    table), so no wide join runs over every episode."""
    pairs = relation_pairs(inputs)
    notable = notable_patients(inputs)
    ooh = off_hours(explained, inputs.rosters, params)
    marked = explained.mutate(
        related=((explained.user_id == pairs.r_user) & (explained.patient_id == pairs.r_patient)).any(),
        notable=explained.patient_id.isin(notable.n_patient),
        off_hours=(
            (explained.user_id == ooh.o_user)
            & (explained.patient_id == ooh.o_patient)
            & (explained.day == ooh.o_day)
        ).any(),
    )
    rows = marked.filter((marked.strength == 0) | marked.related | marked.notable | marked.off_hours)
    staff = inputs.staff.select(
        v_user=inputs.staff.user_id, role=inputs.staff.role.lower(), department=inputs.staff.department
    )
    rows = rows.left_join(pairs, [("user_id", "r_user"), ("patient_id", "r_patient")])
    rows = rows.left_join(notable, rows.patient_id == notable.n_patient)
    rows = rows.left_join(staff, rows.user_id == staff.v_user)
    return rows.drop("related", "notable", "r_user", "r_patient", "n_patient", "v_user")


def _pile_on(rows: ir.Table, params: Params) -> ir.Table:
    unexplained = rows.filter(rows.strength == 0)
    crowd = unexplained.group_by(g_patient=unexplained.patient_id, g_day=unexplained.day).agg(
        viewers=unexplained.user_id.nunique()
    )
    return crowd.filter(crowd.viewers >= params.pile_on_users)


def episode_rules(cand: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """Candidate episodes (see `candidates`) with one boolean column per episode rule (and what
    scoring needs)."""
    context = unexplained_context(cand, inputs, params)
    crowd = _pile_on(cand, params)
    rows = cand.left_join(context, [("user_id", "x_user"), ("patient_id", "x_patient"), ("day", "x_day")])
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
        OUT_OF_HOURS=not_strong & rows.off_hours,
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


def user_days(explained: ir.Table) -> ir.Table:
    """One row per (user, day): first and last access, events (all, explained, unexplained, by
    kind of explanation: `explain.user_totals` sums them per user), patients (episodes),
    unexplained patients, and the first and last site seen (to find users who ever work at two
    sites)."""
    ok = explained.strength > NONE
    return explained.group_by(["user_id", "day"]).agg(
        first_ts=explained.first_ts.min(),
        last_ts=explained.last_ts.max(),
        events=explained.events.sum(),
        explained_events=explained.events.sum(where=ok),
        unexplained_events=explained.events.sum(where=~ok),
        by_relationship=explained.events.sum(where=explained.strength == RELATIONSHIP),
        by_department=explained.events.sum(where=explained.strength == DEPARTMENT),
        by_btg=explained.events.sum(where=explained.strength == BREAK_GLASS),
        patients=explained.count(),
        unexplained=(~ok).sum(),
        lo_site=explained.site.min(),
        hi_site=explained.site.max(),
    )


def _site_clash(explained: ir.Table, days: ir.Table, params: Params) -> ir.Table:
    """(user, day) where two episodes start at different sites inside one or two adjacent time
    buckets. Working on episodes (not every event) misses a second site that only reopens
    patients already opened that day, but costs a quarter of a pass over the events. Only users
    seen at more than one site during the scan can clash, so only their episodes are bucketed."""
    seconds = params.credential_bucket_minutes * 60
    sites = days.group_by(m_user=days.user_id).agg(lo=days.lo_site.min(), hi=days.hi_site.max())
    movers = sites.filter(sites.lo != sites.hi)
    rows = explained.filter(explained.site.notnull())
    rows = rows.semi_join(movers, rows.user_id == movers.m_user)
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


def user_day_rules(explained: ir.Table, days: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """One row per (user, day) of `user_days` with BULK and CREDENTIAL."""
    usual = days.group_by(m_user=days.user_id).agg(mean_patients=days.patients.mean())
    rows = days.join(usual, days.user_id == usual.m_user)
    clashes = _site_clash(explained, days, params)
    leave = _on_leave(explained, inputs.leave)
    if leave is not None:
        clashes = clashes.union(leave).distinct()
    rows = rows.left_join(clashes, [rows.user_id == clashes.k_user, rows.day == clashes.k_day])
    bulk = (rows.unexplained >= params.bulk_unexplained_patients) | (
        (rows.patients >= params.bulk_patients) & (rows.patients >= rows.mean_patients * params.bulk_factor)
    )
    return rows.select(
        "user_id",
        "day",
        "first_ts",
        "last_ts",
        "events",
        "patients",
        "unexplained",
        BULK=bulk,
        CREDENTIAL=rows.k_user.notnull(),
    )
