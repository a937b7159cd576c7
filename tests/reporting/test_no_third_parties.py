"""A reporter's browser fetches nothing from anyone but Rampart: no fonts, styles, scripts or images
from another origin, which would see the reporter's address and the time of every page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.reporting.test_public_journey import walk

pytestmark = pytest.mark.django_db

OTHER_ORIGIN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


class Fetched(HTMLParser):
    """Every address the page makes the browser fetch or send to by itself (links are not)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "srcset", "data", "poster", "action", "formaction"):
            if found.get(name):
                self.urls.append(str(found[name]))
        if tag == "link" and found.get("href"):
            self.urls.append(str(found["href"]))
            if "stylesheet" in (found.get("rel") or ""):
                self.stylesheets.append(str(found["href"]))
        self.urls.extend(CSS_URL.findall(found.get("style") or ""))


def _public_pages() -> list[str]:
    client = Client()
    pages = [client.get(path).content.decode() for path in ("/report/", "/report/organisation/?q=Trust")]
    pages.append(client.get("/report/inbox/").content.decode())
    pages.append(client.get("/report/inbox/email/").content.decode())
    pages.append(client.get("/report/organisations/?q=Trust").content.decode())
    pages.append(client.get("/report/organisations/RA1/").content.decode())
    walk(client, anonymity="anonymous")
    pages.append(client.get("/report/check/").content.decode())
    done = client.post("/report/check/").content.decode()
    pages.append(done)
    typed = re.search(r'data-testid="receipt-code"[^>]*>([\d ]+)<', done)
    assert typed, "the confirmation page shows the receipt code"
    client.post("/report/inbox/", {"code": typed.group(1)})
    pages.append(client.get("/report/inbox/messages/").content.decode())
    return pages


def _served(url: str) -> str:
    path = finders.find(url.removeprefix("/static/").split("?")[0])
    assert path, f"{url} is served by Rampart"
    with open(path, encoding="utf-8") as stylesheet:
        return stylesheet.read()


def test_public_pages_and_their_stylesheets_fetch_nothing_from_another_origin(orgs):
    fetched, stylesheets = [], set()
    for page in _public_pages():
        parser = Fetched()
        parser.feed(page)
        fetched += parser.urls
        stylesheets |= set(parser.stylesheets)
    assert fetched
    assert [url for url in fetched if OTHER_ORIGIN.match(url)] == []
    assert any("nhsuk-frontend" in sheet for sheet in stylesheets)
    for sheet in stylesheets:
        css = _served(sheet)
        assert re.findall(r"https?://[^\s)\"']+", css) == [], sheet
        assert [url for url in CSS_URL.findall(css) if OTHER_ORIGIN.match(url)] == [], sheet


def test_the_content_security_policy_names_no_other_origin(db):
    policy = Client().get("/report/")["Content-Security-Policy"]
    assert "https://" not in policy
    assert "http://" not in policy
    assert re.search(r"font-src 'self'(;|$)", policy)
