"""The `rampart` command on start-up: clear messages for bad configuration, clean deploy check."""

import base64
import os
import subprocess
import sys

import pytest


def _key(prefix: str) -> str:
    return f"{prefix}:" + base64.b64encode(os.urandom(32)).decode()


def run(tmp_path, *args, **env):
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "RAMPART_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    return subprocess.run(
        [sys.executable, "-m", "rampart.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


GOOD = {
    "RAMPART_SECRET_KEY": "s" * 60 + "Q9-x",
    "RAMPART_DATA_KEY": _key("k1"),
    "RAMPART_INDEX_KEY": _key("i1"),
    "RAMPART_AUDIT_KEY": _key("a1"),
}


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run(tmp_path, "check", "--deploy", **GOOD, RAMPART_ALLOWED_HOSTS="rampart.example.nhs.uk")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_explained(tmp_path):
    result = run(tmp_path, "check", RAMPART_DATA_KEY=GOOD["RAMPART_DATA_KEY"])
    assert result.returncode == 2
    assert "RAMPART_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nonsense", "must be 'keyid:base64key'"),
        ("k1:!!!", "not valid base64"),
        ("k1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
    ],
)
def test_malformed_data_key_is_explained(tmp_path, value, message):
    result = run(tmp_path, "check", **{**GOOD, "RAMPART_DATA_KEY": value})
    assert result.returncode == 2
    assert message in result.stderr


def test_malformed_boolean_is_explained(tmp_path):
    result = run(tmp_path, "check", **GOOD, RAMPART_DEBUG="perhaps")
    assert result.returncode == 2
    assert "RAMPART_DEBUG must be true or false" in result.stderr


def test_unreachable_database_is_explained(tmp_path):
    result = run(
        tmp_path,
        "migrate",
        **GOOD,
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere",  # nothing listens on port 9
        RAMPART_DATABASE_WAIT_SECONDS="1",  # the default 30 s would only slow the test
    )
    assert result.returncode == 2
    assert "cannot use the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_local_creates_keys_once(tmp_path):
    assert run(tmp_path, "init-local").returncode == 0
    first = (tmp_path / "var" / "data_key").read_text()
    run(tmp_path, "init-local")
    assert (tmp_path / "var" / "data_key").read_text() == first


def test_production_never_starts_on_the_development_keys_under_var(tmp_path):
    """`make demo` writes keys under var/; a server without RAMPART_DEMO must not pick them up."""
    assert run(tmp_path, "init-local").returncode == 0
    production = run(tmp_path, "check")
    assert production.returncode == 2
    assert "RAMPART_SECRET_KEY is not set" in production.stderr
    assert "read only with RAMPART_DEMO=true" in production.stderr
    demo = run(tmp_path, "check", RAMPART_DEMO="true")
    assert demo.returncode == 0, demo.stderr
