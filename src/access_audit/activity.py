"""Access activity for the synthetic trust: explained work, benign unexplained noise, and the
shared helpers the misuse scenarios use. Accesses are chart opens; each becomes 1+ click events."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .population import DAY, DEPARTMENTS, HOUR, DepartmentStaff, Encounters, Staff


@dataclass
class Accesses:
    """A batch of chart opens. `label` is 0 for legitimate work, else the scenario number."""

    user: np.ndarray
    patient: np.ndarray
    time: np.ndarray  # seconds from the first scanned day
    shift_day: np.ndarray  # the day the user's shift started (for rosters)
    clicks: np.ndarray
    label: np.ndarray
    site: np.ndarray | None = None  # -1: the user's own site
    btg: np.ndarray | None = None
    on_roster: bool = True

    def __len__(self) -> int:
        return len(self.user)

    def take(self, index: slice) -> Accesses:
        return Accesses(
            user=self.user[index],
            patient=self.patient[index],
            time=self.time[index],
            shift_day=self.shift_day[index],
            clicks=self.clicks[index],
            label=self.label[index],
            site=None if self.site is None else self.site[index],
            btg=None if self.btg is None else self.btg[index],
            on_roster=self.on_roster,
        )


@dataclass
class Batches:
    items: list[Accesses] = field(default_factory=list)

    def add(self, batch: Accesses) -> None:
        if len(batch):
            self.items.append(batch)


def shift_times(rng: np.random.Generator, staff: Staff, users: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Seconds from the first scanned day: a uniform moment in each user's usual shift. Computed in
    place, one array at a time, so 100 million accesses do not need gigabytes of temporaries."""
    hours = rng.random(len(users))
    hours *= staff.shift_hours[users]
    hours += staff.shift_start[users]
    hours *= HOUR
    times: np.ndarray = days.astype(np.int64) * DAY
    times += hours.astype(np.int64)
    return times


def clicks(rng: np.random.Generator, size: int) -> np.ndarray:
    return np.minimum(rng.geometric(1 / 3, size), 20).astype(np.int8)


def at_work(
    rng: np.random.Generator,
    staff: Staff,
    users: np.ndarray,
    patients: np.ndarray,
    days: np.ndarray,
    label: int,
) -> Accesses:
    """Accesses during each user's usual shift on the given days (stored in compact types)."""
    return Accesses(
        user=users.astype(np.int32),
        patient=patients.astype(np.int32),
        time=shift_times(rng, staff, users, days),
        shift_day=days.astype(np.int32),
        clicks=clicks(rng, len(users)),
        label=np.full(len(users), label, np.int8),
    )


