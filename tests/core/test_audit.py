import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from rampart.core import audit
from rampart.core.models import AuditAction, AuditEntry


def _tamper(entry_id: int, **changes) -> None:
    """Change a row behind the application's back, as someone with database access might."""
    sets = ", ".join(f"{k} = %s" for k in changes)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As a superuser might: switch off triggers for this session only.
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER rampart_audit_no_update")
        cursor.execute(f"UPDATE core_auditentry SET {sets} WHERE id = %s", [*changes.values(), entry_id])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def three_entries(alice, orgs):
    return [
        audit.record(
            actor=alice,
            action=AuditAction.READ,
            obj=orgs["trust_a"],
            organisation=orgs["trust_a"],
            detail={"n": n},
        )
        for n in range(3)
    ]


def test_each_entry_is_chained_to_the_one_before(three_entries):
    first, second, third = three_entries
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash


def test_entry_records_who_when_where_what(three_entries, alice, orgs):
    entry = three_entries[0]
    assert entry.actor == alice
    assert entry.actor_label == alice.email
    assert entry.organisation == orgs["trust_a"]
    assert entry.object_type == "organisations.organisation"
    assert entry.object_id == str(orgs["trust_a"].pk)


def test_verify_passes_on_an_untouched_log(three_entries, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_verify_finds_a_changed_entry(three_entries):
    _tamper(three_entries[1].id, actor_label="someone-else@example.com")
    with pytest.raises(CommandError, match=f"entry {three_entries[1].id}"):
        call_command("audit", "verify")


def test_verify_finds_a_changed_detail(three_entries):
    _tamper(three_entries[0].id, detail='{"n": 99}')
    _, broken = audit.verify()
    assert broken is not None
    assert broken.id == three_entries[0].id
    assert "keyed hash" in broken.problem


def test_the_database_refuses_to_update_an_entry(three_entries):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=three_entries[0].pk).update(actor_label="x")


def test_deleting_an_entry_is_refused_or_found(three_entries):
    """PostgreSQL refuses the delete; on SQLite (demo only) the gap in the numbers is found."""
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=three_entries[1].pk).delete()
        assert audit.verify()[1] is None
    else:
        AuditEntry.objects.filter(pk=three_entries[1].pk).delete()
        broken = audit.verify()[1]
        assert broken is not None
        assert broken.id == three_entries[2].id
        assert "missing" in broken.problem


def test_an_entry_rolls_back_with_the_change_it_describes(alice):
    before = AuditEntry.objects.count()

    def failing_change():
        with transaction.atomic():
            audit.record(actor=alice, action=AuditAction.UPDATE)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert AuditEntry.objects.count() == before


def test_entries_are_numbered_without_gaps_even_after_a_rollback(alice):
    first = audit.record(actor=alice, action=AuditAction.READ)

    def failing_change():
        with transaction.atomic():
            audit.record(actor=alice, action=AuditAction.UPDATE)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    after = audit.record(actor=alice, action=AuditAction.READ)
    assert after.id == first.id + 1
    assert audit.verify() == (first.id + 1, None)


def test_record_keeps_the_time_it_is_given_in_utc(alice):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    summer_midnight = datetime(2026, 7, 1, tzinfo=ZoneInfo("Europe/London"))
    entry = audit.record(actor=None, action=AuditAction.CREATE, actor_label="reporter", at=summer_midnight)
    day = audit.record(actor=None, action=AuditAction.CREATE, actor_label="reporter", at=date(2026, 7, 2))
    entry.refresh_from_db()
    day.refresh_from_db()
    assert entry.at == summer_midnight
    assert day.at.isoformat() == "2026-07-02T00:00:00+00:00"
    assert audit.verify()[1] is None
