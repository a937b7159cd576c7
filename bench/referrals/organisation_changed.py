"""Benchmark: a change to an organisation's settings brings every open case's referral records into step.

    .venv/bin/python bench/referrals/organisation_changed.py [--cases 2000] [--repeats 3]

`organisations.services.upsert_organisation` fires the `organisation_changed` hook inside its transaction
when a setting the duties read changes (kind, CQC registration, regulated activity); referrals then runs
`keep_in_step` for each open case of the organisation. This measures, in a throwaway PostgreSQL database:

- the baseline: `rampart sync-referrals` over the same cases (`sync_open_cases`, one transaction per case),
  after the same setting change made past the services;
- the hook: the same change made through `upsert_organisation` (one transaction for all the cases);
- a rename, which the duties do not read: it must not touch the cases at all.

Prints milliseconds per open case and the hook's ratio to the baseline; the database is dropped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from throwaway_db import run_in_throwaway_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    return run_in_throwaway_database("org_changed", lambda: run(args))


def load(cases: int) -> tuple[object, int]:
    from django.utils import timezone

    from rampart.cases.models import Case, Party, Person
    from rampart.organisations.services import upsert_organisation

    england = upsert_organisation(actor=None, ods_code="X24", name="Bench England", kind="national")
    region = upsert_organisation(
        actor=None, ods_code="Y1", name="Bench region", kind="region", parent=england
    )
    icb = upsert_organisation(actor=None, ods_code="QB1", name="Bench ICB", kind="icb", parent=region)
    trust = upsert_organisation(
        actor=None,
        ods_code="RB1",
        name="Bench Trust",
        kind="nhs_trust",
        parent=icb,
        cqc_registered=True,
        regulated_activity_provider=True,
    )
    now = timezone.now()
    open_states = ["new", "triaged", "awaiting_review_group", "reviewed", "under_investigation"]
    roles = [
        ("doctor", "GMC"),
        ("nurse", "NMC"),
        ("healthcare_support_worker", ""),
        ("paramedic", "HCPC"),
        ("admin", ""),
    ]
    made = 0
    batch = 1000
    for start in range(0, cases, batch):
        numbers = range(start, min(start + batch, cases))
        rows = Case.objects.bulk_create(
            [
                Case(
                    reference=f"CASE-{n:07d}",
                    organisation=trust,
                    summary=f"Bench case {n}",
                    opened_at=now - timezone.timedelta(hours=n),
                    state=open_states[n % len(open_states)],
                    priority=("routine", "urgent", "immediate")[n % 3],
                    criminal_allegation=n % 4 == 0,
                )
                for n in numbers
            ]
        )
        subjects = Person.objects.bulk_create(
            [
                Person(
                    organisation=trust,
                    kind="staff",
                    name=f"Subject {n}",
                    role=roles[n % 5][0],
                    regulator=roles[n % 5][1],
                    registration_number=f"{7000000 + n}" if roles[n % 5][1] else "",
                )
                for n in numbers
            ]
        )
        affected = Person.objects.bulk_create(
            [
                Person(organisation=trust, kind=("patient", "staff", "student")[n % 3], name=f"Affected {n}")
                for n in numbers
            ]
        )
        Party.objects.bulk_create(
            [Party(case=c, person=s, role="subject") for c, s in zip(rows, subjects, strict=True)]
            + [Party(case=c, person=a, role="affected") for c, a in zip(rows, affected, strict=True)]
        )
        made += len(rows)
    return trust, made


def run(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rampart.organisations.models import Organisation
    from rampart.organisations.services import upsert_organisation
    from rampart.referrals.models import Referral
    from rampart.referrals.services import sync_open_cases

    started = time.perf_counter()
    trust, cases = load(args.cases)
    sync_open_cases()  # the records as the cases' own writes would have left them
    print(
        f"loaded {cases} open cases and {Referral.objects.count()} referral records "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )

    baseline, hook, rename = [], [], []
    cqc = True
    for _ in range(args.repeats):
        cqc = not cqc
        Organisation.objects.filter(pk=trust.pk).update(cqc_registered=cqc)  # past the services
        t = time.perf_counter()
        sync_open_cases()
        baseline.append(time.perf_counter() - t)

        cqc = not cqc
        t = time.perf_counter()
        upsert_organisation(
            actor=None,
            ods_code="RB1",
            name="Bench Trust",
            kind="nhs_trust",
            parent=trust.parent,
            cqc_registered=cqc,
            regulated_activity_provider=True,
        )
        hook.append(time.perf_counter() - t)

        t = time.perf_counter()
        with CaptureQueriesContext(connection) as rename_queries:
            upsert_organisation(
                actor=None,
                ods_code="RB1",
                name=f"Bench Trust {len(rename)}",
                kind="nhs_trust",
                parent=trust.parent,
                cqc_registered=cqc,
                regulated_activity_provider=True,
            )
        rename.append(time.perf_counter() - t)

    per_case = lambda xs: statistics.median(xs) * 1000 / cases  # noqa: E731
    result = {
        "open_cases": cases,
        "sync_referrals_ms_per_case": round(per_case(baseline), 2),
        "organisation_changed_ms_per_case": round(per_case(hook), 2),
        "ratio_hook_to_sync": round(statistics.median(hook) / statistics.median(baseline), 2),
        "rename_ms_total": round(statistics.median(rename) * 1000, 1),
        "rename_queries": len(rename_queries),
        "hook_total_s": round(statistics.median(hook), 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
