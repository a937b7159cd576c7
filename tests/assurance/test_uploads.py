"""Evidence files are checked by what they contain, not by their name."""

from __future__ import annotations

import io
import zipfile

import pytest

from rampart.assurance.uploads import MAX_BYTES, UploadProblem, check_upload


def _office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(part, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("policy.pdf", b"%PDF-1.7 ..."),
        ("chart.PNG", b"\x89PNG\r\n\x1a\nrest"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0rest"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest"),
        ("paper.docx", _office("word/document.xml")),
        ("figures.xlsx", _office("xl/workbook.xml")),
        ("figures.csv", b"Period,Headcount\n2025/26,8040\n"),
        ("notes.txt", "Über notes".encode()),
    ],
)
def test_real_files_are_accepted(name, data):
    checked = check_upload(name, data)
    assert checked.size == len(data)
    assert checked.stored_name.endswith("." + name.rsplit(".", 1)[1].lower())


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("run.exe", b"MZ", "must be a PDF, Word, Excel"),
        ("noextension", b"%PDF-", "must be a PDF, Word, Excel"),
        ("empty.pdf", b"", "is empty"),
        ("fake.pdf", b"MZ\x90", "not a real .pdf file"),
        ("fake.png", b"GIF89a", "not a real .png file"),
        ("fake.jpg", b"\x89PNG", "not a real .jpg file"),
        ("fake.docx", b"PK not a zip", "not a real .docx file"),
        ("swapped.docx", _office("xl/workbook.xml"), "not a real .docx file"),
        ("binary.csv", b"a,b\x00c", "not a real .csv file"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "not a real .txt file"),
        ("huge.txt", b"a" * (MAX_BYTES + 1), "smaller than 10MB"),
    ],
)
def test_bad_files_are_refused_with_a_message(name, data, problem):
    with pytest.raises(UploadProblem, match=problem):
        check_upload(name, data)


def test_names_are_made_safe_and_never_used_for_storage():
    checked = check_upload("..\\..\\evil/<script>.txt", b"x")
    assert checked.original_name == "_script_.txt"
    assert "script" not in checked.stored_name
