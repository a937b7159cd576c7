"""Where a scan's output comes from: files a privacy officer uploads, or a scan directory on the
server they "point at".

For the server, only directories under `RAMPART_VAR_DIR/access-audit/<ODS code>/` are offered,
chosen from a list by name: no path is ever typed, so nothing outside that root (and nothing of
another organisation) can be read. A scheduled `access-audit scan --out` can write there directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from rampart.access_alerts import rules

ALERT_FILES = ("alerts.parquet", "alerts.csv")
EVENT_FILES = ("events.parquet", "events.csv", "events")


@dataclass(frozen=True)
class ScanFiles:
    alerts: list[rules.AlertRow]
    events: list[rules.AccessEvent] | None
    summary: rules.ScanSummary | None
    source: str


class UploadError(rules.FileError):
    """A problem with one uploaded file; `field` names the form field it came from."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def read_upload(*, alerts: Any, events: Any = None, summary: Any = None) -> ScanFiles:
    """Uploaded alerts (required), events and summary files, each checked before anything is saved."""
    try:
        rows = rules.read_alerts(alerts.name, alerts.read())
    except rules.FileError as error:
        raise UploadError("alerts", str(error)) from None
    try:
        scan_summary = rules.read_summary(summary.name, summary.read()) if summary else None
    except rules.FileError as error:
        raise UploadError("summary", str(error)) from None
    try:
        # A large upload is on disk already: let pyarrow read it from there.
        source = events.temporary_file_path() if hasattr(events, "temporary_file_path") else events
        access_events = rules.read_events(events.name, source, rows) if events else None
    except rules.FileError as error:
        raise UploadError("events", str(error)) from None
    names = ", ".join(f.name for f in (alerts, events, summary) if f)
    return ScanFiles(rows, access_events, scan_summary, source=f"upload {names}")


def root_for(ods_code: str) -> Path:
    return Path(settings.VAR_DIR) / "access-audit" / ods_code


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def available(ods_code: str) -> list[str]:
    """Names of scan directories holding an alerts file, newest name first."""
    root = root_for(ods_code)
    if not root.is_dir():
        return []
    return sorted(
        (
            d.name
            for d in root.iterdir()
            if d.is_dir() and _inside(d, root) and any((d / f).is_file() for f in ALERT_FILES)
        ),
        reverse=True,
    )


def read(ods_code: str, name: str) -> ScanFiles:
    """The alerts (and events and summary, when present) of one listed scan directory."""
    if name not in available(ods_code):
        raise rules.FileError(f"{name}: no such scan directory")
    directory = root_for(ods_code) / name
    alerts_file = next(directory / f for f in ALERT_FILES if (directory / f).is_file())
    if not _inside(alerts_file, directory):
        raise rules.FileError(f"{name}: no such scan directory")
    alerts = rules.read_alerts(f"{name}/{alerts_file.name}", alerts_file.read_bytes())
    summary_file = directory / "summary.json"
    summary = (
        rules.read_summary(f"{name}/summary.json", summary_file.read_bytes())
        if summary_file.is_file() and _inside(summary_file, directory)
        else None
    )
    events = None
    for candidate in EVENT_FILES:
        path = directory / candidate
        if path.exists() and _inside(path, directory):
            # A directory of Parquet parts is read as one table, as the engine reads it.
            label = f"{name}/{candidate}" + (".parquet" if path.is_dir() else "")
            events = rules.read_events(label, str(path), alerts)
            break
    return ScanFiles(alerts, events, summary, source=f"server scan {name}")
