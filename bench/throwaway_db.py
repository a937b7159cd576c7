"""A throwaway PostgreSQL database with Rampart migrated into it, for the benchmarks that need one.

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from throwaway_db import run_in_throwaway_database
sys.exit(run_in_throwaway_database("cases", lambda: run(args)))
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)


def run_in_throwaway_database(name: str, run: Callable[[], int], *, keep: bool = False) -> int:
    """Create rampart_bench_<name>_<time>, point Django at it, migrate, call `run`, then drop the
    database (unless `keep`, when its name is printed)."""
    db = f"rampart_bench_{name}_{int(time.time())}"
    psql(f"CREATE DATABASE {db}")
    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
            "RAMPART_DEMO": "true",
            "RAMPART_VAR_DIR": str(ROOT / "var"),
            "DJANGO_SETTINGS_MODULE": "rampart.settings",
            "RAMPART_LOG_LEVEL": "ERROR",
            "RAMPART_ALLOWED_HOSTS": "testserver",
        }
    )
    try:
        subprocess.run([ROOT / ".venv" / "bin" / "rampart", "init-local"], check=True, capture_output=True)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return run()
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"kept database {db}")
        else:
            psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
