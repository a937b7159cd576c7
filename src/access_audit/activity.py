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


@dataclass
class Batches:
    items: list[Accesses] = field(default_factory=list)

    def add(self, batch: Accesses) -> None:
        if len(batch):
            self.items.append(batch)


def shift_times(rng: np.random.Generator, staff: Staff, users: np.ndarray, days: np.ndarray) -> np.ndarray:
    hours = staff.shift_start[users] + rng.random(len(users)) * staff.shift_hours[users]
    times: np.ndarray = days * DAY + (hours * HOUR).astype(np.int64)
    return times


def clicks(rng: np.random.Generator, size: int) -> np.ndarray:
    return np.minimum(rng.geometric(1 / 3, size), 20)


def at_work(
    rng: np.random.Generator,
    staff: Staff,
    users: np.ndarray,
    patients: np.ndarray,
    days: np.ndarray,
    label: int,
) -> Accesses:
    """Accesses during each user's usual shift on the given days."""
    return Accesses(
        user=users,
        patient=patients,
        time=shift_times(rng, staff, users, days),
        shift_day=days,
        clicks=clicks(rng, len(users)),
        label=np.full(len(users), label, np.int8),
    )


def _day_within(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    days: np.ndarray = lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)
    return days


def explained_work(
    rng: np.random.Generator,
    staff: Staff,
    encounters: Encounters,
    care: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    days: int,
    count: int,
) -> Accesses:
    """55% by the clinician or a care-team member, 45% by someone in the patient's department."""
    in_window = (encounters.end >= 0) & (encounters.start < days * DAY)
    enc = np.flatnonzero(in_window)
    own = enc[encounters.clinician[enc] >= 0]
    c_user, c_patient, c_start, c_end = care
    team = np.flatnonzero((c_end >= 0) & (c_start < days * DAY))
    n_direct = int(count * 0.55)
    n_dept = count - n_direct
    use_team = rng.random(n_direct) < len(team) / max(1, len(team) + len(own))
    pick_team = (
        team[rng.integers(0, max(1, len(team)), int(use_team.sum()))] if len(team) else np.array([], int)
    )
    pick_own = own[rng.integers(0, len(own), int((~use_team).sum()))]
    users = np.concatenate([c_user[pick_team], encounters.clinician[pick_own]])
    patients = np.concatenate([c_patient[pick_team], encounters.patient[pick_own]])
    lo = np.concatenate([c_start[pick_team] // DAY, encounters.start[pick_own] // DAY - 1])
    hi = np.concatenate([c_end[pick_team] // DAY, encounters.end[pick_own] // DAY + 3])
    pick_dept = enc[rng.integers(0, len(enc), n_dept)]
    dept_users = DepartmentStaff(staff).pick(rng, encounters.department[pick_dept])
    users = np.concatenate([users, dept_users])
    patients = np.concatenate([patients, encounters.patient[pick_dept]])
    lo = np.concatenate([lo, encounters.start[pick_dept] // DAY])
    hi = np.concatenate([hi, encounters.end[pick_dept] // DAY + 3])
    day = _day_within(rng, np.clip(lo, 0, days - 1), np.clip(hi, 0, days - 1))
    keep = users >= 0
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
    users, first, last = leave
    days_off = np.concatenate(
        [u * 1_000_000 + np.arange(a, b + 1) for u, a, b in zip(users, first, last, strict=True)]
        or [np.array([], np.int64)]
    )
    keep = ~np.isin(batch.user.astype(np.int64) * 1_000_000 + batch.shift_day, days_off)
    return Accesses(
        user=batch.user[keep],
        patient=batch.patient[keep],
        time=batch.time[keep],
        shift_day=batch.shift_day[keep],
        clicks=batch.clicks[keep],
        label=batch.label[keep],
        btg=None if batch.btg is None else batch.btg[keep],
    )
