"""No page answers bad input with a server error. On the demo data, as people in different roles, walk
the internal links from the home page; on every page, send each form back with awkward answers in
every field (very long text, markup and control characters, impossible numbers and dates, choices
that are not offered), keeping the hidden fields (CSRF token, version) as the page gave them.
Every answer must be a page or a redirect, never a 5xx."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from rampart.accounts.models import Role, User
from rampart.cases.views import ACTIONS
from tests.conftest import signed_in_client
from tests.factories import CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PEOPLE = (
    "alice.handler@riverside.example",
    "priya.privacy@riverside.example",
    "adam.admin@riverside.example",
    "cara.clinician@riverside.example",
    "erin.handler@eastmoor.example",
    "bob.reviewer@riverside.example",
    "ivy.investigator@riverside.example",
    "bea.board@riverside.example",
    "isla.icb@northriverside.example",
    "gp.handler@parkview.example",
    "",  # someone not signed in: the public pages and the reporting journey
)
AWKWARD = (
    "x" * 6000,
    "<script>alert(1)</script>\u202e\x00\u2028 '; --",
    "99999999999999999999999",
    "2026-02-30",
)
# What each turn types into the day, month and year boxes of a date (core.forms.DateField): an impossible
# day, NUL characters, a twenty-digit year, non-digits (letters, a superscript, other scripts' digits),
# and huge numbers in every box.
DATE_PARTS = (
    ("31", "2", "2026"),
    ("1\x00", "\x00", "20\x0026"),
    ("1", "1", "9" * 20),
    ("十", "²", "twenty"),
    ("9" * 20, "9" * 25, "٢٠٢٦"),
    ("-1", "0", "-2026"),
)
# Names the pages read from their address (filters, searches, paging).
QUERY = (
    "page",
    "q",
    "status",
    "state",
    "queue",
    "rule",
    "sort",
    "search",
    "start",
    "end",
    "item",
    "holder",
    "professional",
    "change",
    "next",
    "organisation",
    "period",
    "department",
    "clinician",
)
# Signing out or changing one's own sign-in would end the walk; the rest is fair game.
SKIP = ("/sign-out", "/account/", "/static/", "/api/")
MAX_PAGES = 40


class Page(HTMLParser):
    """The links and POST forms of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "hidden": {}, "text": [], "choices": {}, "files": []}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind == "hidden":
                self._form["hidden"][a["name"]] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self._form["choices"].setdefault(a["name"], []).append(a.get("value", "on"))
            elif kind == "file":
                self._form["files"].append(a["name"])
            elif kind not in ("submit", "button"):
                self._form["text"].append(a["name"])
        elif tag == "textarea":
            self._form["text"].append(a["name"])
        elif tag == "select":
            self._select = a["name"]
            self._form["choices"].setdefault(a["name"], [])
        elif tag == "option" and self._select:
            self._form["choices"][self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def answers(form: dict, awkward: str, turn: int) -> dict:
    data: dict = dict(form["hidden"])
    for name in form["text"]:
        data[name] = awkward
        for index, part in enumerate(("_day", "_month", "_year")):
            if name.endswith(part):
                data[name] = DATE_PARTS[turn % len(DATE_PARTS)][index]
    for name, values in form["choices"].items():
        # Alternate between an offered choice and one that is not offered.
        data[name] = values[turn % len(values)] if values and turn % 2 == 0 else awkward[:40]
    return data


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the whole module (it takes seconds; each walk used to load it
    again). It is written inside a transaction held open around the module's tests: each test runs in
    its own savepoint within it (pytest-django's `db` nests in an open transaction), so one walk's
    posts never reach the next, and at the end it is rolled back, so later modules find the database
    as the migrations left it. The same on SQLite and PostgreSQL."""
    around = transaction.atomic()
    with django_db_blocker.unblock():
        around.__enter__()
        try:
            with override_settings(DEMO=True):
                call_command("demo_data", "--quiet")
        except BaseException:
            transaction.set_rollback(True)
            around.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        around.__exit__(None, None, None)


@pytest.fixture
def demo(demo_data, settings):
    """The demo data, and demo mode for the pages (as `rampart demo-data` runs them)."""
    settings.DEMO = True


def walk(client: Client, queue: list[str], *, within: str = "/", turns: int = len(AWKWARD)) -> tuple:
    """Walk the internal links from `queue` (only paths under `within`), sending every POST form back
    `turns` times with awkward answers. Answers the paths seen, the form targets posted to and the
    failures (every 5xx)."""
    client.raise_request_exception = False  # collect every failure, not only the first
    seen: set[str] = set()
    posted: list[str] = []
    failures: list[str] = []
    queue = list(queue)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or path.startswith(SKIP) or not path.startswith(within):
            continue
        seen.add(path)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
        # The same page with awkward filters, searches and page numbers in its address.
        odd = client.get(path, {name: AWKWARD[turn % len(AWKWARD)] for turn, name in enumerate(QUERY)})
        if odd.status_code >= 500:
            failures.append(f"GET {path} with awkward query: {odd.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(response.content.decode())
        queue += [link for link in page.links if urlsplit(link).path not in seen]
        for form in page.forms:
            target = urljoin(url, form["action"] or url)
            if urlsplit(target).path.startswith(SKIP):
                continue
            for turn in range(turns):
                awkward = AWKWARD[turn % len(AWKWARD)]
                answer = client.post(target, answers(form, awkward, turn))
                posted.append(urlsplit(target).path)
                if answer.status_code >= 500:
                    failures.append(f"POST {target} ({awkward[:20]!r}..., turn {turn}): {answer.status_code}")
    return seen, posted, failures


@pytest.mark.parametrize("email", PEOPLE, ids=lambda e: e.split("@")[0] or "not signed in")
def test_no_form_answers_awkward_input_with_a_server_error(demo, email):
    client = signed_in_client(User.objects.get(email=email)) if email else Client()
    seen, posted, failures = walk(client, ["/", "/report/"])
    assert len(seen) >= 5, seen  # the walk reached past the home page
    assert not failures, failures
    assert posted


# A case in each state the workflow passes through, each with someone involved.
STATES = ({}, {"referred": True}, {"investigating": True})


@pytest.mark.parametrize("state", STATES, ids=lambda s: next(iter(s), "new"))
def test_no_case_form_answers_awkward_input_with_a_server_error(state):
    """Every case page (each of ACTIONS, the party pages for someone involved, linking a staff account),
    as the case's handler, with every date box given NUL characters, non-digits and a twenty-digit year."""
    handler = MembershipFactory(role=Role.CASE_HANDLER).user
    case = CaseFactory(
        organisation=handler.memberships.get().organisation, handler=handler, parties=1, **state
    )
    party = case.parties.get()
    base = f"/cases/{case.reference}/"
    start = [base] + [
        f"{base}parties/{party.pk}/{slug}/" if spec.needs_party else f"{base}{slug}/"
        for slug, spec in ACTIONS.items()
    ]
    _, posted, failures = walk(signed_in_client(handler), start, within=base, turns=len(DATE_PARTS))
    assert not failures, failures
    # Seeding reached every case form, "Add someone involved" (dates of birth) among them.
    assert f"{base}parties/add/" in posted, sorted(set(posted))
    assert set(start[1:]) - {f"{base}evidence/"} <= set(posted), sorted(set(start) - set(posted))
    assert f"{base}parties/{party.pk}/account/" in posted, sorted(set(posted))
