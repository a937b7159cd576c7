"""The synthetic trust's people and relationships: staff, patients, households, encounters,
care teams. Vectorised with numpy; seeded, so the same arguments give the same trust."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAY = 86_400
HOUR = 3_600
HISTORY_DAYS = 150

COMMON_SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
]
SYLLABLES = [
    "ash",
    "bur",
    "cal",
    "dun",
    "el",
    "fen",
    "gar",
    "hol",
    "ing",
    "kel",
    "lan",
    "mor",
    "nor",
    "pen",
    "quil",
    "ros",
    "stan",
    "tre",
    "ven",
    "wick",
]

DEPARTMENTS = [
    "emergency",
    "paediatrics",
    "neonatal",
    "cardiology",
    "respiratory",
    "gastroenterology",
    "renal",
    "oncology",
    "haematology",
    "neurology",
    "stroke",
    "elderly_care",
    "orthopaedics",
    "general_surgery",
    "urology",
    "vascular",
    "ophthalmology",
    "ent",
    "maxfax",
    "plastics",
    "obstetrics",
    "gynaecology",
    "dermatology",
    "rheumatology",
    "endocrinology",
    "diabetes",
    "infectious_diseases",
    "icu",
    "theatres",
    "anaesthetics",
    "radiology",
    "pathology",
    "pharmacy",
    "physiotherapy",
    "dietetics",
    "mental_health",
    "sexual_health",
    "palliative_care",
    "outpatients",
    "admin_office",
]
CHILD_DEPARTMENTS = ("paediatrics", "neonatal")
ROLES = (
    ("nurse", 0.38),
    ("junior_doctor", 0.15),
    ("consultant", 0.10),
    ("ahp", 0.10),
    ("admin", 0.12),
    ("pharmacy", 0.05),
    ("lab", 0.05),
    ("coding", 0.03),
    ("occupational_health", 0.01),
    ("it", 0.01),
)
ROSTERED_ROLES = ("nurse", "junior_doctor", "ahp", "pharmacy", "lab")
SITES = ("Site-A", "Site-B", "Site-C")


@dataclass
class Staff:
    surname: np.ndarray  # index into the surname list
    address: np.ndarray  # address id (households are 0..H-1; staff-only addresses follow)
    postcode: np.ndarray
    department: np.ndarray
    role: np.ndarray
    patient: np.ndarray  # own patient record index, -1 if none
    rostered: np.ndarray
    shift_start: np.ndarray  # hour of day the shift starts
    shift_hours: np.ndarray

    @property
    def count(self) -> int:
        return len(self.role)


@dataclass
class Patients:
    surname: np.ndarray
    household: np.ndarray
    postcode: np.ndarray
    birth_day: np.ndarray  # days relative to the first scanned day
    death_day: np.ndarray  # NaN if alive
    vip: np.ndarray
    sensitive: np.ndarray
    safeguarding: np.ndarray

    @property
    def count(self) -> int:
        return len(self.household)


@dataclass
class Encounters:
    patient: np.ndarray
    department: np.ndarray
    start: np.ndarray  # seconds from the first scanned day
    end: np.ndarray
    clinician: np.ndarray  # staff index, -1 if none
    admitted: np.ndarray  # admissions and ED attendances have care teams


def surnames(count: int = 3000) -> list[str]:
    made = [a.title() + b + c for a in SYLLABLES for b in SYLLABLES for c in ("by", "ton", "ley")]
    return COMMON_SURNAMES + made[: max(0, count - len(COMMON_SURNAMES))]


def zipf_choice(rng: np.random.Generator, n_items: int, size: int, power: float = 1.05) -> np.ndarray:
    weights = 1.0 / np.arange(1, n_items + 1) ** power
    return rng.choice(n_items, size=size, p=weights / weights.sum())


def make_patients(rng: np.random.Generator, count: int, days: int, n_surnames: int) -> Patients:
    households = max(1, int(count / 2.4))
    household = rng.integers(0, households, count)
    family_name = zipf_choice(rng, n_surnames, households)
    surname = np.where(rng.random(count) < 0.85, family_name[household], zipf_choice(rng, n_surnames, count))
    child = rng.random(count) < 0.2
    age_days = np.where(child, rng.uniform(0, 18 * 365, count), rng.uniform(18 * 365, 95 * 365, count))
    death = np.where(rng.random(count) < 0.015, rng.uniform(-HISTORY_DAYS, days, count), np.nan)
    vip = np.zeros(count, bool)
    vip[rng.choice(count, max(3, count // 2000), replace=False)] = True
    return Patients(
        surname=surname,
        household=household,
        postcode=household // 15,
        birth_day=np.floor(-age_days),
        death_day=np.floor(death),
        vip=vip,
        sensitive=rng.random(count) < 0.01,
        safeguarding=rng.random(count) < np.where(child, 0.04, 0.01),
    )


def make_staff(rng: np.random.Generator, count: int, patients: Patients, n_surnames: int) -> Staff:
    roles = np.array([p for _, p in ROLES])
    role = rng.choice(len(ROLES), count, p=roles / roles.sum())
    department = np.concatenate(
        [
            np.arange(min(count, len(DEPARTMENTS))),
            zipf_choice(rng, len(DEPARTMENTS), max(0, count - len(DEPARTMENTS)), 0.5),
        ]
    )
    adults = np.flatnonzero(patients.birth_day < -18 * 365)
    is_patient = rng.random(count) < 0.3
    record = np.full(count, -1)
    chosen = rng.choice(adults, min(int(is_patient.sum()), len(adults)), replace=False)
    record[np.flatnonzero(is_patient)[: len(chosen)]] = chosen
    households = int(patients.household.max()) + 1
    own_address = households + np.arange(count)
    address = np.where(record >= 0, patients.household[np.maximum(record, 0)], own_address)
    local = rng.random(count) < 0.5
    postcode = np.where(
        record >= 0,
        patients.postcode[np.maximum(record, 0)],
        np.where(local, rng.integers(0, households // 15 + 1, count), households + np.arange(count)),
    )
    surname = np.where(
        record >= 0, patients.surname[np.maximum(record, 0)], zipf_choice(rng, n_surnames, count)
    )
    rostered = np.isin(role, [i for i, (r, _) in enumerate(ROLES) if r in ROSTERED_ROLES])
    pattern = rng.choice(3, count, p=[0.7, 0.2, 0.1])
    shift_start = np.where(rostered, np.array([8, 20, 9])[pattern], 8)
    shift_hours = np.where(rostered, np.array([12, 12, 8])[pattern], 10)
    return Staff(surname, address, postcode, department, role, record, rostered, shift_start, shift_hours)


class DepartmentStaff:
    """Pick a random member of a department, vectorised."""

    def __init__(self, staff: Staff) -> None:
        self.order = np.argsort(staff.department, kind="stable")
        counts = np.bincount(staff.department, minlength=len(DEPARTMENTS))
        self.counts = counts
        self.offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])

    def pick(self, rng: np.random.Generator, departments: np.ndarray) -> np.ndarray:
        counts = self.counts[departments]
        index = self.offsets[departments] + np.floor(rng.random(len(departments)) * counts).astype(np.int64)
        return np.where(counts > 0, self.order[np.minimum(index, len(self.order) - 1)], -1)


def make_encounters(
    rng: np.random.Generator,
    patients: Patients,
    staff: Staff,
    days: int,
    per_patient_month: float = 0.5,
) -> Encounters:
    count = int(patients.count * per_patient_month * (days + HISTORY_DAYS) / 30)
    patient = rng.integers(0, patients.count, count)
    child = patients.birth_day[patient] > -18 * 365
    kind = rng.choice(3, count, p=[0.55, 0.2, 0.25])  # outpatient, ED, admission
    adult_depts = np.array(
        [i for i, d in enumerate(DEPARTMENTS) if d not in CHILD_DEPARTMENTS and d != "admin_office"]
    )
    department = adult_depts[zipf_choice(rng, len(adult_depts), count, 0.6)]
    paeds = np.where(rng.random(count) < 0.8, DEPARTMENTS.index("paediatrics"), DEPARTMENTS.index("neonatal"))
    department = np.where(child & (rng.random(count) < 0.7), paeds, department)
    department = np.where(kind == 1, DEPARTMENTS.index("emergency"), department)
    start_day = rng.integers(-HISTORY_DAYS, days, count)
    start = start_day * DAY + rng.integers(8 * HOUR, 18 * HOUR, count)
    length = np.select([kind == 0, kind == 1], [HOUR, 4 * HOUR], rng.integers(1, 11, count) * DAY)
    died = patients.death_day[patient]
    keep = ~(start_day >= np.nan_to_num(died, nan=np.inf))
    clinician = DepartmentStaff(staff).pick(rng, department)
    clinician = np.where(rng.random(count) < 0.8, clinician, -1)
    return Encounters(
        patient=patient[keep],
        department=department[keep],
        start=start[keep],
        end=(start + length)[keep],
        clinician=clinician[keep],
        admitted=(kind > 0)[keep],
    )


def make_care_teams(
    rng: np.random.Generator, encounters: Encounters, staff: Staff
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(user, patient, start, end): 2 to 4 members of the department for admissions and ED."""
    admitted = np.flatnonzero(encounters.admitted)
    size = rng.integers(2, 5, len(admitted))
    which = np.repeat(admitted, size)
    members = DepartmentStaff(staff).pick(rng, encounters.department[which])
    keep = members >= 0
    which = which[keep]
    return members[keep], encounters.patient[which], encounters.start[which], encounters.end[which]
