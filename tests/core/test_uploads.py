"""One place decides whether an uploaded file is what it claims to be: by its content, not its name."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.core import uploads
from rampart.core.uploads import CSV, EXCEL, JPEG, PDF, PNG, TEXT, WORD, Refused

EVERY_KIND = (PDF, PNG, JPEG, WORD, EXCEL, CSV, TEXT)
SIGNED = tuple(k for k in EVERY_KIND if k.signature and not k.zip_part)
LIMIT = 2048


def office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(part, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("policy.pdf", b"%PDF-1.7 ...", PDF),
        ("chart.PNG", b"\x89PNG\r\n\x1a\nrest", PNG),
        ("photo.jpeg", b"\xff\xd8\xff\xe0rest", JPEG),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest", JPEG),
        ("paper.docx", office("word/document.xml"), WORD),
        ("figures.xlsx", office("xl/workbook.xml"), EXCEL),
        ("figures.csv", b"Period,Headcount\n2025/26,8040\n", CSV),
        ("notes.txt", "Über notes".encode(), TEXT),
    ],
)
def test_a_real_file_is_the_kind_its_name_claims(name, data, kind):
    assert uploads.check_named(name, data, allowed=EVERY_KIND, max_bytes=LIMIT) is kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fake.pdf", b"MZ\x90"),
        ("fake.png", b"GIF89a"),
        ("fake.jpg", b"\x89PNG"),
        ("fake.docx", b"PK not a zip"),
        ("swapped.docx", office("xl/workbook.xml")),
        ("program.docx", b"MZ\x90\x00" + office("word/document.xml")),
        ("binary.csv", b"a,b\x00c"),
        ("latin1.txt", "caf\xe9".encode("latin-1")),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_claims_is_refused(name, data):
    ext = name.rsplit(".", 1)[1]
    with pytest.raises(Refused, match=rf"^The selected file is not a real \.{ext} file$"):
        uploads.check_named(name, data, allowed=EVERY_KIND, max_bytes=LIMIT)


@pytest.mark.parametrize("name", ["run.exe", "noextension", "photo.png"])
def test_a_name_of_a_kind_not_allowed_is_refused_with_the_allowed_kinds(name):
    with pytest.raises(Refused, match=r"^The selected file must be a PDF or JPEG$"):
        uploads.check_named(name, b"%PDF-", allowed=(PDF, JPEG), max_bytes=LIMIT)


def test_content_decides_the_kind_whatever_the_name():
    assert uploads.identify(b"\x89PNG\r\n\x1a\nrest", allowed=(JPEG, PNG, PDF), max_bytes=LIMIT) is PNG


def test_content_of_a_kind_not_allowed_is_refused_with_the_allowed_kinds():
    with pytest.raises(Refused, match=r"^The selected file must be a JPEG, PNG or PDF$"):
        uploads.identify(b"MZ\x90\x00 this is a program", allowed=(JPEG, PNG, PDF), max_bytes=LIMIT)


def test_text_is_never_guessed_from_content_alone():
    with pytest.raises(Refused, match="must be a PDF or text"):
        uploads.identify(b"plain words", allowed=(PDF, TEXT), max_bytes=LIMIT)


@pytest.mark.parametrize(
    "check", [uploads.identify, lambda data, **kw: uploads.check_named("a.pdf", data, **kw)]
)
def test_the_size_limit_is_the_callers(check):
    assert check(b"%PDF-" + b"0" * (LIMIT - 5), allowed=(PDF,), max_bytes=LIMIT) is PDF
    with pytest.raises(Refused, match=r"^The selected file must be smaller than 2KB$"):
        check(b"%PDF-" + b"0" * (LIMIT - 4), allowed=(PDF,), max_bytes=LIMIT)


@pytest.mark.parametrize(
    "check", [uploads.identify, lambda data, **kw: uploads.check_named("a.pdf", data, **kw)]
)
def test_an_empty_file_is_refused(check):
    with pytest.raises(Refused, match=r"^The selected file is empty$"):
        check(b"", allowed=(PDF,), max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("max_bytes", "said"),
    [
        (10 * uploads.MB, "10MB"),
        (10 * uploads.MB + 1, "10MB"),
        (uploads.MB - 1, "1023KB"),
        (500, "500 bytes"),
    ],
)
def test_the_limit_is_said_in_whole_units_never_more_than_allowed(max_bytes, said):
    assert uploads.smaller_than(max_bytes) == f"The selected file must be smaller than {said}"


@pytest.mark.parametrize(
    ("allowed", "said"),
    [((PDF,), "a PDF"), ((PDF, PNG), "a PDF or PNG"), ((CSV, TEXT, JPEG), "a CSV, text or JPEG")],
)
def test_the_allowed_kinds_are_listed_in_the_callers_order(allowed, said):
    assert uploads.must_be(allowed) == f"The selected file must be {said}"


def test_each_extension_belongs_to_one_kind():
    extensions = [ext for kind in EVERY_KIND for ext in kind.extensions]
    assert len(extensions) == len(set(extensions))
    assert all(ext == ext.lower() for ext in extensions)


@given(st.binary(max_size=64), st.sampled_from(SIGNED))
def test_bytes_pass_as_a_signed_kind_only_if_they_start_with_its_signature(data, kind):
    assert kind.matches(data) is data.startswith(kind.signature)


@given(st.binary(max_size=64), st.sampled_from(SIGNED))
def test_anything_after_the_signature_is_that_kind(rest, kind):
    assert uploads.identify(kind.signature + rest, allowed=SIGNED, max_bytes=LIMIT) is kind


@given(st.binary(min_size=1, max_size=64))
def test_random_bytes_are_identified_only_by_a_signature_they_start_with(data):
    try:
        found = uploads.identify(data, allowed=EVERY_KIND, max_bytes=LIMIT)
    except Refused:
        assert not any(data.startswith(k.signature) for k in SIGNED)
    else:
        assert found in SIGNED
        assert data.startswith(found.signature)


@given(st.text(min_size=1, max_size=64))
def test_any_utf8_text_without_nul_is_a_text_file(text):
    data = text.encode()
    assert TEXT.matches(data) is (b"\x00" not in data)


def test_the_module_imports_no_django():
    code = "import sys, rampart.core.uploads; print(sorted(m for m in sys.modules if m.startswith('django')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("width", "height"), [(8_000, 5_001), (12_000, 12_000), (0, 10), (10, -1)])
def test_an_image_declaring_more_pixels_than_allowed_is_refused(width, height):
    with pytest.raises(Refused, match=r"^The image is too large. It must be 40 megapixels or fewer$"):
        uploads.check_pixels(width, height, max_pixels=40_000_000)


def test_an_image_at_the_pixel_limit_is_allowed():
    assert uploads.check_pixels(8_000, 5_000, max_pixels=40_000_000) is None


def test_a_pdf_with_more_pages_than_allowed_is_refused():
    assert uploads.check_pages(200, max_pages=200) is None
    with pytest.raises(Refused, match=r"^The PDF has too many pages. It must have 200 pages or fewer$"):
        uploads.check_pages(201, max_pages=200)


def test_a_file_that_starts_like_a_zip_but_is_not_one_is_not_an_office_file():
    broken = b"PK\x03\x04" + b"\0" * 64
    assert not WORD.matches(broken)
    assert not EXCEL.matches(broken)


def test_a_refused_file_is_the_one_refusal_type_with_its_reason_for_the_whole_form():
    from rampart.core import errors

    with pytest.raises(errors.Refused) as refused:
        uploads.check_named("notes.exe", b"MZ", allowed=(PDF,), max_bytes=LIMIT)
    assert isinstance(refused.value, Refused)
    assert not isinstance(refused.value, errors.Conflict)
    assert list(refused.value.items()) == [("The selected file must be a PDF", None)]
