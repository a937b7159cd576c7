"""Load test: report submission through the API against PostgreSQL, on this machine only.

    .venv/bin/python bench/reporting/load_submissions.py [--seconds 30] [--clients 16] [--workers 2]

Creates a throwaway PostgreSQL database, migrates it, loads the demo organisations, serves Rampart with
gunicorn on 127.0.0.1, and has N concurrent clients post reports (half anonymous, half named) for a
bounded time. Reports submissions per second, p50/p95/p99 latency, and checks that every report the
API acknowledged (201 with a reference) is in the database: the number lost must be zero.
Traffic goes to the loopback address only; the run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)


def report_body(n: int) -> bytes:
    body = {
        "organisation": "R1A",
        "about": "staff",
        "what_happened": f"Load test report {n}: comments on shift.",
        "when": "2026-11-01",
        "where": "Ward 7",
        "categories": ["sexual_comments"],
    }
    if n % 2:
        body["anonymity"] = "anonymous"
    else:
        body.update(anonymity="named", reporter={"name": "Load Test", "email": f"load{n}@example.com"})
    return json.dumps(body).encode()


def client(url: str, deadline: float, counter: list[int], lock: threading.Lock, results: list) -> None:
    while time.monotonic() < deadline:
        with lock:
            counter[0] += 1
            n = counter[0]
        request = urllib.request.Request(
            url, data=report_body(n), headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, payload = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, payload = error.code, {}
        except OSError:
            status, payload = 0, {}
        results.append((time.perf_counter() - started, status, payload.get("reference")))


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    db = f"rampart_bench_{int(time.time())}"
    psql(f"CREATE DATABASE {db}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "RAMPART_DEMO": "true",
        "RAMPART_DEBUG": "false",
        "RAMPART_VAR_DIR": str(ROOT / "var"),
        "RAMPART_LOG_LEVEL": "ERROR",
    }
    server = None
    try:
        subprocess.run([BIN / "rampart", "init-local"], env=env, check=True, capture_output=True)
        subprocess.run([BIN / "rampart", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "rampart", "demo-data", "--quiet"], env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "rampart.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        url = f"http://127.0.0.1:{port}/api/v1/reports"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results: list = []
        counter, lock = [0], threading.Lock()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(target=client, args=(url, deadline, counter, lock, results))
            for _ in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        acknowledged = {ref for _, status, ref in results if status == 201 and ref}
        latencies = [lat * 1000 for lat, status, _ in results if status == 201]
        stored = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                db,
                "-At",
                "-c",
                "SELECT reference FROM reporting_report",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        summary = {
            "seconds": round(elapsed, 1),
            "clients": args.clients,
            "server": f"gunicorn {args.workers} workers x {args.threads} threads",
            "attempted": len(results),
            "acknowledged": len(acknowledged),
            "errors": sum(1 for _, status, _ in results if status != 201),
            "submissions_per_second": round(len(acknowledged) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "lost": len(acknowledged - set(stored)),
        }
        print(json.dumps(summary, indent=2))
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        (out / "reporting_load.json").write_text(json.dumps(summary, indent=2))
        return 0 if summary["lost"] == 0 else 1
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
