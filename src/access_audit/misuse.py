"""Labelled misuse for every rule (scenarios M1-M12 of the design notes), injected into the
synthetic trust. Each case is one (user, patient) pair, or one (user, day) for bulk browsing and
credential misuse."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .activity import Accesses, Batches, at_work
from .population import (
    CHILD_DEPARTMENTS,
    DAY,
    DEPARTMENTS,
    ROLES,
    SITES,
    Encounters,
    Patients,
    Staff,
)

SCENARIOS = {
    1: "family",
    2: "coworker",
    3: "neighbour",
    4: "pile_on",
    5: "vulnerable",
    6: "bulk",
    7: "post_discharge",
    8: "self",
    9: "out_of_hours",
    10: "credential",
    11: "camouflaged",
    12: "deceased",
}


@dataclass
class Injected:
    batches: Batches = field(default_factory=Batches)
    cases: list[tuple[int, int, int, int]] = field(default_factory=list)  # scenario, user, patient, day
    encounters: list[tuple[int, int, int, int, int]] = field(
        default_factory=list
    )  # patient, dept, start, end, clinician


@dataclass
class World:
    rng: np.random.Generator
    staff: Staff
    patients: Patients
    encounters: Encounters
    days: int
    leave: tuple[np.ndarray, np.ndarray, np.ndarray]
    quiet: np.ndarray = field(init=False)  # patients under no care during the scanned days

    def __post_init__(self) -> None:
        busy = np.zeros(self.patients.count, bool)
        near = (self.encounters.end >= -10 * DAY) & (self.encounters.start < (self.days + 10) * DAY)
        busy[self.encounters.patient[near]] = True
        alive = np.isnan(self.patients.death_day)
        self.quiet = np.flatnonzero(~busy & alive)

    def day(self) -> int:
        return int(self.rng.integers(0, self.days))

    def users(self, size: int, rostered_day_shift: bool = False) -> np.ndarray:
        ok = self.staff.role != [r for r, _ in ROLES].index("occupational_health")
        if rostered_day_shift:
            ok &= self.staff.rostered & (self.staff.shift_start == 8)
        return self.rng.choice(np.flatnonzero(ok), size, replace=False)

    def quiet_patient(self, where: np.ndarray | None = None) -> int:
        pool = self.quiet if where is None else self.quiet[where[self.quiet]]
        return int(self.rng.choice(pool))


def _household_members(world: World) -> dict[int, list[int]]:
    order = np.argsort(world.patients.household, kind="stable")
    groups: dict[int, list[int]] = {}
    for patient in order:
        groups.setdefault(int(world.patients.household[patient]), []).append(int(patient))
    return groups


def _relatives(world: World, size: int) -> list[tuple[int, int]]:
    """(staff, relative) pairs: same household and surname, relative not the staff's own record."""
    groups = _household_members(world)
    found = []
    for user in world.rng.permutation(np.flatnonzero(world.staff.patient >= 0)):
        own = int(world.staff.patient[user])
        kin = [
            p
            for p in groups[int(world.patients.household[own])]
            if p != own
            and world.patients.surname[p] == world.patients.surname[own]
            and np.isnan(world.patients.death_day[p])
        ]
        if kin and world.staff.role[user] != [r for r, _ in ROLES].index("occupational_health"):
            found.append((int(user), kin[0]))
        if len(found) == size:
            break
    return found


def _snoop(out: Injected, world: World, scenario: int, user: int, patient: int, episodes: int = 1) -> None:
    days = world.rng.choice(world.days, min(episodes, world.days), replace=False)
    for day in days:
        out.batches.add(
            at_work(
                world.rng,
                world.staff,
                np.array([user]),
                np.array([patient]),
                np.array([day]),
                scenario,
            )
        )
    out.cases.append((scenario, user, patient, int(days.min())))


