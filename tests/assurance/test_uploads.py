"""Evidence files: the kinds and limit a provider may upload (content checks: tests/core/test_uploads.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from rampart.assurance.uploads import MAX_BYTES, check_upload
from rampart.core.uploads import Refused


def _office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(part, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        (
            "paper.docx",
            _office("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "figures.xlsx",
            _office("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("figures.csv", b"Period,Headcount\n2025/26,8040\n", "text/csv"),
        ("notes.txt", "Über notes".encode(), "text/plain"),
        ("policy.pdf", b"%PDF-1.7 ...", "application/pdf"),
    ],
)
def test_evidence_may_be_office_text_or_pdf_files(name, data, content_type):
    checked = check_upload(name, data)
    assert (checked.content_type, checked.size) == (content_type, len(data))


def test_the_stored_name_keeps_the_extension_given():
    assert check_upload("photo.JPEG", b"\xff\xd8\xff\xe0rest").stored_name.endswith(".jpeg")


def test_other_kinds_are_refused_with_the_evidence_list():
    with pytest.raises(
        Refused, match=r"^The selected file must be a PDF, Word, Excel, CSV, text, PNG or JPEG$"
    ):
        check_upload("run.exe", b"MZ")


def test_evidence_must_be_smaller_than_10mb():
    assert check_upload("big.txt", b"a" * MAX_BYTES).size == MAX_BYTES
    with pytest.raises(Refused, match=r"^The selected file must be smaller than 10MB$"):
        check_upload("huge.txt", b"a" * (MAX_BYTES + 1))


def test_names_are_made_safe_and_never_used_for_storage():
    checked = check_upload("..\\..\\evil/<script>.txt", b"x")
    assert checked.original_name == "_script_.txt"
    assert "script" not in checked.stored_name
