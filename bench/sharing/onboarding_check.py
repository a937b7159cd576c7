"""Benchmark: the onboarding check with 1.5 million staff records and 500,000 concerns on PostgreSQL.

    .venv/bin/python bench/sharing/onboarding_check.py [--people 1500000] [--concerns 500000] [--checks 300]

Creates a throwaway PostgreSQL database and bulk-loads with COPY: 200 trusts; --people staff records
(cases.Person), each linked (patterns.PersonLink) to a Professional with a GMC number and an ESR number,
one in ten professionals having moved trust (two staff records); --concerns concerns, four fifths as
cases with a subject party (two in five with an investigation, some completed and upheld) and one
fifth as weak signals. Then runs onboarding checks through `sharing.services.run_onboarding_check`
(validation, rate limit, the search, the check row and its audit entry) for numbers that hit a
concern elsewhere, numbers of professionals with no concerns, and unknown numbers. Prints p50/p95 per
kind and the query plan of the search; the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from throwaway_db import run_in_throwaway_database  # noqa: E402

TRUSTS = 200


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_500_000)
    parser.add_argument("--concerns", type=int, default=500_000)
    parser.add_argument("--checks", type=int, default=300, help="checks of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its name)")
    args = parser.parse_args()
    return run_in_throwaway_database("sharing", lambda: run(args), keep=args.keep)


def copy_rows(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY rows (attname → Python value) into the model's table; unset fields get their default.
    Encrypted values are encrypted once per distinct value, so loading stays fast."""
    from django.db import connection
    from psycopg.types.json import Jsonb

    from rampart.cases.identifiers import IdentifierKeyField
    from rampart.core.fields import EncryptedTextField

    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields}
    encrypted: dict[tuple[str, str], str] = {}
    kinds = [
        "enc"
        if isinstance(f, EncryptedTextField)
        else "key"
        if isinstance(f, IdentifierKeyField)
        else "json"
        if f.get_internal_type() == "JSONField"
        else ""
        for f in fields
    ]
    cols = ", ".join(f'"{f.column}"' for f in fields)
    connection.ensure_connection()
    n = 0
    with (
        connection.connection.cursor() as cur,
        cur.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as cp,
    ):
        for row in rows:
            values = []
            plain = SimpleNamespace(**{**defaults, **row})  # identifiers before encryption
            for f, kind in zip(fields, kinds, strict=True):
                value = row.get(f.attname, defaults[f.attname])
                if kind == "key":
                    # The keyed hash the application writes beside an identifier (cases.identifiers).
                    value = f.key_for(plain)
                elif kind == "enc":
                    # Cached per column: a value is encrypted for the column it is stored in.
                    if (f.attname, value) not in encrypted:
                        encrypted[f.attname, value] = f.get_db_prep_save(value, connection)
                    value = encrypted[f.attname, value]
                elif kind == "json":
                    value = Jsonb(value)
                values.append(value)
            cp.write_row(values)
            n += 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {model._meta.db_table}))"
        )
    return n


def gmc(i: int) -> str:
    return f"{1_000_000 + i:07d}"


