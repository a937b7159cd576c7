"""The `access-audit` command: scan, generate, explain."""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .backends import ENGINES, connect
from .errors import InputError
from .ingest import load_inputs
from .pipeline import Coverage, scan

SCAN_STEPS = 6


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children (the Spark JVM), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="access-audit", description="Find unusual access to patient records."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("scan", "explain, flag and rank accesses; write alerts and a report"),
        ("explain", "report how many accesses are explained (coverage only)"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument(
            "--events",
            required=True,
            type=Path,
            help="CSV, Parquet (file or directory) or FHIR NDJSON",
        )
        sub.add_argument("--reference", required=True, type=Path, help="directory of reference tables")
        sub.add_argument("--engine", choices=ENGINES, default="duckdb")
        sub.add_argument("--threads", type=_positive)
        sub.add_argument("--memory-limit", help="e.g. 4GB; DuckDB spills to disk beyond it")
        if name == "scan":
            sub.add_argument("--out", required=True, type=Path)
            sub.add_argument("--budget", type=_positive, help="at most N alerts a day")
    gen = commands.add_parser("generate", help="write a synthetic trust with labelled misuse")
    gen.add_argument("--out", required=True, type=Path)
    gen.add_argument("--staff", required=True, type=_positive)
    gen.add_argument("--patients", required=True, type=_positive)
    gen.add_argument("--days", required=True, type=_positive)
    gen.add_argument("--seed", required=True, type=int)
    gen.add_argument("--events", type=_positive, help="total access events (default 50 per staff-day)")
    return parser


@contextmanager
def _progress(console: Console, total: int) -> Iterator[Any]:
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("starting", total=total)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=name)

        yield step
        bar.update(task, completed=total)


def _show_coverage(console: Console, cover: Coverage) -> None:
    table = Table(title="Explained accesses")
    table.add_column("group")
    table.add_column("events", justify="right")
    table.add_column("explained", justify="right")
    table.add_row("all accesses", f"{cover.events:,}", f"{cover.explained_share:.1%}")
    table.add_row("first accesses", f"{cover.first_accesses:,}", f"{cover.first_access_share:.1%}")
    for row in cover.by_role:
        table.add_row(f"role: {row['role']}", f"{row['events']:,}", f"{row['explained_share']:.1%}")
    for kind, events in cover.by_kind.items():
        share = events / cover.events if cover.events else 0.0
        table.add_row(f"explained by {kind.replace('_', ' ')}", f"{events:,}", f"{share:.1%}")
    console.print(table)


def run_scan(args: argparse.Namespace, console: Console) -> None:
    from .report import summary, write_outputs

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="access-audit-") as spill:
        con = connect(args.engine, threads=args.threads, memory_limit=args.memory_limit, temp_dir=spill)
        with _progress(console, SCAN_STEPS) as step:
            step("reading and checking input")
            inputs = load_inputs(con, args.events, args.reference)
            result = scan(con, inputs, budget=args.budget, step=step)
        facts = summary(
            result,
            seconds=time.perf_counter() - started,
            peak_rss_mb=peak_rss_mb(),
            engine=args.engine,
        )
        write_outputs(args.out, result, facts)
    console.print(
        f"{facts['events']:,} events, {facts['explained_share']:.1%} explained, "
        f"{facts['alerts']:,} alerts in {facts['seconds']:.1f} s -> {args.out}"
    )


def run_explain(args: argparse.Namespace, console: Console) -> None:
    from .pipeline import measure_coverage

    with tempfile.TemporaryDirectory(prefix="access-audit-") as spill:
        con = connect(args.engine, threads=args.threads, memory_limit=args.memory_limit, temp_dir=spill)
        inputs = load_inputs(con, args.events, args.reference)
        cover = measure_coverage(con, inputs)
    report = Console()  # the coverage report is the command's output: stdout
    _show_coverage(report, cover)
    if inputs.rejected:
        report.print(f"{inputs.rejected:,} input records rejected")


def run_generate(args: argparse.Namespace, console: Console) -> None:
    from .generate import Trust, generate

    trust = Trust(
        staff=args.staff, patients=args.patients, days=args.days, seed=args.seed, events=args.events
    )
    with _progress(console, 4) as step:
        written = generate(trust, args.out, step=step)
    console.print(f"{written.events:,} events, {written.cases:,} labelled misuse cases -> {args.out}")


def _stop(signum: int, _frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary outputs and spill files are removed."""
    raise SystemExit(128 + signum)


def _leave(code: int) -> None:
    """End the process at once, everything written (outputs are renamed into place, streams are
    flushed here): the interpreter's own teardown after a DuckDB run (unloading Ibis, pyarrow
    and pandas, returning the engine's memory) takes about 0.4 s."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    console = Console(stderr=True)
    try:
        {"scan": run_scan, "explain": run_explain, "generate": run_generate}[args.command](args, console)
    except InputError as exc:
        print(f"access-audit: error: {exc}", file=sys.stderr)
        return 2
    # Only as the console script (no argv given) and not on Spark, whose JVM is stopped at exit.
    if argv is None and getattr(args, "engine", None) == "duckdb":
        _leave(0)
    return 0
