import io
import time

import pypdf.filters
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from rampart.reporting import attachments
from tests.reporting import crafted_pdf


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (32, 24), "teal")
    exif = image.getexif()
    exif[0x013B] = "Secret Photographer"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Dr Secret Author", "/Creator": "WordProcessor"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_photo_location_and_author_are_removed():
    raw = jpeg_with_exif()
    assert b"Secret Photographer" in raw
    cleaned = attachments.clean(raw)
    assert b"Secret Photographer" not in cleaned.content
    assert b"PhoneMaker" not in cleaned.content
    assert not Image.open(io.BytesIO(cleaned.content)).getexif()
    assert (cleaned.content_type, cleaned.extension) == ("image/jpeg", "jpg")


def test_pdf_author_is_removed():
    raw = pdf_with_author()
    cleaned = attachments.clean(raw)
    assert b"Dr Secret Author" not in cleaned.content
    assert not (PdfReader(io.BytesIO(cleaned.content)).metadata or {}).get("/Author")


def test_png_is_accepted_and_redrawn():
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, format="PNG")
    assert attachments.clean(out.getvalue()).content_type == "image/png"


def test_file_type_is_judged_by_content_not_name():
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    cleaned = attachments.clean(out.getvalue())
    assert (cleaned.content_type, cleaned.extension) == ("image/png", "png")


def test_only_photos_and_pdfs_are_accepted():
    with pytest.raises(attachments.Refused, match=r"^The selected file must be a JPEG, PNG or PDF$"):
        attachments.clean(b"PK\x03\x04 a word document")


def test_a_broken_image_is_refused_kindly():
    with pytest.raises(attachments.Refused, match="could not be read"):
        attachments.clean(b"\xff\xd8\xff" + b"\x00" * 50)


def test_files_over_10mb_are_refused():
    with pytest.raises(attachments.Refused, match=r"^The selected file must be smaller than 10MB$"):
        attachments.clean(b"%PDF-" + b"0" * attachments.MAX_BYTES)


