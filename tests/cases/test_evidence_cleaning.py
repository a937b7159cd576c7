"""Case evidence goes through the same cleaning as report attachments (reporting.attachments.clean):
a PDF is rebuilt with nothing but its pages, and the file is stored as evidence-N, never under the name
it was sent with."""

import base64
import io

import pytest
from pypdf import PdfReader

from rampart.cases import services
from rampart.cases.models import Evidence
from rampart.reporting.attachments import Refused
from tests.reporting import crafted_pdf
from tests.reporting.test_attachments import jpeg_with_exif

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigating(case, alice, investigator):
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="no",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    services.assign_investigation(
        actor=alice, case=case, version=None, terms_of_reference="t", investigators=[investigator]
    )
    case.refresh_from_db()
    return case


def add(case, investigator, raw, name):
    return services.add_evidence(
        actor=investigator, case=case, version=None, description="Statement", raw=raw, name=name
    )


def test_evidence_pdfs_are_rebuilt_without_metadata_annotations_scripts_or_embedded_files(
    investigating, investigator
):
    evidence = add(investigating, investigator, crafted_pdf.crafted_pdf(), "Jane Smith statement.pdf")
    content = base64.b64decode(Evidence.objects.get(pk=evidence.pk).content)
    left = list(crafted_pdf.every_object(content))
    for secret in crafted_pdf.SECRETS:
        assert not any(secret.encode() in text for _, text in left), secret
    assert crafted_pdf.GPS_POINTER not in content
    assert not set().union(*(keys for keys, _ in left)) & crafted_pdf.FORBIDDEN_KEYS
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1


def test_evidence_is_stored_as_evidence_n_never_under_the_name_it_was_sent_with(investigating, investigator):
    first = add(investigating, investigator, jpeg_with_exif(), "IMG_20261201_Jane_Smith.jpg")
    second = add(investigating, investigator, crafted_pdf.crafted_pdf(), "Jane Smith statement.pdf")
    assert (first.name, second.name) == ("evidence-1.jpg", "evidence-2.pdf")


def test_oversized_images_are_refused_as_evidence_too(investigating, investigator):
    with pytest.raises(Refused, match="The image is too large"):
        add(investigating, investigator, crafted_pdf.big_image_pdf(12_000, 12_000), "scan.pdf")
    assert not Evidence.objects.exists()
