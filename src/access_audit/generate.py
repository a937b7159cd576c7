"""`access-audit generate`: a seeded synthetic trust with labelled misuse, written as Parquet.

Layout of OUT: `events/part-NNNN.parquet` (one file per day), `reference/*.parquet` (staff,
patients, encounters, care_team, rosters, leave) and `labels/cases.parquet` and
`labels/events.parquet` (kept apart from the input so a scan cannot see them).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .activity import Accesses, benign_noise, drop_leave, explained_work, leave_periods
from .misuse import SCENARIOS, Injected, World, inject
from .population import (
    DAY,
    DEPARTMENTS,
    HOUR,
    ROLES,
    SITES,
    Encounters,
    make_care_teams,
    make_encounters,
    make_patients,
    make_staff,
    surnames,
)

START = datetime(2025, 1, 6)
START_US = int((START - datetime(1970, 1, 1)).total_seconds()) * 1_000_000
ACTIONS = ("view", "search", "update", "print", "export")
ACTION_SHARES = (0.8, 0.1, 0.07, 0.02, 0.01)
NOISE_SHARE = 0.05
Step = Callable[[str], None]


@dataclass(frozen=True)
class Trust:
    staff: int
    patients: int
    days: int
    seed: int
    events: int | None = None
    cases_per_scenario: int | None = None

    @property
    def target_events(self) -> int:
        return self.events or self.staff * self.days * 50

    @property
    def per_scenario(self) -> int:
        return self.cases_per_scenario or max(4, min(30, self.staff * self.days // 15_000))


@dataclass(frozen=True)
class Written:
    events: int
    cases: int


def _ts(seconds: np.ndarray) -> pa.Array:
    return pa.array(START_US + seconds.astype(np.int64) * 1_000_000, pa.timestamp("us"))


def _dates(days: np.ndarray) -> pa.Array:
    base = np.datetime64(START.date(), "D")
    values = base + np.nan_to_num(days, nan=0).astype(np.int64)
    return pa.array(values, pa.date32(), mask=np.isnan(days.astype(float)))


def _ids(index: np.ndarray) -> pa.Array:
    return pa.array(index.astype(np.int64) + 1, pa.int64(), mask=index < 0)


def _text(labels: list[str] | tuple[str, ...], index: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)), pa.array(list(labels)))


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


def _reference(
    out: Path,
    world: World,
    encounters: Encounters,
    care: tuple[np.ndarray, ...],
    names: list[str],
    rosters: tuple[np.ndarray, np.ndarray],
) -> None:
    staff, patients = world.staff, world.patients
    _write(
        pa.table(
            {
                "user_id": _ids(np.arange(staff.count)),
                "surname": pa.array([names[i] for i in staff.surname]),
                "address_id": pa.array([f"A{a}" for a in staff.address]),
                "postcode": pa.array([f"PC{p}" for p in staff.postcode]),
                "department": _text(DEPARTMENTS, staff.department),
                "role": _text([r for r, _ in ROLES], staff.role),
                "patient_id": _ids(staff.patient),
            }
        ),
        out / "staff.parquet",
    )
    _write(
        pa.table(
            {
                "patient_id": _ids(np.arange(patients.count)),
                "surname": _text(names, patients.surname),
                "address_id": pa.array(np.char.add("A", patients.household.astype(str))),
                "postcode": pa.array(np.char.add("PC", patients.postcode.astype(str))),
                "birth_date": _dates(patients.birth_day),
                "death_date": _dates(patients.death_day),
                "vip": patients.vip,
                "sensitive": patients.sensitive,
                "safeguarding": patients.safeguarding,
            }
        ),
        out / "patients.parquet",
    )
    _write(
        pa.table(
            {
                "patient_id": _ids(encounters.patient),
                "department": _text(DEPARTMENTS, encounters.department),
                "start": _ts(encounters.start),
                "end": _ts(encounters.end),
                "user_id": _ids(encounters.clinician),
            }
        ),
        out / "encounters.parquet",
    )
    c_user, c_patient, c_start, c_end = care
    _write(
        pa.table(
            {
                "user_id": _ids(c_user),
                "patient_id": _ids(c_patient),
                "start": _ts(c_start),
                "end": _ts(c_end),
            }
        ),
        out / "care_team.parquet",
    )
    users, days = rosters
    start = days * DAY + staff.shift_start[users] * HOUR
    _write(
        pa.table(
            {
                "user_id": _ids(users),
                "start": _ts(start),
                "end": _ts(start + staff.shift_hours[users] * HOUR),
            }
        ),
        out / "rosters.parquet",
    )
    l_user, l_first, l_last = world.leave
    _write(
        pa.table(
            {
                "user_id": _ids(l_user),
                "start": _ts(l_first * DAY),
                "end": _ts((l_last + 1) * DAY - 1),
            }
        ),
        out / "leave.parquet",
    )


def _with_injected(encounters: Encounters, injected: Injected) -> Encounters:
    """Add the encounters the scenarios need (post-discharge, camouflaged); there are always some."""
    extra = np.array(injected.encounters, dtype=np.int64)
    return Encounters(
        patient=np.concatenate([encounters.patient, extra[:, 0]]),
        department=np.concatenate([encounters.department, extra[:, 1]]),
        start=np.concatenate([encounters.start, extra[:, 2]]),
        end=np.concatenate([encounters.end, extra[:, 3]]),
        clinician=np.concatenate([encounters.clinician, extra[:, 4]]),
        admitted=np.concatenate([encounters.admitted, np.zeros(len(extra), bool)]),
    )


def _rosters(batches: list[Accesses], world: World) -> tuple[np.ndarray, np.ndarray]:
    """(user, day) of every rostered user's working days, in user then day order."""
    width = max(world.days, *(int(b.shift_day.max(initial=0)) + 1 for b in batches))
    worked = np.zeros((world.staff.count, width), bool)
    for b in batches:
        if b.on_roster:
            worked[b.user, b.shift_day] = True
    users, days = np.nonzero(worked)
    rostered = world.staff.rostered[users]
    return users[rostered], days[rostered]


