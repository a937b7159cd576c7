"""Checks for evidence files: what the content really is (not what the name or browser claims),
size, and a safe stored name. No Django, so it is easy to test."""

from __future__ import annotations

import re
import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "txt": "text/plain",
}
_OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class UploadProblem(ValueError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    stored_name: str
    original_name: str
    content_type: str
    size: int


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _content_matches(ext: str, data: bytes) -> bool:
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext in _OFFICE_PART:
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                return _OFFICE_PART[ext] in archive.namelist()
        except zipfile.BadZipFile:
            return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Raise UploadProblem with a message for the person uploading, or say how to store the file."""
    ext = _extension(name)
    if ext not in ALLOWED:
        raise UploadProblem("The selected file must be a PDF, Word, Excel, CSV, text, PNG or JPEG file")
    if not data:
        raise UploadProblem("The selected file is empty")
    if len(data) > MAX_BYTES:
        raise UploadProblem("The selected file must be smaller than 10MB")
    if not _content_matches(ext, data):
        raise UploadProblem(f"The selected file is not a real .{ext} file")
    readable = re.sub(r"[^A-Za-z0-9._ -]", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:100]
    return CheckedUpload(f"{secrets.token_hex(16)}.{ext}", readable, ALLOWED[ext], len(data))
