"""Is an uploaded file what it says it is, and is it allowed? One table of the kinds of file Rampart
knows, judged by their content (magic numbers), never by what the browser claims. Each app passes its
own allowed kinds and size limit. No Django, so it is easy to test; messages follow the NHS.UK file
upload pattern ("The selected file ...")."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from rampart.core import errors

MB = 1024 * 1024


class Refused(errors.Refused):
    """The file cannot be accepted; the reason says why in plain words. A `core.errors.Refused` like any
    other, shown the same way; its own class so a write that checks a file and claims a version (case
    evidence) can tell the file's refusal from its `Conflict`."""


@dataclass(frozen=True)
class Kind:
    label: str  # as the person uploading knows it: "PDF", "Word"
    extensions: tuple[str, ...]  # lower case; the first is the one a cleaned file is given
    mime_type: str
    signature: bytes = b""  # the magic number the content must start with
    zip_part: str = ""  # Office files: a part the archive must hold, so a .xlsx is not a .docx
    text: bool = False  # UTF-8 text with no NUL bytes

    def matches(self, data: bytes) -> bool:
        if not data.startswith(self.signature):
            return False
        if self.zip_part:
            try:
                with zipfile.ZipFile(BytesIO(data)) as archive:
                    return self.zip_part in archive.namelist()
            except zipfile.BadZipFile:
                return False
        if self.text:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return False
            return b"\x00" not in data
        return bool(self.signature)


PDF = Kind("PDF", ("pdf",), "application/pdf", signature=b"%PDF-")
PNG = Kind("PNG", ("png",), "image/png", signature=b"\x89PNG\r\n\x1a\n")
JPEG = Kind("JPEG", ("jpg", "jpeg"), "image/jpeg", signature=b"\xff\xd8\xff")
WORD = Kind(
    "Word",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    signature=b"PK\x03\x04",
    zip_part="word/document.xml",
)
EXCEL = Kind(
    "Excel",
    ("xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    signature=b"PK\x03\x04",
    zip_part="xl/workbook.xml",
)
CSV = Kind("CSV", ("csv",), "text/csv", text=True)
TEXT = Kind("text", ("txt",), "text/plain", text=True)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def identify(data: bytes, *, allowed: Sequence[Kind], max_bytes: int) -> Kind:
    """The allowed kind the content is, whatever the file is called. Only kinds with a signature can
    be found this way: text has none, so a text kind must be claimed by name (`check_named`)."""
    _check_size(data, max_bytes)
    for kind in allowed:
        if kind.signature and kind.matches(data):
            return kind
    raise Refused(must_be(allowed))


def check_named(name: str, data: bytes, *, allowed: Sequence[Kind], max_bytes: int) -> Kind:
    """The allowed kind the name's extension claims, once the content shows the claim is true."""
    ext = extension(name)
    kind = next((k for k in allowed if ext in k.extensions), None)
    if kind is None:
        raise Refused(must_be(allowed))
    _check_size(data, max_bytes)
    if not kind.matches(data):
        raise Refused(f"The selected file is not a real .{ext} file")
    return kind


def must_be(allowed: Sequence[Kind]) -> str:
    labels = [k.label for k in allowed]
    listed = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
    return f"The selected file must be a {listed}"


def smaller_than(max_bytes: int) -> str:
    """The limit in whole MB or KB, rounded down so the message never promises more than allowed."""
    if max_bytes >= MB:
        size = f"{max_bytes // MB}MB"
    else:
        size = f"{max_bytes // 1024}KB" if max_bytes >= 1024 else f"{max_bytes} bytes"
    return f"The selected file must be smaller than {size}"


def check_pixels(width: int, height: int, *, max_pixels: int) -> None:
    """Refuse an image by the size its header declares, before anything decodes its pixels: a small
    file can declare a picture that takes gigabytes and seconds to decode (a decompression bomb)."""
    if width <= 0 or height <= 0 or width * height > max_pixels:
        raise Refused(too_many_pixels(max_pixels))


def too_many_pixels(max_pixels: int) -> str:
    return f"The image is too large. It must be {max_pixels // 1_000_000} megapixels or fewer"


def check_pages(count: int, *, max_pages: int) -> None:
    if count > max_pages:
        raise Refused(f"The PDF has too many pages. It must have {max_pages} pages or fewer")


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise Refused("The selected file is empty")
    if len(data) > max_bytes:
        raise Refused(smaller_than(max_bytes))
