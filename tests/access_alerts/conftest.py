"""Personas for access alerts: Priya reviews Trust A's alerts; Pete is Trust B's privacy officer and
must see nothing of Trust A's; Alice (case handler, Trust A) must not see the queue."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rampart.access_alerts import rules, services
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def priya(orgs):
    return MembershipFactory(
        user=UserFactory(email="priya@trust-a.nhs.uk", first_name="Priya", last_name="Privacy"),
        organisation=orgs["trust_a"],
        role="privacy_officer",
    ).user


@pytest.fixture
def pete(orgs):
    return MembershipFactory(
        user=UserFactory(email="pete@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="privacy_officer"
    ).user


def at(hour: int, minute: int = 0, second: int = 0, day: int = 15) -> datetime:
    return datetime(2025, 1, day, hour, minute, second, tzinfo=UTC)


ALERTS_CSV = (
    '"rank","user_id","patient_id","first_ts","last_ts","events","explained","rules","score"\n'
    '1,"100","23","2025-01-15T12:32:49Z","2025-01-15T12:40:00Z",3,false,"VIP;PILE_ON",10.4798\n'
    '2,"143",,"2025-01-15T08:01:15Z","2025-01-15T17:56:59Z",2,false,"BULK",8.4449\n'
    '3,"16","837","2025-01-14T12:50:52Z","2025-01-15T09:59:20Z",1,true,"FAMILY",4.5\n'
)
EVENTS_CSV = (
    "event_id,ts,user_id,patient_id,action,workstation,site,btg_reason\n"
    "1,2025-01-15T12:32:49,100,23,view,WS1,Main,\n"
    "2,2025-01-15T12:35:00,100,23,print,WS1,Main,\n"
    "3,2025-01-15T12:40:00,100,23,view,WS1,Main,=HYPERLINK(1)\n"
    "4,2025-01-15T12:41:00,100,23,view,WS1,Main,\n"  # after the alert's last access
    "5,2025-01-15T09:00:00,143,501,view,WS2,Main,\n"
    "6,2025-01-15T09:01:00,143,502,view,WS2,Main,\n"
    "7,2025-01-15T10:00:00,999,23,view,WS3,Main,\n"  # nobody alerted
)


def alert_rows() -> list[rules.AlertRow]:
    return rules.read_alerts("alerts.csv", ALERTS_CSV.encode())


def event_rows() -> list[rules.AccessEvent]:
    import io

    return rules.read_events("events.csv", io.BytesIO(EVENTS_CSV.encode()), alert_rows())


@pytest.fixture
def imported(priya, orgs):
    """Trust A's scan, with its events, imported by Priya."""
    return services.import_scan(
        actor=priya, organisation=orgs["trust_a"], source="test", alerts=alert_rows(), events=event_rows()
    )
