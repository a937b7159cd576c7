from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("rampart.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/sign-in/", "/accessibility/", "/privacy/"])
def test_public_pages_render_with_the_nhs_layout_and_a_csp_nonce(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="nhsuk-header' in html
    assert "Skip to main content" in html
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_shows_a_page_not_a_stack_trace(client):
    client.raise_request_exception = False
    with mock.patch("rampart.accounts.views.render", side_effect=RuntimeError("secret detail")):
        response = client.get("/sign-in/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "secret detail" not in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_the_csp_lets_nothing_load_from_another_origin(client):
    """The vendored NHS.UK stylesheet names no other host (its Frutiger fonts lived on NHS England's
    asset host, which saw every reporter's address), and the CSP allows only this site."""
    import re
    from pathlib import Path

    from django.conf import settings

    css = Path(settings.PACKAGE_DIR, "core/static/vendor/nhsuk/nhsuk-frontend.min.css").read_text()
    assert "nhsuk-" in css, "the vendored stylesheet is missing: run make assets"
    assert not re.findall(r"url\((?:['\"])?(?:https?:)?//", css)
    policy = client.get("/")["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["font-src"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/sign-in/", "/report/", "/healthz", "/api/v1/organisations", "/no-such-page/"]
)
def test_every_response_refuses_browser_features_no_page_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
@pytest.mark.parametrize("path", ["/", "/report/", "/sign-in/", "/api/v1/organisations"])
def test_methods_no_page_uses_are_refused(client, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


@pytest.mark.django_db
def test_the_api_over_plain_http_is_refused_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    api = client.get("/api/v1/organisations")
    assert api.status_code == 403
    assert "HTTPS" in api.json()["detail"]
    assert client.get("/api/v1/organisations", secure=True).status_code == 200
    assert client.get("/sign-in/").status_code == 301  # pages still move to HTTPS


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_recorded_without_an_address_or_time_of_day():
    from django.test import Client

    from rampart.core.models import AuditAction, AuditEntry

    response = Client(enforce_csrf_checks=True).post("/report/", {"x": "1"}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert entry.detail == {"attempted": "a form without a valid CSRF token", "path": "/report/"}
    assert entry.actor is None
    assert (entry.at.hour, entry.at.minute, entry.at.second, entry.at.microsecond) == (0, 0, 0, 0)
    assert "10.9.8.7" not in str(AuditEntry.objects.values().get())


def test_passwords_have_no_composition_rules():
    from django.contrib.auth.password_validation import validate_password

    validate_password("7302 9185 4417 2296")
    validate_password("730291854417229633")  # digits only, long and not a common password
