"""Evidence files: the kinds a provider may upload, checked by `core.uploads` against what the name
claims, and a safe stored name. No Django, so it is easy to test."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from rampart.core import uploads

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = (
    uploads.PDF,
    uploads.WORD,
    uploads.EXCEL,
    uploads.CSV,
    uploads.TEXT,
    uploads.PNG,
    uploads.JPEG,
)


@dataclass(frozen=True)
class CheckedUpload:
    stored_name: str
    original_name: str
    content_type: str
    size: int


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Raise `core.uploads.Refused` with a message for the person uploading, or say how to store the file."""
    kind = uploads.check_named(name, data, allowed=ALLOWED, max_bytes=MAX_BYTES)
    ext = uploads.extension(name)
    readable = re.sub(r"[^A-Za-z0-9._ -]", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:100]
    return CheckedUpload(f"{secrets.token_hex(16)}.{ext}", readable, kind.mime_type, len(data))