def _day_within(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    span = rng.random(len(lo))
    span *= hi - lo + 1
    np.floor(span, out=span)
    days: np.ndarray = lo + span.astype(np.int32)
    return days


def explained_work(
    rng: np.random.Generator,
    staff: Staff,
    encounters: Encounters,
    care: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    days: int,
    count: int,
) -> Accesses:
    """55% by the clinician or a care-team member, 45% by someone in the patient's department.

    Draws are made in a fixed order on the whole batch; the results are kept in 32-bit arrays and
    temporaries are dropped as soon as they are used, which bounds memory at 100M events."""
    in_window = (encounters.end >= 0) & (encounters.start < days * DAY)
    enc = np.flatnonzero(in_window)
    own = enc[encounters.clinician[enc] >= 0]
    c_user, c_patient, c_start, c_end = care
    team = np.flatnonzero((c_end >= 0) & (c_start < days * DAY))
    n_direct = int(count * 0.55)
    n_dept = count - n_direct
    n_team = int((rng.random(n_direct) < len(team) / max(1, len(team) + len(own))).sum())
    pick_team = team[rng.integers(0, max(1, len(team)), n_team)] if len(team) else np.array([], int)
    pick_own = own[rng.integers(0, len(own), n_direct - n_team)]
    pick_dept = enc[rng.integers(0, len(enc), n_dept)]
    dept_users = DepartmentStaff(staff).pick(rng, encounters.department[pick_dept])

    def joined(team_part: np.ndarray, own_part: np.ndarray, dept_part: np.ndarray) -> np.ndarray:
        return np.concatenate([team_part, own_part, dept_part]).astype(np.int32)

    users = joined(c_user[pick_team], encounters.clinician[pick_own], dept_users)
    del dept_users
    patients = joined(c_patient[pick_team], encounters.patient[pick_own], encounters.patient[pick_dept])
    last = days - 1
    lo = joined(
        c_start[pick_team] // DAY, encounters.start[pick_own] // DAY - 1, encounters.start[pick_dept] // DAY
    )
    np.clip(lo, 0, last, out=lo)
    hi = joined(
        c_end[pick_team] // DAY, encounters.end[pick_own] // DAY + 3, encounters.end[pick_dept] // DAY + 3
    )
    np.clip(hi, 0, last, out=hi)
    del pick_team, pick_own, pick_dept
    day = _day_within(rng, lo, hi)
    del lo, hi
    keep = users >= 0  # a department without staff has nobody to pick
    return at_work(rng, staff, users[keep], patients[keep], day[keep], 0)


def benign_noise(
    rng: np.random.Generator, staff: Staff, encounters: Encounters, days: int, count: int
) -> Accesses:
    """Legitimate but unexplained: 85% consults or cover for a patient under care elsewhere,
    15% follow-up of the department's own patient 8 to 25 days after discharge. Half the ED
    staff's unexplained accesses carry a break-the-glass reason."""
    in_window = np.flatnonzero((encounters.end >= 0) & (encounters.start < days * DAY))
    n_consult = int(count * 0.85)
    e = in_window[rng.integers(0, len(in_window), n_consult)]
    consult_day = _day_within(
        rng,
        np.clip(encounters.start[e] // DAY, 0, days - 1),
        np.clip(encounters.end[e] // DAY, 0, days - 1),
    )
    consult_user = rng.integers(0, staff.count, n_consult)
    f = rng.integers(0, len(encounters.patient), count - n_consult)
    follow_day = encounters.end[f] // DAY + rng.integers(8, 26, len(f))
    follow_user = DepartmentStaff(staff).pick(rng, encounters.department[f])
    ok = (follow_day >= 0) & (follow_day < days) & (follow_user >= 0)
    users = np.concatenate([consult_user, follow_user[ok]])
    patients = np.concatenate([encounters.patient[e], encounters.patient[f][ok]])
    day = np.concatenate([consult_day, follow_day[ok]])
    batch = at_work(rng, staff, users, patients, day, 0)
    emergency = staff.department[users] == DEPARTMENTS.index("emergency")
    batch.btg = emergency & (rng.random(len(users)) < 0.5)
    return batch


def leave_periods(
    rng: np.random.Generator, staff: Staff, days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(user, first day, last day) for 3% of rostered staff."""
    users = np.flatnonzero(staff.rostered & (rng.random(staff.count) < 0.03))
    first = rng.integers(0, max(1, days - 3), len(users))
    return users, first, np.minimum(first + rng.integers(2, 7, len(users)), days - 1)


def drop_leave(batch: Accesses, leave: tuple[np.ndarray, np.ndarray, np.ndarray], n_staff: int) -> Accesses:
    """The batch without accesses on a day its user is on leave (filtered array by array, so only
    one extra array is alive at a time)."""
    users, first, last = leave
    width = int(max(batch.shift_day.max(initial=0), last.max(initial=0))) + 1
    away = np.zeros((n_staff, width), bool)
    for user, a, b in zip(users, first, last, strict=True):
        away[user, a : b + 1] = True
    keep = ~away[batch.user, batch.shift_day]
    del away
    out = Accesses(
        user=batch.user[keep],
        patient=batch.patient[keep],
        time=batch.time[keep],
        shift_day=batch.shift_day[keep],
        clicks=batch.clicks[keep],
        label=batch.label[keep],
        btg=None if batch.btg is None else batch.btg[keep],
    )
    return out