@dataclass
class _Clicks:
    """Click events of some accesses: time, user, patient, label, site, break-the-glass."""

    time: np.ndarray
    user: np.ndarray
    patient: np.ndarray
    label: np.ndarray
    site: np.ndarray
    btg: np.ndarray

    def take(self, index: np.ndarray | slice) -> _Clicks:
        return _Clicks(*(getattr(self, f)[index] for f in _CLICK_FIELDS))


_CLICK_FIELDS = ("time", "user", "patient", "label", "site", "btg")


def _by_day(batch: Accesses, days: int) -> tuple[Accesses, np.ndarray]:
    """The batch in order of the day of its first access, and where each day starts."""
    day = batch.time // DAY
    order = np.argsort(day, kind="stable")
    bounds = np.searchsorted(day[order], np.arange(days + 1))
    del day
    site = batch.site if batch.site is not None else np.full(len(batch), -1, np.int8)
    btg = batch.btg if batch.btg is not None else np.zeros(len(batch), bool)
    ordered = Accesses(
        user=batch.user[order],
        patient=batch.patient[order],
        time=batch.time[order],
        shift_day=batch.shift_day[order],
        clicks=batch.clicks[order],
        label=batch.label[order],
        site=site[order],
        btg=btg[order],
    )
    return ordered, bounds


def _expand(rng: np.random.Generator, accesses: list[Accesses], world: World) -> _Clicks:
    """The click events of a day's accesses: 20 s to 2 min apart, from the first access."""
    n_clicks = np.concatenate([a.clicks for a in accesses]).astype(np.int64)
    total = int(n_clicks.sum())
    starts = np.repeat(np.cumsum(n_clicks) - n_clicks, n_clicks)
    position = np.arange(total) - starts
    del starts

    def repeat(field: str) -> np.ndarray:
        values: np.ndarray = np.repeat(np.concatenate([getattr(a, field) for a in accesses]), n_clicks)
        return values

    time = repeat("time") + position * rng.integers(20, 120, total)
    user = repeat("user")
    site = repeat("site").astype(np.int64)
    site = np.where(site < 0, world.staff.department[user] % len(SITES), site)
    return _Clicks(
        time=time,
        user=user,
        patient=repeat("patient"),
        label=repeat("label"),
        site=site,
        btg=repeat("btg") & (position == 0),
    )


