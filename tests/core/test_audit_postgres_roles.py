"""PostgreSQL roles for the audit log (issue 14, finding 3; docs/operations-audit.md).

The migrations run as an owner role; the application runs as its own role, which
`rampart audit grant-app-role` gives INSERT and SELECT only on core_auditentry. This test builds that
for real, whatever database the rest of the suite uses: a throwaway database and two throwaway roles on
the PostgreSQL server named by DATABASE_URL when it is PostgreSQL, else by RAMPART_TEST_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/postgres, the server `make test` and CI use). Without a
reachable server it fails and says so: it is never skipped.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import errors, sql

INSERT = (
    "INSERT INTO core_auditentry"
    " (id, at, actor_label, action, object_type, object_id, detail, previous_hash, hash)"
    " VALUES (%s, now(), 'app', 'read', '', '', '{}', %s, %s)"
)


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = os.environ.get("RAMPART_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return url


@dataclass
class Server:
    host: str
    port: int
    admin_user: str
    admin_password: str

    def url(self, user: str, password: str, database: str) -> str:
        return f"postgres://{user}:{password}@{self.host}:{self.port}/{database}"

    def connect(self, user: str, password: str, database: str) -> psycopg.Connection:
        return psycopg.connect(self.url(user, password, database), autocommit=True)


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[tuple[Server, str, tuple[str, str], tuple[str, str]]]:
    """A database owned by a fresh owner role, migrated as that role, and a fresh application role."""
    parts = urlsplit(_server_url())
    server = Server(
        parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "postgres", parts.password or ""
    )
    try:
        admin = psycopg.connect(
            host=server.host,
            port=server.port,
            user=server.admin_user,
            password=server.admin_password,
            dbname="postgres",
            autocommit=True,
        )
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"this test needs a PostgreSQL server it can create a database and roles on ({exc}); "
            "set RAMPART_TEST_POSTGRES_URL or DATABASE_URL to one"
        )
    suffix = secrets.token_hex(4)
    owner = (f"rampart_owner_{suffix}", secrets.token_urlsafe(16))
    app = (f"rampart_app_{suffix}", secrets.token_urlsafe(16))
    database = f"rampart_roles_{suffix}"
    try:
        for name, password in (owner, app):
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(password)
                )
            )
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(owner[0]))
        )
        # A new database lets every role connect through PUBLIC; the application gets CONNECT by grant.
        admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))
        as_owner = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rampart.settings",
            "DATABASE_URL": server.url(*owner, database),
        }
        for command in (["migrate", "--no-input"], ["audit", "grant-app-role", "--role", app[0]]):
            done = subprocess.run(
                [sys.executable, "-m", "rampart.cli", *command],
                env=as_owner,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert done.returncode == 0, done.stderr
        yield server, database, owner, app
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        for name, _ in (app, owner):
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


def test_the_application_role_may_only_insert_and_read_the_audit_log(postgres_database):
    server, database, _, app = postgres_database
    with server.connect(*app, database) as conn:
        conn.execute(INSERT, [101, "0" * 64, "a" * 64])
        assert conn.execute("SELECT actor_label FROM core_auditentry WHERE id = 101").fetchone() == ("app",)
        count = conn.execute("SELECT count(*) FROM core_auditentry").fetchone()
        refused = {
            "UPDATE": "UPDATE core_auditentry SET actor_label = 'someone else'",
            "DELETE": "DELETE FROM core_auditentry",
            "TRUNCATE": "TRUNCATE core_auditentry",
            "DROP TRIGGER": "DROP TRIGGER rampart_audit_append_only ON core_auditentry",
        }
        for what, statement in refused.items():
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
            assert conn.execute("SELECT count(*) FROM core_auditentry").fetchone() == count, what
        # The rest of the application's tables are its to use.
        conn.execute("DELETE FROM core_ratelimitbucket")


def test_even_the_owner_role_cannot_truncate_update_or_delete_the_audit_log(postgres_database):
    server, database, owner, app = postgres_database
    with server.connect(*app, database) as conn:
        conn.execute(INSERT, [202, "0" * 64, "b" * 64])
    with server.connect(*owner, database) as conn:
        count = conn.execute("SELECT count(*) FROM core_auditentry").fetchone()
        for statement in (
            "TRUNCATE core_auditentry",
            "UPDATE core_auditentry SET actor_label = 'x'",
            "DELETE FROM core_auditentry",
        ):
            with pytest.raises(errors.RaiseException, match="append-only"):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM core_auditentry").fetchone() == count


def test_grant_app_role_refuses_the_owner_role(postgres_database):
    server, database, owner, _ = postgres_database
    done = subprocess.run(
        [sys.executable, "-m", "rampart.cli", "audit", "grant-app-role", "--role", owner[0]],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rampart.settings",
            "DATABASE_URL": server.url(*owner, database),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "owns the tables" in done.stderr
