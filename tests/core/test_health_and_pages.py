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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/sign-in/", "/report/", "/healthz", "/api/v1/organisations", "/no-such-page/"]
)
def test_every_response_refuses_browser_features_no_page_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
