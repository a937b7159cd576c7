"""Write a scan's outputs: alerts.csv, alerts.parquet, summary.json and a short report.html.

Every file is written under a temporary name in the output directory and renamed into place, so an
interrupted run never leaves a half-written file behind.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import RULE_CODES
from .pipeline import Coverage, ScanResult

TOP_ALERTS = 25


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a temporary file next to `path`, then rename it over `path`."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _csv_ready(alerts: pa.Table) -> pa.Table:
    def iso(column: str) -> pa.Array:
        values = alerts[column].to_pylist()
        return pa.array([v.strftime("%Y-%m-%dT%H:%M:%SZ") for v in values], pa.string())

    return alerts.set_column(3, "first_ts", iso("first_ts")).set_column(4, "last_ts", iso("last_ts"))


def rule_counts(alerts: pa.Table) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for rules in alerts["rules"].to_pylist():
        counts.update(code for code in rules.split(";") if code)
    return {code: counts[code] for code in RULE_CODES}


def summary(result: ScanResult, *, seconds: float, peak_rss_mb: float, engine: str) -> dict[str, Any]:
    cover = result.coverage
    return {
        "events": cover.events,
        "explained_share": round(cover.explained_share, 6),
        "alerts": result.alerts.num_rows,
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "engine": engine,
        "explained_share_first_access": round(cover.first_access_share, 6),
        "rejected_events": result.rejected,
        "rules": rule_counts(result.alerts),
    }


def _bar_chart(title: str, bars: list[tuple[str, float, str]], scale: float) -> str:
    """A horizontal bar chart as inline SVG: (label, value, text shown)."""
    height = 24 * len(bars) + 30
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="560" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(title)}</title>'
    ]
    for i, (label, value, shown) in enumerate(bars):
        y = 24 * i + 10
        width = 0 if scale <= 0 else round(300 * value / scale, 1)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13">{html.escape(label)}</text>'
            f'<rect x="180" y="{y}" width="{width}" height="18" fill="#005eb8"/>'
            f'<text x="{186 + width}" y="{y + 14}" font-size="13">{html.escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _coverage_chart(cover: Coverage) -> str:
    bars = [
        ("All accesses", cover.explained_share, f"{cover.explained_share:.1%}"),
        ("First accesses", cover.first_access_share, f"{cover.first_access_share:.1%}"),
    ]
    bars += [
        (f"Role: {r['role']}", r["explained_share"], f"{r['explained_share']:.1%}") for r in cover.by_role
    ]
    return _bar_chart("Share of accesses explained", bars, 1.0)


def render_html(result: ScanResult, facts: dict[str, Any]) -> str:
    counts = facts["rules"]
    rule_chart = _bar_chart(
        "Alerts by rule",
        [(code, counts[code], str(counts[code])) for code in RULE_CODES],
        max(counts.values()) if any(counts.values()) else 1,
    )
    rows = []
    for alert in result.alerts.slice(0, TOP_ALERTS).to_pylist():
        cells = [
            alert["rank"],
            alert["user_id"],
            alert["patient_id"] or "(user-level)",
            alert["first_ts"].strftime("%Y-%m-%d %H:%M"),
            alert["events"],
            "yes" if alert["explained"] else "no",
            alert["rules"].replace(";", ", "),
            f"{alert['score']:.2f}",
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    head = "".join(
        f"<th scope='col'>{h}</th>"
        for h in (
            "Rank",
            "User",
            "Patient",
            "First access",
            "Events",
            "Explained",
            "Rules",
            "Score",
        )
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>EPR access scan</title>
<style>body{{font-family:Arial,sans-serif;margin:2rem;color:#212b32}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #d8dde0;padding:4px 8px;text-align:left}}</style></head>
<body><h1>EPR access scan</h1>
<p>{facts["events"]:,} access events, {facts["explained_share"]:.1%} explained
({facts["explained_share_first_access"]:.1%} of first accesses).
{facts["alerts"]:,} alerts; engine {html.escape(facts["engine"])}; {facts["seconds"]:.1f} seconds.
{facts["rejected_events"]:,} input records rejected.</p>
<h2>Coverage</h2>{_coverage_chart(result.coverage)}
<h2>Alerts by rule</h2>{rule_chart}
<h2>Top {min(TOP_ALERTS, facts["alerts"])} alerts</h2>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
</body></html>
"""


def write_outputs(out: Path, result: ScanResult, facts: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    alerts = result.alerts
    atomic_write(out / "alerts.parquet", lambda p: pq.write_table(alerts, p))
    atomic_write(out / "alerts.csv", lambda p: pacsv.write_csv(_csv_ready(alerts), p))
    text = render_html(result, facts)
    atomic_write(out / "report.html", lambda p: _write_text(p, text))
    body = json.dumps(facts, indent=2) + "\n"
    atomic_write(out / "summary.json", lambda p: _write_text(p, body))


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
