"""Benchmark: linking a new person (exact registration match; name + date-of-birth candidate search)
with 1.5 million staff Person / Professional rows and 500,000 concerns on PostgreSQL.

    .venv/bin/python bench/patterns/matching.py [--people 1500000] [--concerns 500000] [--repeats 50]

Creates a throwaway PostgreSQL database, bulk-loads with COPY (names and dates of birth encrypted as the
application stores them, from a pool of encrypted values so the load is not dominated by encryption;
birth_key is the real keyed hash of each date), then times `patterns.services.link_person` for new
people: one with a registration number already held (exact link, then pattern assessment over the
professional's cases) and one with no identifiers but a date of birth shared by ~75 others and a name
like one of them (a new professional, a candidate found by birth_key blocking with names decrypted in
Python, pattern assessment). Prints p50/p95 in milliseconds; the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from throwaway_db import run_in_throwaway_database  # noqa: E402

FIRST = [
    "james",
    "mary",
    "john",
    "patricia",
    "robert",
    "jennifer",
    "michael",
    "linda",
    "david",
    "elizabeth",
    "william",
    "barbara",
    "richard",
    "susan",
    "joseph",
    "jessica",
    "thomas",
    "sarah",
    "priya",
    "mohammed",
    "aisha",
    "wei",
    "olumide",
    "siobhan",
    "tomasz",
    "anjali",
    "kwame",
    "fatima",
    "oliver",
    "amelia",
]
LAST = [
    "smith",
    "jones",
    "taylor",
    "brown",
    "williams",
    "wilson",
    "johnson",
    "davies",
    "patel",
    "robinson",
    "wright",
    "thompson",
    "evans",
    "walker",
    "white",
    "roberts",
    "green",
    "hall",
    "wood",
    "khan",
    "okafor",
    "nowak",
    "murphy",
    "chen",
    "singh",
    "ahmed",
    "kowalski",
    "obrien",
    "campbell",
    "hughes",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_500_000)
    parser.add_argument("--concerns", type=int, default=500_000)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    return run_in_throwaway_database("patterns", lambda: run(args))


def copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
        for row in rows:
            out.write_row(row)


def load(args: argparse.Namespace) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from rampart.cases.identifiers import esr_key, registration_key, staff_number_key
    from rampart.cases.models import Case, Person
    from rampart.core.crypto import keyed_hash
    from rampart.organisations.models import Organisation
    from rampart.patterns.models import Professional

    rnd = random.Random(8)

    def sealed(model, name: str, value: str) -> str:
        """A value encrypted as the model's field stores it (bound to its column)."""
        return model._meta.get_field(name).get_db_prep_save(value, connection)

    trusts = Organisation.objects.bulk_create(
        [Organisation(ods_code=f"RX{n:03d}", name=f"Bench Trust {n}", kind="nhs_trust") for n in range(200)]
    )
    org_ids = [t.pk for t in trusts]
    names = [f"{f} {m} {last}".title() for f in FIRST for m in ("", "a", "j") for last in LAST]
    enc_names = [sealed(Person, "name", n.replace("  ", " ")) for n in names]
    first_day = date(1960, 1, 1)
    days = [(first_day + timedelta(days=d)).isoformat() for d in range(55 * 365)]
    enc_days = {d: sealed(Person, "date_of_birth", d) for d in days}
    keys = {d: keyed_hash(d, key=settings.RAMPART_INDEX_KEY, purpose="birth_date") for d in days}
    empty = ""  # empty stays empty, as the application stores it
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as c:
        raw = c.cursor
        copy(
            raw,
            "patterns_professional",
            [
                "id",
                "created_at",
                "regulator",
                "registration_number",
                "registration_key",
                "esr_number",
                "esr_key",
            ],
            (
                (
                    n + 1,
                    now,
                    "GMC",
                    sealed(Professional, "registration_number", f"{n + 1000000:07d}"),
                    registration_key("GMC", f"{n + 1000000:07d}"),
                    sealed(Professional, "esr_number", f"{n + 10000000}"),
                    esr_key(f"{n + 10000000}"),
                )
                for n in range(args.people)
            ),
        )
        person_rows = []
        for n in range(args.people):
            d = days[rnd.randrange(len(days))]
            person_rows.append(
                (
                    n + 1,
                    org_ids[n % len(org_ids)],
                    "staff",
                    enc_names[rnd.randrange(len(enc_names))],
                    "doctor",
                    sealed(Person, "staff_number", f"S{n}"),
                    staff_number_key(f"S{n}"),
                    "GMC",
                    sealed(Person, "registration_number", f"{n + 1000000:07d}"),
                    registration_key("GMC", f"{n + 1000000:07d}"),
                    sealed(Person, "esr_number", f"{n + 10000000}"),
                    esr_key(f"{n + 10000000}"),
                    enc_days[d],
                    keys[d],
                    False,
                    False,
                )
            )
        copy(
            raw,
            "cases_person",
            [
                "id",
                "organisation_id",
                "kind",
                "name",
                "role",
                "staff_number",
                "staff_number_key",
                "regulator",
                "registration_number",
                "registration_key",
                "esr_number",
                "esr_key",
                "date_of_birth",
                "birth_key",
                "resident_doctor",
                "on_performers_list",
            ],
            person_rows,
        )
        del person_rows
        copy(
            raw,
            "patterns_personlink",
            ["person_id", "professional_id", "method", "linked_at"],
            ((n + 1, n + 1, "registration", now) for n in range(args.people)),
        )
        enc_summary = sealed(Case, "summary", "Bench concern")
        copy(
            raw,
            "cases_case",
            [
                "id",
                "reference",
                "organisation_id",
                "summary",
                "categories",
                "sexual_dimension",
                "screening_notes",
                "immediate_actions",
                "priority",
                "criminal_allegation",
                "opened_at",
                "state",
                "version",
            ],
            (
                (
                    n + 1,
                    f"CASE-{n:07d}",
                    org_ids[n % len(org_ids)],
                    enc_summary,
                    "[]",
                    "yes",
                    empty,
                    empty,
                    "routine",
                    False,
                    now - timedelta(days=n % 1500),
                    ("new", "closed")[n % 2],
                    1,
                )
                for n in range(args.concerns)
            ),
        )
        # Each concern's subject is one of the people (some people are the subject of several).
        copy(
            raw,
            "cases_party",
            ["case_id", "person_id", "role", "confidential"],
            ((n + 1, rnd.randrange(args.people) + 1, "subject", False) for n in range(args.concerns)),
        )
        for table in ("patterns_professional", "cases_person", "cases_case", "cases_party"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        c.execute("ANALYZE")
    return {
        "load_seconds": round(time.perf_counter() - started, 1),
        "org_ids": org_ids,
        "days": days,
        "names": names,
    }


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def run(args: argparse.Namespace) -> int:
    from rampart.cases.models import Person
    from rampart.patterns import services
    from rampart.patterns.models import MatchCandidate

    loaded = load(args)
    rnd = random.Random(9)
    exact, fuzzy, found = [], [], 0
    for i in range(args.repeats):
        number = rnd.randrange(args.people)
        person = Person.objects.create(
            organisation_id=loaded["org_ids"][i % 200],
            kind="staff",
            name="Dr New Starter",
            regulator="GMC",
            registration_number=f"{number + 1000000:07d}",
        )
        exact.append(timed(lambda p=person: services.link_person(p)))
        twin = Person.objects.get(pk=rnd.randrange(args.people) + 1)
        typo = twin.name[:-1] + ("x" if twin.name[-1] != "x" else "y")
        person = Person.objects.create(
            organisation_id=loaded["org_ids"][i % 200],
            kind="staff",
            name=typo,
            date_of_birth=twin.date_of_birth,
            birth_key=twin.birth_key,
        )
        fuzzy.append(timed(lambda p=person: services.link_person(p)))
        found += MatchCandidate.objects.filter(person=person).count()
    same_day = Person.objects.filter(birth_key=twin.birth_key).count()

    def q(values: list[float], pct: int) -> float:
        return round(statistics.quantiles(values, n=100)[pct - 1], 1)

    result = {
        "people": args.people,
        "concerns": args.concerns,
        "repeats": args.repeats,
        "load_seconds": loaded["load_seconds"],
        "exact_registration_ms": {"p50": q(exact, 50), "p95": q(exact, 95)},
        "name_and_birth_ms": {"p50": q(fuzzy, 50), "p95": q(fuzzy, 95)},
        "people_sharing_a_birth_date": same_day,
        "candidates_found": found,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