def inject(world: World, per_scenario: int) -> Injected:
    out = Injected()
    rng, staff, patients = world.rng, world.staff, world.patients
    n = per_scenario
    relatives = _relatives(world, 2 * n)
    for user, kin in relatives[:n]:  # M1 family
        _snoop(out, world, 1, user, kin, int(rng.integers(1, 4)))
    colleagues = np.flatnonzero(staff.patient >= 0)
    for user in world.users(n):  # M2 co-worker
        other = int(rng.choice(colleagues[colleagues != user]))
        _snoop(out, world, 2, int(user), int(staff.patient[other]))
    households = patients.household
    for user in world.users(4 * n):  # M3 neighbour (users with neighbours on record)
        same = np.flatnonzero(patients.postcode[world.quiet] == staff.postcode[user])
        same = world.quiet[same]
        same = same[
            (households[same] != staff.address[user]) & (patients.surname[same] != staff.surname[user])
        ]
        if len(same) and sum(1 for c in out.cases if c[0] == 3) < n:
            _snoop(out, world, 3, int(user), int(rng.choice(same)))
    for _ in range(max(1, n // 5)):  # M4 pile-on around a high-profile patient
        victim = int(rng.choice(np.flatnonzero(patients.vip)))
        start = int(rng.integers(0, max(1, world.days - 1)))
        crowd = world.users(int(rng.integers(20, 41)))
        for user in crowd:
            day = min(world.days - 1, start + int(rng.integers(0, 2)))
            out.batches.add(at_work(rng, staff, np.array([user]), np.array([victim]), np.array([day]), 4))
            out.cases.append((4, int(user), victim, day))
    vulnerable = (patients.birth_day > -17 * 365) | patients.safeguarding
    children_depts = [DEPARTMENTS.index(d) for d in (*CHILD_DEPARTMENTS, "emergency")]
    adult_staff = np.flatnonzero(~np.isin(staff.department, children_depts))
    for user in rng.choice(adult_staff, n, replace=False):  # M5 vulnerable targeting
        for _ in range(int(rng.integers(3, 6))):
            _snoop(out, world, 5, int(user), world.quiet_patient(vulnerable))
    for user in world.users(n):  # M6 bulk browsing
        day = world.day()
        targets = rng.choice(world.quiet, int(rng.integers(60, 151)), replace=False)
        out.batches.add(
            at_work(rng, staff, np.full(len(targets), user), targets, np.full(len(targets), day), 6)
        )
        out.cases.append((6, int(user), -1, day))
    for user in world.users(n):  # M7 post-discharge: the user treated the patient 40-100 days ago
        patient = world.quiet_patient()
        day = world.day()
        end = (day - int(rng.integers(40, 101))) * DAY + 12 * 3600
        out.encounters.append((patient, int(staff.department[user]), end - 2 * DAY, end, int(user)))
        _snoop(out, world, 7, int(user), patient)
    for user in rng.choice(colleagues, n, replace=False):  # M8 self-access
        _snoop(out, world, 8, int(user), int(staff.patient[user]))
    for user in world.users(n, rostered_day_shift=True):  # M9 out of hours, at night
        patient, day = world.quiet_patient(), world.day()
        time = day * DAY + int(rng.integers(1 * 3600, 4 * 3600))
        batch = Accesses(
            np.array([user]),
            np.array([patient]),
            np.array([time]),
            np.array([day]),
            np.array([2]),
            np.array([9], np.int8),
            on_roster=False,
        )
        out.batches.add(batch)
        out.cases.append((9, int(user), patient, day))
    _credential(out, world, n)
    for user, kin in relatives[n : 2 * n]:  # M11 camouflaged: the relative is on the user's ward
        day = world.day()
        out.encounters.append((kin, int(staff.department[user]), (day - 1) * DAY, (day + 2) * DAY, -1))
        out.batches.add(at_work(rng, staff, np.array([user]), np.array([kin]), np.array([day]), 11))
        out.cases.append((11, int(user), kin, day))
    dead = np.flatnonzero(patients.death_day < world.days - 2)
    coders = [r for r, _ in ROLES].index("coding")
    for user in rng.choice(np.flatnonzero(staff.role != coders), n, replace=False):  # M12 deceased
        patient = int(rng.choice(dead))
        low = max(0, int(patients.death_day[patient]) + 2)
        day = int(rng.integers(low, world.days))
        out.batches.add(at_work(rng, staff, np.array([user]), np.array([patient]), np.array([day]), 12))
        out.cases.append((12, int(user), patient, day))
    return out


def _credential(out: Injected, world: World, n: int) -> None:
    """M10: the same account at two sites within minutes, or in use during recorded leave."""
    rng, staff = world.rng, world.staff
    for i, user in enumerate(world.users(n)):
        day = world.day()
        if i % 2 and len(world.leave[0]):
            k = int(rng.integers(0, len(world.leave[0])))
            user, day = int(world.leave[0][k]), int(world.leave[1][k])
        count = int(rng.integers(2, 5))
        targets = rng.choice(world.quiet, count, replace=False)
        batch = at_work(rng, staff, np.full(count, user), targets, np.full(count, day), 10)
        batch.time = np.full(count, batch.time[0]) + np.arange(count) * 60
        batch.site = np.full(count, (int(staff.department[user]) + 1) % len(SITES))
        batch.site[0] = -1  # the first access is at the user's own site
        batch.on_roster = False
        out.batches.add(batch)
        out.cases.append((10, int(user), -1, day))
