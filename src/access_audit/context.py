"""Who the user and the patient are to each other, and the patient's care context.

Joining every episode to the whole patient index is the expensive way. Instead, the few
(user, patient) pairs that matter are built once from the small reference tables (the staff
member's own record, people at the same address or postcode), and so are the few notable patients
(VIP or sensitive, colleagues, deceased). Patient details and care context are joined only onto
unexplained episodes, a few per cent of the total.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .explain import EPISODE_KEY, user_relationships
from .ingest import Inputs
from .params import Params

NEVER = ibis.timestamp("1900-01-01 00:00:00")
RECENT_DEPARTMENT_DAYS = 30  # benign follow-up; later access is POST_DISCHARGE territory


def _tokens(surname: ir.StringValue) -> tuple[ir.StringValue, ir.StringValue]:
    clean = surname.lower().re_replace("[^a-z -]", "").strip()
    return clean.re_extract("^([a-z]+)", 1), clean.re_extract("([a-z]+)$", 1)


def relation_pairs(inputs: Inputs) -> ir.Table:
    """(user, patient) pairs with `is_self`, `family`, `neighbour` and the family `rarity`."""
    staff, patients = inputs.staff, inputs.patients
    s_first, s_last = _tokens(staff.surname)
    people = staff.select(
        s_user=staff.user_id,
        s_first=s_first,
        s_last=s_last,
        s_address=staff.address_id,
        s_postcode=staff.postcode,
        s_patient=staff.patient_id,
    )
    # Surnames repeat: take the tokens of each distinct surname once, not of every patient.
    names = patients.group_by(n_surname=patients.surname).agg(n_count=patients.count())
    n_first, n_last = _tokens(names.n_surname)
    names = names.mutate(n_first=n_first, n_last=n_last)
    counts = names.group_by(c_last=names.n_last).agg(surname_count=names.n_count.sum())
    names = names.left_join(counts, names.n_last == counts.c_last).drop("c_last", "n_count")
    records = patients.left_join(names, patients.surname == names.n_surname)
    records = records.select(
        p_patient=records.patient_id,
        p_first=records.n_first,
        p_last=records.n_last,
        p_address=records.address_id,
        p_postcode=records.postcode,
        surname_count=records.surname_count,
    )
    own = people.filter(people.s_patient.notnull()).select(
        user_id=people.s_user,
        patient_id=people.s_patient,
        is_self=True,
        family=False,
        neighbour=False,
        rarity=0.0,
    )
    home = people.join(records, people.s_address == records.p_address)
    tokens_match = (home.s_last != "") & (
        (home.s_last == home.p_last)
        | (home.s_first == home.p_first)
        | (home.s_first == home.p_last)
        | (home.s_last == home.p_first)
    )
    kin = home.filter(tokens_match).select(
        user_id=home.s_user,
        patient_id=home.p_patient,
        is_self=False,
        family=True,
        neighbour=False,
        rarity=1.0 / (1.0 + home.surname_count.fill_null(1).cast("float64").log10()),
    )
    near = people.join(records, people.s_postcode == records.p_postcode)
    nearby = near.select(
        user_id=near.s_user,
        patient_id=near.p_patient,
        is_self=False,
        family=False,
        neighbour=True,
        rarity=0.0,
    )
    both = own.union(kin).union(nearby)
    pairs = both.group_by(["user_id", "patient_id"]).agg(
        is_self=both.is_self.any(),
        family=both.family.any(),
        neighbour=both.neighbour.any(),
        rarity=both.rarity.max(),
    )
    # Upper-case rule names are case-insensitively equal to these in SQL: keep them distinct.
    return pairs.select(
        r_user="user_id",
        r_patient="patient_id",
        pair_self="is_self",
        pair_family=pairs.family & ~pairs.is_self,
        pair_neighbour=pairs.neighbour & ~pairs.family & ~pairs.is_self,
        rarity="rarity",
    )


def notable_patients(inputs: Inputs) -> ir.Table:
    """Patients who are VIP or sensitive, members of staff, or deceased."""
    patients = inputs.patients
    staff = inputs.staff
    colleagues = (
        staff.filter(staff.patient_id.notnull())
        .group_by(w_patient=staff.patient_id)
        .agg(colleague_department=staff.department.min())
    )
    rows = patients.left_join(colleagues, patients.patient_id == colleagues.w_patient)
    rows = rows.filter(rows.vip | rows.sensitive | rows.w_patient.notnull() | rows.death_date.notnull())
    return rows.select(
        n_patient=rows.patient_id,
        n_vip=rows.vip | rows.sensitive,
        is_colleague=rows.w_patient.notnull(),
        colleague_department=rows.colleague_department,
        death_date=rows.death_date,
    )


def children_departments(inputs: Inputs, params: Params) -> ir.Table:
    """Departments where at least the configured share of encounters are with children."""
    enc = inputs.encounters
    pat = inputs.patients.select(c_patient=inputs.patients.patient_id, c_birth=inputs.patients.birth_date)
    rows = enc.join(pat, enc.patient_id == pat.c_patient)
    child = rows.c_birth > rows.start.date() - ibis.interval(days=params.child_age_days)
    share = rows.group_by(k_department=rows.department).agg(share=child.cast("float64").mean())
    return share.filter(share.share >= params.children_department_share).select("k_department")


def unexplained_context(explained: ir.Table, inputs: Inputs, params: Params) -> ir.Table:
    """Unexplained episodes with the patient's age and flags, whether the patient is under care
    anywhere, and when the user's (or their department's) last relationship with them ended."""
    keys = explained.filter(explained.strength == 0).select(*EPISODE_KEY, "first_ts", "department")
    enc = inputs.encounters.select(
        e_patient=inputs.encounters.patient_id,
        e_department=inputs.encounters.department,
        e_start=inputs.encounters.start,
        e_end=inputs.encounters.end,
    )
    near = keys.join(enc, keys.patient_id == enc.e_patient)
    active = (near.first_ts >= near.e_start - ibis.interval(days=params.department_pre_days)) & (
        near.first_ts <= near.e_end + ibis.interval(days=params.department_post_days)
    )
    own_past = (near.e_department == near.department) & (near.e_end < near.first_ts)
    by_patient = near.group_by(list(EPISODE_KEY)).agg(
        active_anywhere=active.any(), last_department_end=near.e_end.max(where=own_past)
    )
    rel = user_relationships(inputs, params)
    mine = keys.join(rel, [keys.user_id == rel.r_user, keys.patient_id == rel.r_patient])
    by_user = mine.group_by(list(EPISODE_KEY)).agg(
        last_user_end=mine.ended.max(where=mine.ended < mine.first_ts)
    )
    patients = inputs.patients.select(
        q_patient=inputs.patients.patient_id, birth_date="birth_date", safeguarding="safeguarding"
    )
    kids = children_departments(inputs, params)
    out = keys.left_join(
        by_patient.rename(a_user="user_id", a_patient="patient_id", a_day="day"),
        [("user_id", "a_user"), ("patient_id", "a_patient"), ("day", "a_day")],
    )
    out = out.left_join(
        by_user.rename(b_user="user_id", b_patient="patient_id", b_day="day"),
        [("user_id", "b_user"), ("patient_id", "b_patient"), ("day", "b_day")],
    )
    out = out.left_join(patients, out.patient_id == patients.q_patient)
    out = out.left_join(kids, out.department == kids.k_department)
    return out.select(
        x_user=out.user_id,
        x_patient=out.patient_id,
        x_day=out.day,
        active_anywhere=out.active_anywhere.fill_null(False),
        last_department_end=out.last_department_end.fill_null(NEVER),
        last_user_end=out.last_user_end.fill_null(NEVER),
        birth_date=out.birth_date,
        safeguarding=out.safeguarding.fill_null(False),
        serves_children=out.k_department.notnull(),
    )