def load(args: argparse.Namespace) -> dict[str, Any]:
    from django.utils import timezone

    from rampart.cases.models import Case, Investigation, Party, Person
    from rampart.organisations.models import Organisation
    from rampart.patterns.models import PersonLink, Professional, WeakSignal

    rng = random.Random(8)
    now = timezone.now()
    today = timezone.localdate()
    trusts = [
        Organisation.objects.create(ods_code=f"RX{n:03d}", name=f"Bench Trust {n}", kind="nhs_trust")
        for n in range(TRUSTS)
    ]
    trust_ids = [t.pk for t in trusts]
    people = args.people
    professionals = people * 9 // 10  # one in ten has moved: a second staff record elsewhere
    timings = {}

    started = time.perf_counter()
    copy_rows(
        Professional,
        (
            {
                "id": i + 1,
                "created_at": now,
                "regulator": "GMC",
                "registration_number": gmc(i),
                "esr_number": str(10_000_000 + i),
            }
            for i in range(professionals)
        ),
    )
    timings["professionals"] = time.perf_counter() - started

    def professional_of(i: int) -> int:
        return i if i < professionals else (i - professionals) * 9

    def org_of(i: int) -> int:
        return trust_ids[(i * 7 + (i >= professionals)) % TRUSTS]

    started = time.perf_counter()
    copy_rows(
        Person,
        (
            {
                "id": i + 1,
                "organisation_id": org_of(i),
                "kind": "staff",
                "name": "Bench Person",
                "role": "doctor",
                "staff_number": f"S{i:08d}",
                "regulator": "GMC",
                "registration_number": gmc(professional_of(i)),
                "esr_number": str(10_000_000 + professional_of(i)),
            }
            for i in range(people)
        ),
    )
    copy_rows(
        PersonLink,
        (
            {
                "id": i + 1,
                "person_id": i + 1,
                "professional_id": professional_of(i) + 1,
                "method": "registration",
                "linked_at": now,
            }
            for i in range(people)
        ),
    )
    timings["people and links"] = time.perf_counter() - started

    cases = args.concerns * 4 // 5
    signals = args.concerns - cases
    subjects = [rng.randrange(people) for _ in range(cases)]
    started = time.perf_counter()
    states = ["new", "triaged", "under_investigation", "outcome_recorded", "closed"]
    copy_rows(
        Case,
        (
            {
                "id": n + 1,
                "reference": f"CASE-{n:07d}",
                "organisation_id": org_of(subjects[n]),
                "summary": "Bench case",
                "opened_at": now - timedelta(hours=n % 20_000),
                "state": states[n % len(states)],
            }
            for n in range(cases)
        ),
    )
    copy_rows(
        Party,
        (
            {"id": n + 1, "case_id": n + 1, "person_id": subjects[n] + 1, "role": "subject"}
            for n in range(cases)
        ),
    )
    copy_rows(
        Investigation,
        (
            {
                "id": n + 1,
                "case_id": n + 1,
                "terms_of_reference": "Bench terms",
                "findings": "Bench findings" if n % 2 else "",
                "substantiated": True if n % 4 == 1 else (False if n % 4 == 3 else None),
                "started_on": today - timedelta(days=n % 700),
                "completed_on": today - timedelta(days=n % 300) if n % 2 else None,
            }
            for n in range(0, cases)
            if n % 5 < 2
        ),
    )
    signal_people = [rng.randrange(people) for _ in range(signals)]
    copy_rows(
        WeakSignal,
        (
            {
                "id": n + 1,
                "organisation_id": org_of(signal_people[n]),
                "person_id": signal_people[n] + 1,
                "kinds": ["comments"],
                "description": "Bench signal",
                "observed_on": today - timedelta(days=n % 700),
                "recorded_at": now,
            }
            for n in range(signals)
        ),
    )
    timings["concerns"] = time.perf_counter() - started
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze"] = time.perf_counter() - started
    return {"trusts": trusts, "subjects": subjects, "professional_of": professional_of, "timings": timings}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> int:
    from django.db import connection

    from rampart.accounts.models import Membership, User
    from rampart.cases.identifiers import registration_key
    from rampart.sharing import services

    loaded = load(args)
    for what, seconds in loaded["timings"].items():
        print(f"loaded {what} in {seconds:.0f} s", flush=True)
    trusts = loaded["trusts"]
    recruiter = trusts[1]
    user = User.objects.create_user("recruiter@bench.example", "x" * 20)
    Membership.objects.create(user=user, organisation=recruiter, role="case_handler")
    services.CHECKS_PER_DAY = 10**9  # measure the search, not the limit
    rng = random.Random(11)
    professional_of = loaded["professional_of"]
    subject_professionals = {professional_of(i) for i in loaded["subjects"]}
    hits = [gmc(professional_of(i)) for i in rng.sample(loaded["subjects"], args.checks)]
    clean = []
    while len(clean) < args.checks:
        i = rng.randrange(args.people * 9 // 10)
        if i not in subject_professionals:
            clean.append(gmc(i))
    unknown = [f"{9_000_000 + n:07d}" for n in range(args.checks)]
    base = {
        "candidate_name": "Bench Candidate",
        "role": "Doctor",
        "purpose": "recruitment",
        "purpose_details": "Bench post",
        "regulator": "GMC",
    }
    results: dict[str, dict[str, float]] = {}
    for kind, numbers in (
        ("holds a concern elsewhere", hits),
        ("known, never a case subject", clean),
        ("unknown number", unknown),
    ):
        timings = []
        found = 0
        for number in numbers:
            started = time.perf_counter()
            check = services.run_onboarding_check(
                actor=user, organisation=recruiter, registration_number=number, **base
            )
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(check.result)
        results[kind] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 95), 1),
            "found": found,
            "n": len(numbers),
        }
        print(
            f"{kind}: p50 {results[kind]['p50_ms']} ms, p95 {results[kind]['p95_ms']} ms, "
            f"found {found}/{len(numbers)}",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM patterns_professional WHERE registration_key = %s",
            [registration_key("GMC", hits[0])],
        )
        plan = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "EXPLAIN SELECT p.case_id FROM cases_party p JOIN cases_person pe ON pe.id = p.person_id "
            "JOIN patterns_personlink l ON l.person_id = pe.id "
            "WHERE p.role = 'subject' AND l.professional_id = 5"
        )
        plan += [r[0] for r in cursor.fetchall()]
    print("\n".join(plan))
    print(
        json.dumps(
            {
                "people": args.people,
                "concerns": args.concerns,
                "results": results,
                "load_seconds": loaded["timings"],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
