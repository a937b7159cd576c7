"""NUL characters never reach the database (PostgreSQL cannot store them, so they used to surface as
server errors): taken out of what people type on the pages, refused by the API with a 422 naming
the field, and refused with the 400 page in a path or a cookie."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rampart.accounts.services import create_api_token

pytestmark = pytest.mark.django_db


def test_a_search_with_a_nul_searches_without_it(alice, as_user, orgs):
    from tests.factories import CaseFactory

    case = CaseFactory(organisation=orgs["trust_a"])
    client = as_user(alice)
    found = client.get(f"/cases/?queue=all&q={case.reference[:6]}%00")
    assert found.status_code == 200
    assert case.reference in found.content.decode()
    assert client.get("/cases/?state%00=x").status_code == 200


def test_a_nul_in_the_path_is_refused_with_the_problem_page(alice, as_user):
    response = as_user(alice).get("/cases/CASE-%00/")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


def test_a_nul_in_a_cookie_is_refused():
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


def test_a_nul_typed_into_a_form_is_taken_out_and_the_rest_kept(alice, as_user):
    from rampart.cases.models import Case

    response = as_user(alice).post("/cases/new/", {"summary": "Seen\x00 on CCTV"})
    assert response.status_code == 302
    assert Case.objects.get().summary == "Seen on CCTV"


def test_a_nul_in_an_api_body_is_a_422_naming_the_field(alice):
    token = create_api_token(alice, "t")[1]
    body = {"organisation": "RA1", "candidate_name": "Sam\x00"}
    response = Client().post(
        "/api/v1/onboarding-checks",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.json() == {"errors": {"candidate_name": "Null characters are not allowed"}}


def test_a_nul_in_a_json_key_or_nested_list_is_refused():
    for body, field in (({"a\x00": 1}, "body"), ({"a": [{"b": ["ok", "x\x00"]}]}, "a.0.b.1")):
        response = Client().post("/api/v1/reports", json.dumps(body), content_type="application/json")
        assert response.status_code == 422
        assert response.json() == {"errors": {field: "Null characters are not allowed"}}


def test_a_nul_in_an_api_query_is_named_too(alice):
    response = Client().get("/api/v1/organisations?search=Riv%00")
    assert response.status_code == 422
    assert response.json() == {"errors": {"search": "Null characters are not allowed"}}


def test_text_without_nul_passes_through_to_the_api():
    response = Client().post(
        "/api/v1/reports", json.dumps({"organisation": "RA1"}), content_type="application/json"
    )
    assert response.status_code == 422  # the API's own checks answer


def test_an_upload_form_keeps_its_file_when_a_nul_is_taken_out():
    """Multipart forms: the text loses its NUL, the file is untouched."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import HttpResponse
    from django.test import RequestFactory

    from rampart.core.middleware import RejectNullCharactersMiddleware

    seen = {}

    def view(request):
        seen.update(note=request.POST["note"], file=request.FILES["evidence"].read())
        return HttpResponse()

    request = RequestFactory().post(
        "/report/attachments/", {"note": "a\x00b", "evidence": SimpleUploadedFile("e.pdf", b"%PDF-1\x00")}
    )
    RejectNullCharactersMiddleware(view)(request)
    assert seen == {"note": "ab", "file": b"%PDF-1\x00"}
