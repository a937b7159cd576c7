"""Development keys for `make demo`: written under var/ once, never overwritten."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def init_local(argv: list[str]) -> int:
    var = Path(os.environ.get("RAMPART_VAR_DIR", "var"))
    var.mkdir(parents=True, exist_ok=True)
    (var / "static").mkdir(exist_ok=True)
    wanted = {
        "secret_key": lambda: secrets.token_urlsafe(50),
        "data_key": lambda: "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "index_key": lambda: "i1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "audit_key": lambda: "a1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    for name, make in wanted.items():
        path = var / name
        if not path.exists():
            path.write_text(make() + "\n")
            path.chmod(0o600)
            print(f"created {path}")
    return 0
