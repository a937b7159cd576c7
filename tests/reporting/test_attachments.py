import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from rampart.reporting import attachments


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
    cleaned = attachments.clean(raw, "IMG_0001.JPG")
    assert b"Secret Photographer" not in cleaned.content
    assert b"PhoneMaker" not in cleaned.content
    assert not Image.open(io.BytesIO(cleaned.content)).getexif()
    assert (cleaned.content_type, cleaned.name) == ("image/jpeg", "IMG_0001.jpg")


def test_pdf_author_is_removed():
    raw = pdf_with_author()
    cleaned = attachments.clean(raw, "statement.pdf")
    assert b"Dr Secret Author" not in cleaned.content
    assert not (PdfReader(io.BytesIO(cleaned.content)).metadata or {}).get("/Author")


def test_png_is_accepted_and_redrawn():
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, format="PNG")
    assert attachments.clean(out.getvalue(), "x.png").content_type == "image/png"


def test_file_type_is_judged_by_content_not_name():
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    cleaned = attachments.clean(out.getvalue(), "screenshot.jpg")
    assert (cleaned.content_type, cleaned.name) == ("image/png", "screenshot.png")


def test_only_photos_and_pdfs_are_accepted():
    with pytest.raises(attachments.Refused, match=r"^The selected file must be a JPEG, PNG or PDF$"):
        attachments.clean(b"PK\x03\x04 a word document", "statement.docx")


def test_a_broken_image_is_refused_kindly():
    with pytest.raises(attachments.Refused, match="could not be read"):
        attachments.clean(b"\xff\xd8\xff" + b"\x00" * 50, "broken.jpg")


def test_files_over_10mb_are_refused():
    with pytest.raises(attachments.Refused, match=r"^The selected file must be smaller than 10MB$"):
        attachments.clean(b"%PDF-" + b"0" * attachments.MAX_BYTES, "big.pdf")


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
    assert content.startswith("enc:v1:")


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