def _write_day(rng: np.random.Generator, day: _Clicks, first_id: int, path: Path) -> None:
    n = len(day.time)
    action = rng.choice(len(ACTIONS), n, p=ACTION_SHARES)
    workstation = day.site * 40 + day.user.astype(np.int64) % 40
    ws_names = [f"WS-{SITES[i // 40][-1]}-{i % 40:02d}" for i in range(40 * len(SITES))]
    _write(
        pa.table(
            {
                "event_id": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
                "ts": _ts(day.time),
                "user_id": _ids(day.user),
                "patient_id": _ids(day.patient),
                "action": _text(ACTIONS, action),
                "workstation": _text(ws_names, workstation),
                "site": _text(SITES, day.site),
                "btg_reason": pc.if_else(pa.array(day.btg), "Emergency care", pa.scalar(None, pa.string())),
            }
        ),
        path,
    )


def _events(rng: np.random.Generator, batches: list[Accesses], world: World, out: Path) -> int:
    """Expand accesses into click events and write one Parquet file per day, a day at a time, so
    memory holds the accesses and one day's events (about 100 bytes per event) but never every
    event. A chart open late in the evening can run past midnight: those clicks go to the next
    day's file; clicks after the last scanned day are dropped."""
    ordered = []
    while batches:  # release each batch as soon as its day-ordered copy exists
        ordered.append(_by_day(batches.pop(0), world.days))
    carry: _Clicks | None = None
    next_id = 1
    misuse: list[tuple[np.ndarray, np.ndarray]] = []
    for day in range(world.days):
        todays = [a.take(slice(b[day], b[day + 1])) for a, b in ordered]
        clicks = _expand(rng, [a for a in todays if len(a)] or todays[:1], world)
        if carry is not None:
            clicks = _Clicks(
                *(np.concatenate([getattr(carry, f), getattr(clicks, f)]) for f in _CLICK_FIELDS)
            )
        clicks = clicks.take(np.argsort(clicks.time, kind="stable"))
        split = int(np.searchsorted(clicks.time, (day + 1) * DAY))
        carry = clicks.take(slice(split, None))
        written = clicks.take(slice(0, split))
        _write_day(rng, written, next_id, out / "events" / f"part-{day:04d}.parquet")
        bad = np.flatnonzero(written.label > 0)
        misuse.append((bad + next_id, written.label[bad]))
        next_id += split
    ids = np.concatenate([m[0] for m in misuse]).astype(np.int64)
    labels = np.concatenate([m[1] for m in misuse])
    _write(
        pa.table(
            {
                "event_id": pa.array(ids),
                "scenario": _text(list(SCENARIOS.values()), labels.astype(np.int64) - 1),
            }
        ),
        out / "labels" / "events.parquet",
    )
    return next_id - 1


def generate(trust: Trust, out: Path, step: Step | None = None) -> Written:
    """Write the synthetic trust to `out` (replacing what was there)."""
    tick: Step = step or (lambda _name: None)
    rng = np.random.default_rng(trust.seed)
    names = surnames()
    tick("people and households")
    patients = make_patients(rng, trust.patients, trust.days, len(names))
    staff = make_staff(rng, trust.staff, patients, len(names))
    encounters = make_encounters(rng, patients, staff, trust.days)
    care = make_care_teams(rng, encounters, staff)
    leave = leave_periods(rng, staff, trust.days)
    world = World(rng, staff, patients, encounters, trust.days, leave)
    tick("accesses")
    accesses = trust.target_events / 3  # three clicks per chart open on average
    work = explained_work(rng, staff, encounters, care, trust.days, int(accesses * (1 - NOISE_SHARE)))
    work = drop_leave(work, leave, staff.count)
    noise = drop_leave(
        benign_noise(rng, staff, encounters, trust.days, int(accesses * NOISE_SHARE)), leave, staff.count
    )
    injected = inject(world, trust.per_scenario)
    batches = [work, noise, *injected.batches.items]
    del work, noise  # `_events` releases each batch when it has been ordered by day
    injected.batches.items.clear()
    if out.exists():
        shutil.rmtree(out)
    tick("reference tables")
    _reference(
        out / "reference",
        world,
        _with_injected(encounters, injected),
        care,
        names,
        _rosters(batches, world),
    )
    cases = np.array(injected.cases, dtype=np.int64)
    _write(
        pa.table(
            {
                "scenario": pa.array([SCENARIOS[int(s)] for s in cases[:, 0]]),
                "user_id": _ids(cases[:, 1]),
                "patient_id": _ids(cases[:, 2]),
                "day": _dates(cases[:, 3].astype(float)),
            }
        ),
        out / "labels" / "cases.parquet",
    )
    tick("events")
    events = _events(rng, batches, world, out)
    return Written(events=events, cases=len(cases))