@pytest.mark.django_db
def test_attachments_travel_with_the_report_and_are_encrypted(orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from rampart.reporting.models import Attachment, Report
    from tests.reporting.test_public_journey import walk

    client = Client()
    walk(client, anonymity="anonymous")
    upload = SimpleUploadedFile("photo.jpg", jpeg_with_exif(), content_type="image/jpeg")
    assert client.post("/report/attachments/", {"file": upload, "upload": "1"}).status_code == 302
    client.post("/report/check/")
    attachment = Attachment.objects.get()
    assert attachment.report == Report.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, content FROM reporting_attachment")
        name, content = cursor.fetchone()
    assert "photo" not in name
    assert content.startswith("enc:v2:")
    assert attachment.name == "attachment-1.jpg"


@pytest.mark.django_db
def test_a_refused_file_is_explained_at_the_file_field(orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from rampart.reporting.models import Attachment
    from tests.reporting.test_public_journey import walk

    client = Client()
    walk(client, anonymity="anonymous")
    wrong = SimpleUploadedFile("notes.pdf", b"plain text", content_type="application/pdf")
    response = client.post("/report/attachments/", {"file": wrong, "upload": "1"})
    body = " ".join(response.content.decode().split())
    message = "The selected file must be a JPEG, PNG or PDF"
    assert f'<a href="#file"> {message} </a>' in body
    assert f'id="file-error"><span class="nhsuk-u-visually-hidden">Error:</span> {message}</span>' in body
    assert not Attachment.objects.exists()


def test_a_rebuilt_pdf_keeps_no_metadata_annotations_scripts_or_embedded_files():
    raw = crafted_pdf.crafted_pdf()
    assert all(secret.encode() in raw for secret in crafted_pdf.SECRETS)  # the test can see them
    cleaned = attachments.clean(raw).content
    left = list(crafted_pdf.every_object(cleaned))
    for secret in crafted_pdf.SECRETS:
        assert secret.encode() not in cleaned
        assert not any(secret.encode() in text for _, text in left), secret
    keys = set().union(*(found for found, _ in left))
    assert not keys & crafted_pdf.FORBIDDEN_KEYS
    for marker in (b"/JavaScript", b"/Annots", b"/Metadata", b"/EmbeddedFiles", b"/OpenAction"):
        assert marker not in cleaned


def test_an_image_inside_a_pdf_is_re_encoded_without_its_exif_gps_or_xmp():
    raw = crafted_pdf.crafted_pdf()
    assert crafted_pdf.GPS_POINTER in raw
    assert b"Exif\x00\x00" in raw
    cleaned = attachments.clean(raw).content
    for _, text in crafted_pdf.every_object(cleaned):
        assert crafted_pdf.GPS_POINTER not in text
        assert b"Exif" not in text
        assert b"http://ns.adobe.com/xap/1.0/" not in text
    (image,) = PdfReader(io.BytesIO(cleaned)).pages[0].images
    decoded = image.image
    assert decoded.size == crafted_pdf.IMAGE_SIZE
    assert not decoded.getexif()
    assert decoded.getpixel((20, 20))[1] > 100  # still teal


def test_a_rebuilt_pdf_still_shows_its_text_image_and_drawn_annotations():
    cleaned = attachments.clean(crafted_pdf.crafted_pdf()).content
    page = PdfReader(io.BytesIO(cleaned)).pages[0]
    assert crafted_pdf.VISIBLE_TEXT in page.extract_text()
    drawn = page.get_contents().get_data()
    assert b"/Im0 Do" in drawn
    assert b"/RampartAnnotation0 Do" in drawn  # the square's appearance, without its author or note
    assert b"58 18 re" in page["/Resources"]["/XObject"]["/RampartAnnotation0"].get_data()
    assert "/Annots" not in page


def test_an_image_of_over_40_megapixels_is_refused_before_its_pixels_are_decoded(monkeypatch):
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")
    assert len(out.getvalue()) < 200_000

    def decoded(*args, **kwargs):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", decoded)
    monkeypatch.setattr(Image, "frombytes", decoded)
    started = time.monotonic()
    with pytest.raises(
        attachments.Refused, match=r"^The image is too large. It must be 40 megapixels or fewer$"
    ):
        attachments.clean(out.getvalue())
    assert time.monotonic() - started < 1


def test_a_decompression_bomb_inside_a_pdf_is_refused_before_it_is_decompressed(monkeypatch):
    bomb = crafted_pdf.big_image_pdf(12_000, 12_000)
    assert len(bomb) < 100_000

    def decompressed(*args, **kwargs):
        raise AssertionError("the image was decompressed")

    monkeypatch.setattr(pypdf.filters.FlateDecode, "decode", decompressed)
    with pytest.raises(attachments.Refused, match=r"^The image is too large"):
        attachments.clean(bomb)


def test_a_small_flate_image_inside_a_pdf_is_kept():
    cleaned = attachments.clean(crafted_pdf.big_image_pdf(800, 600)).content
    (image,) = PdfReader(io.BytesIO(cleaned)).pages[0].images
    assert image.image.size == (800, 600)


def test_a_pdf_of_over_200_pages_is_refused():
    writer = PdfWriter()
    for _ in range(attachments.MAX_PAGES + 1):
        writer.add_blank_page(width=10, height=10)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(
        attachments.Refused, match=r"^The PDF has too many pages. It must have 200 pages or fewer$"
    ):
        attachments.clean(out.getvalue())


def test_a_pdf_with_a_password_is_refused_with_what_to_do():
    writer = PdfWriter()
    writer.add_blank_page(width=10, height=10)
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(attachments.Refused, match="protected by a password"):
        attachments.clean(out.getvalue())


@pytest.mark.parametrize(
    ("names", "number"),
    [([], 1), (["attachment-1.jpg"], 2), (["attachment-2.pdf"], 3), (["attachment-1.jpg", "x-9.pdf"], 2)],
)
def test_the_next_number_follows_the_highest_taken(names, number):
    assert attachments.next_number(names, "attachment") == number


@pytest.mark.django_db
def test_files_are_stored_as_attachment_n_never_under_the_name_they_were_sent_with():
    from django.utils import timezone

    from rampart.reporting.models import Attachment, ReportDraft

    draft = ReportDraft.objects.create(token_hash="a" * 64, updated_at=timezone.now())
    first = attachments.add_to_draft(draft, jpeg_with_exif(), "IMG_20261201_Jane_Smith.jpg")
    second = attachments.add_to_draft(draft, pdf_with_author(), "Jane Smith statement.pdf")
    assert (first.name, second.name) == ("attachment-1.jpg", "attachment-2.pdf")
    first.delete()
    third = attachments.add_to_draft(draft, jpeg_with_exif(), "IMG_20261202_Jane_Smith.jpg")
    assert third.name == "attachment-3.jpg"
    assert not any(
        "Jane" in name or "IMG" in name for name in Attachment.objects.values_list("name", flat=True)
    )
