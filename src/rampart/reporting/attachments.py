"""Attachments: accepted by what the file is (not its name), cleaned of hidden metadata."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from django.db import transaction

from rampart.core import uploads
from rampart.core.uploads import Refused as Refused  # cases and the views catch it from here
from rampart.reporting.models import Attachment, ReportDraft

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED = (uploads.JPEG, uploads.PNG, uploads.PDF)


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    name: str


def clean(raw: bytes, original_name: str) -> CleanFile:
    """Judged by content alone: a photo saved with the wrong extension is still a photo."""
    kind = uploads.identify(raw, allowed=ALLOWED, max_bytes=MAX_BYTES)
    try:
        content = _strip_pdf(raw) if kind is uploads.PDF else _strip_image(raw, kind.mime_type)
    except Exception as exc:
        raise Refused("The file could not be read. Check it opens on your device and try again") from exc
    stem = "".join(ch for ch in original_name.rsplit(".", 1)[0] if ch.isalnum() or ch in " -_")[:80]
    return CleanFile(content, kind.mime_type, f"{stem or 'file'}.{kind.extensions[0]}")


def _strip_image(raw: bytes, kind: str) -> bytes:
    """Re-draw the pixels into a new image: EXIF (location, device, author) and text chunks stay behind."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(raw)) as image:
        upright = ImageOps.exif_transpose(image)
        pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        if upright.mode == "P" and upright.getpalette():
            pixels.putpalette(upright.getpalette())
    out = io.BytesIO()
    if kind == "image/jpeg":
        pixels.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        pixels.save(out, format="PNG")
    return out.getvalue()


def _strip_pdf(raw: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(raw))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer._info = None
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_to_draft(draft: ReportDraft, raw: bytes, original_name: str) -> Attachment:
    if Attachment.objects.filter(draft=draft).count() >= MAX_FILES:
        raise Refused(f"You can add up to {MAX_FILES} files")
    cleaned = clean(raw, original_name)
    with transaction.atomic():
        return Attachment.objects.create(
            draft=draft,
            name=cleaned.name,
            content_type=cleaned.content_type,
            size=len(cleaned.content),
            content=base64.b64encode(cleaned.content).decode(),
        )


def content_of(attachment: Attachment) -> bytes:
    return base64.b64decode(attachment.content)
