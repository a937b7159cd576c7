"""The audit log against its signed checkpoints: what deleting, re-chaining or forging looks like to
`rampart audit verify` (issue 14, finding 3)."""

import json

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from rampart.core import audit
from rampart.core.hashchain import GENESIS, checkpoint_line, entry_hash, entry_mac
from rampart.core.models import AuditAction, AuditEntry


def behind_the_back(sql: str, params=()) -> None:
    """Write to the table as someone with database access might, past the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS rampart_audit_no_update")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def rechain(hash_of) -> None:
    """Renumber what is left 1, 2, 3 ... and recompute every link with `hash_of(previous, id, fields)`,
    as someone covering up a deletion would."""
    previous = GENESIS
    for number, entry in enumerate(AuditEntry.objects.order_by("id"), start=1):
        new_hash = hash_of(previous, number, entry.chained_fields())
        behind_the_back(
            "UPDATE core_auditentry SET id = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [number, previous, new_hash, entry.id],
        )
        previous = new_hash


@pytest.fixture
def checkpoint_file(tmp_path, settings):
    path = tmp_path / "audit-checkpoints.jsonl"
    settings.RAMPART_AUDIT_CHECKPOINT_FILE = str(path)
    settings.RAMPART_AUDIT_SYSLOG = ""
    return path


@pytest.fixture
def five_entries(db, checkpoint_file):
    return [
        audit.record(actor=None, action=AuditAction.READ, actor_label="x", detail={"n": n}) for n in range(5)
    ]


def verify_fails(match: str) -> None:
    with pytest.raises(CommandError, match=match) as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1


def test_verify_passes_on_an_intact_log_with_its_checkpoints(five_entries, capsys):
    call_command("audit", "checkpoint")
    audit.record(actor=None, action=AuditAction.READ, actor_label="after the checkpoint")
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    assert "audit log intact: 6 entries verified against 2 checkpoints" in capsys.readouterr().out


def test_deleting_the_newest_entries_is_found_against_the_checkpoint(five_entries):
    call_command("audit", "checkpoint")
    behind_the_back("DELETE FROM core_auditentry WHERE id > %s", [five_entries[2].id])
    verify_fails(f"entry {five_entries[-1].id}: .*newest entries were deleted")


def test_deleting_a_middle_entry_and_rechaining_with_plain_sha256_is_found(five_entries):
    """What the first version could not see: no checkpoint needed, the HMAC gives it away."""
    behind_the_back("DELETE FROM core_auditentry WHERE id = %s", [five_entries[2].id])
    rechain(lambda previous, number, fields: entry_hash(previous, fields))
    verify_fails("entry 1: its contents do not match its keyed hash")


def test_a_chain_rebuilt_without_the_key_is_found(five_entries):
    behind_the_back("DELETE FROM core_auditentry WHERE id = %s", [five_entries[1].id])
    rechain(lambda previous, number, fields: entry_mac(b"a guessed key".ljust(32), previous, number, fields))
    verify_fails("rebuilt without RAMPART_AUDIT_KEY")


def test_even_with_the_key_a_rewritten_log_does_not_match_the_checkpoint(five_entries, settings):
    call_command("audit", "checkpoint")
    behind_the_back("DELETE FROM core_auditentry WHERE id = %s", [five_entries[1].id])
    rechain(lambda previous, number, fields: entry_mac(settings.RAMPART_AUDIT_KEY, previous, number, fields))
    verify_fails("newest entries were deleted")


def test_a_forged_checkpoint_is_reported(five_entries, checkpoint_file):
    call_command("audit", "checkpoint")
    behind_the_back("DELETE FROM core_auditentry WHERE id > %s", [five_entries[2].id])
    forged = json.loads(checkpoint_file.read_text().splitlines()[-1])
    forged.update(last_id=five_entries[2].id, count=3, head=five_entries[2].hash)
    with checkpoint_file.open("a") as handle:
        handle.write(json.dumps(forged) + "\n")
    verify_fails("checkpoint line 2 .* has a bad signature")


def test_a_gap_in_the_entry_numbers_is_reported_as_a_deletion(five_entries, settings):
    """Even if the next entry is re-linked with the key, the missing number remains."""
    gone, following = five_entries[2], five_entries[3]
    behind_the_back("DELETE FROM core_auditentry WHERE id = %s", [gone.id])
    relinked = entry_mac(
        settings.RAMPART_AUDIT_KEY, gone.previous_hash, following.id, following.chained_fields()
    )
    behind_the_back(
        "UPDATE core_auditentry SET previous_hash = %s, hash = %s WHERE id = %s",
        [gone.previous_hash, relinked, following.id],
    )
    verify_fails(f"entry {following.id}: entries are missing before it \\(deleted\\): number {gone.id}")


def test_the_checkpoint_file_is_appended_not_overwritten(five_entries, checkpoint_file):
    checkpoint_file.write_text("an earlier line the operator keeps\n")
    call_command("audit", "checkpoint")
    audit.record(actor=None, action=AuditAction.READ, actor_label="later")
    call_command("audit", "checkpoint")
    lines = checkpoint_file.read_text().splitlines()
    assert lines[0] == "an earlier line the operator keeps"
    assert [json.loads(line)["last_id"] for line in lines[1:]] == [
        five_entries[-1].id,
        five_entries[-1].id + 1,
    ]


def test_verify_fails_when_the_configured_checkpoint_file_is_gone(five_entries):
    verify_fails("does not exist")


def test_verify_without_a_checkpoint_file_passes_but_warns(five_entries, settings, capsys):
    settings.RAMPART_AUDIT_CHECKPOINT_FILE = ""
    call_command("audit", "verify")
    assert "deleting the newest entries would not be found" in capsys.readouterr().err


def test_checkpoint_without_a_target_says_what_to_set(db, settings):
    settings.RAMPART_AUDIT_CHECKPOINT_FILE = ""
    settings.RAMPART_AUDIT_SYSLOG = ""
    with pytest.raises(CommandError, match="RAMPART_AUDIT_CHECKPOINT_FILE"):
        call_command("audit", "checkpoint")


def test_each_sweep_writes_a_checkpoint_when_the_log_has_grown(five_entries, checkpoint_file):
    sweep = django_apps.get_app_config("core").sweep
    assert sweep() == {"audit checkpoints written": 1}
    assert sweep() == {"audit checkpoints written": 0}
    audit.record(actor=None, action=AuditAction.READ, actor_label="later")
    assert sweep() == {"audit checkpoints written": 1}
    assert len(checkpoint_file.read_text().splitlines()) == 2


def test_a_checkpoint_goes_to_syslog_when_configured(five_entries, settings, tmp_path):
    import socket

    address = str(tmp_path / "log.sock")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(address)
    settings.RAMPART_AUDIT_CHECKPOINT_FILE = ""
    settings.RAMPART_AUDIT_SYSLOG = address
    try:
        call_command("audit", "checkpoint")
        message = receiver.recv(4096).decode()
    finally:
        receiver.close()
    assert "rampart: " in message
    assert json.loads(message[message.index("{") :].rstrip("\x00"))["last_id"] == five_entries[-1].id


def test_verify_reads_checkpoints_exported_from_syslog(five_entries, tmp_path, capsys):
    checkpoint = audit.current_checkpoint()
    exported = tmp_path / "from-syslog.log"
    exported.write_text(
        f"Jan  1 00:00:00 host other: hello\nJan  1 00:00:01 host rampart: {checkpoint_line(checkpoint)}\n"
    )
    call_command("audit", "verify", "--checkpoint-file", str(exported))
    assert "against 1 checkpoints" in capsys.readouterr().out


class _Editor:
    """Just enough of a schema editor for the data migration, inside the test's transaction."""

    def __init__(self):
        self.connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _legacy_log(ids):
    """Entries as the first version wrote them: plain SHA-256, numbered by a sequence with gaps."""
    previous = GENESIS
    for entry_id in ids:
        entry = AuditEntry(
            id=entry_id, at=audit.timezone.now(), actor_label="old", action="read", detail={"i": entry_id}
        )
        entry.previous_hash = previous
        entry.hash = entry_hash(previous, entry.chained_fields())
        entry.save(force_insert=True)
        previous = entry.hash


def _rekey():
    from importlib import import_module

    import_module("rampart.core.migrations.0004_audit_keyed_chain").rekey(django_apps, _Editor())


def test_the_migration_rekeys_and_renumbers_an_old_sha256_chain(db, checkpoint_file):
    _legacy_log([3, 4, 7, 8, 12])
    _rekey()
    assert list(AuditEntry.objects.values_list("id", flat=True)) == [1, 2, 3, 4, 5]
    assert list(AuditEntry.objects.values_list("detail", flat=True)) == [{"i": i} for i in [3, 4, 7, 8, 12]]
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    assert audit.record(actor=None, action=AuditAction.READ, actor_label="new").id == 6


def test_the_migration_refuses_to_rekey_a_chain_that_is_already_broken(db):
    _legacy_log([1, 2, 3])
    behind_the_back("DELETE FROM core_auditentry WHERE id = 2")
    with pytest.raises(RuntimeError, match="already broken at entry 3"):
        _rekey()
