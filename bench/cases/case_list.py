"""Benchmark: the case list, a filtered list and a search with 200,000 cases on PostgreSQL.

    .venv/bin/python bench/cases/case_list.py [--cases 200000] [--repeats 30]

Creates a throwaway PostgreSQL database, loads N cases at one trust shared among --handlers case handlers
(each case with its handler named on the team, as opening a case does; --handlers 1 is the worst
case), then requests the list pages through Django's test client as a signed-in
case handler, so the figures include the need-to-know scoping, pagination and page rendering.
Prints p50/p95 latency per page; the database is dropped at the end.
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
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--handlers", type=int, default=100, help="case handlers sharing the cases")
    args = parser.parse_args()
    return run_in_throwaway_database("cases", lambda: run(args))


def run(args: argparse.Namespace) -> int:
    from django.test import Client
    from django.utils import timezone

    from rampart.accounts.middleware import EPOCH_KEY
    from rampart.accounts.models import Authenticator, Membership, User
    from rampart.cases.models import Case, CaseTeamMember
    from rampart.organisations.models import Organisation

    trust = Organisation.objects.create(ods_code="RB1", name="Bench Trust", kind="nhs_trust")
    # 100 case handlers share the cases, as in a large trust; we measure as one of them.
    handlers = [User.objects.create_user(f"handler{n}@bench.example", "x" * 20) for n in range(args.handlers)]
    Membership.objects.bulk_create(
        [Membership(user=h, organisation=trust, role="case_handler") for h in handlers]
    )
    handler = handlers[0]
    device = Authenticator.objects.create(user=handler, name="Authenticator app", confirmed=True)
    states = [
        "new",
        "triaged",
        "awaiting_review_group",
        "reviewed",
        "under_investigation",
        "outcome_recorded",
        "closed",
    ]
    started = time.perf_counter()
    now = timezone.now()
    batch = 5000
    for start in range(0, args.cases, batch):
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=f"CASE-{n:07d}",
                    organisation=trust,
                    summary=f"Bench case {n}",
                    opened_at=now - timezone.timedelta(minutes=n),
                    state=states[n % len(states)],
                    priority=("routine", "urgent", "immediate")[n % 3],
                )
                for n in range(start, min(start + batch, args.cases))
            ]
        )
        CaseTeamMember.objects.bulk_create(
            [
                CaseTeamMember(case=c, user=handlers[i % len(handlers)], role="handler")
                for i, c in enumerate(cases)
            ]
        )
    load_seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(handler, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[EPOCH_KEY] = handler.session_epoch
    session.save()
    pages = {
        "list": "/cases/?queue=all",
        "filtered": "/cases/?queue=all&state=reviewed",
        "search": f"/cases/?queue=all&q=CASE-{args.cases // 2:07d}",
        "page_100": "/cases/?queue=all&page=100",
    }
    results: dict[str, object] = {
        "cases": args.cases,
        "handlers": args.handlers,
        "load_seconds": round(load_seconds, 1),
    }
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        results[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        }
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "case_list.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
