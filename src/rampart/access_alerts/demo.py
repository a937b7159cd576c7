"""Made-up alerts and access events for the demo trust. Nobody here is real."""

from __future__ import annotations

from datetime import UTC, datetime

from rampart.access_alerts.rules import AccessEvent, AlertRow, ScanSummary


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


ALERTS = [
    AlertRow(
        1,
        "EPR-40117",
        "P-882041",
        _at(16, 23, 41),
        _at(16, 23, 52),
        6,
        False,
        ("FAMILY", "OUT_OF_HOURS"),
        10.2,
    ),
    AlertRow(2, "EPR-30552", "P-100233", _at(17, 14, 5), _at(17, 14, 9), 3, False, ("VIP", "PILE_ON"), 9.4),
    AlertRow(3, "EPR-21876", "P-554190", _at(18, 10, 12), _at(18, 10, 30), 4, False, ("COWORKER",), 6.8),
    AlertRow(4, "EPR-11243", "", _at(19, 8, 2), _at(19, 17, 48), 180, False, ("BULK", "VULNERABLE"), 8.1),
    AlertRow(5, "EPR-40117", "P-730012", _at(20, 2, 15), _at(20, 2, 17), 2, False, ("NEIGHBOUR",), 4.3),
    AlertRow(6, "EPR-50901", "P-662310", _at(20, 11, 0), _at(20, 11, 4), 2, True, ("SELF",), 3.9),
]
SUMMARY = ScanSummary(events=1_482_301, explained_share=0.951, engine="duckdb")


def events() -> list[AccessEvent]:
    """A few access events behind each alert (the bulk one gets the first dozen)."""
    out: list[AccessEvent] = []
    number = 9_000_000
    for alert in ALERTS:
        count = min(alert.events, 12)
        step = (alert.last_ts - alert.first_ts) / max(count - 1, 1)
        for i in range(count):
            number += 1
            out.append(
                AccessEvent(
                    event_id=str(number),
                    ts=alert.first_ts + step * i if i < count - 1 else alert.last_ts,
                    user_id=alert.user_id,
                    patient_id=alert.patient_id or f"P-{300000 + i * 17}",
                    action="view" if i % 3 else "search",
                    workstation=f"WS-{alert.user_id[-3:]}",
                    site="Riverside General",
                )
            )
    return out
