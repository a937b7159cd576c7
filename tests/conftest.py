from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from rampart.accounts.middleware import EPOCH_KEY
from tests.factories import MembershipFactory, UserFactory, build_hierarchy


@pytest.fixture
def orgs(db):
    return build_hierarchy()


@pytest.fixture
def alice(orgs):
    """Alice handles cases at Trust A."""
    return MembershipFactory(
        user=UserFactory(email="alice@trust-a.nhs.uk"),
        organisation=orgs["trust_a"],
        role="case_handler",
    ).user


@pytest.fixture
def bob(orgs):
    """Bob administers Trust A: Alice's colleague."""
    return MembershipFactory(
        user=UserFactory(email="bob@trust-a.nhs.uk"),
        organisation=orgs["trust_a"],
        role="administrator",
    ).user


@pytest.fixture
def charlie(orgs):
    """Charlie handles cases at Trust B, under another ICB: must see nothing of Trust A."""
    return MembershipFactory(
        user=UserFactory(email="charlie@trust-b.nhs.uk"),
        organisation=orgs["trust_b"],
        role="case_handler",
    ).user


def signed_in_client(user) -> Client:
    """A client past both sign-in factors, without going through the pages."""
    from rampart.accounts.models import Authenticator

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    device = Authenticator.objects.get(user=user, confirmed=True)
    session["otp_device_id"] = device.persistent_id
    session[EPOCH_KEY] = user.session_epoch
    session.save()
    return client


@pytest.fixture
def as_user():
    return signed_in_client


# --- Playwright driving Debian's Chromium: one browser for the whole run -----------------------------

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = os.environ.get("RAMPART_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[1] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make assets` (npm ci in frontend/)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # Every page asks for the NHS.UK fonts at assets.nhs.uk, and the load event waits for them.
                # Without internet the lookup sometimes waited out the resolver's 5-second timeout, so a
                # page.goto under load overran its 10 seconds. Names other than localhost now fail at once.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
