"""Which organisation a signed-in user is working in (chosen with the organisation switcher)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rampart.core import policy
from rampart.organisations.models import Organisation
from rampart.organisations.permissions import visible_organisations

SESSION_KEY = "rampart_organisation_id"


def current_organisation(request: HttpRequest) -> Organisation | None:
    cached = getattr(request, "_rampart_organisation", False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    visible = visible_organisations(request.user)
    chosen = request.session.get(SESSION_KEY)
    org = (visible.filter(pk=chosen).first() if chosen else None) or (
        visible.filter(memberships__user=request.user).order_by("name").first()
    )
    request._rampart_organisation = org  # type: ignore[attr-defined]
    return org


def nav_link(request: HttpRequest, text: str, href: str, *actions: str) -> list[dict[str, Any]]:
    """An app's header link (its AppConfig's `navigation`): `text` to `href`, for someone who may do
    any of `actions` at the organisation they work in now; for anyone else, none."""
    org = current_organisation(request)
    if org is not None and any(policy.allowed(request.user, action, org) for action in actions):
        return [{"text": text, "href": href}]
    return []


def choose_organisation(request: HttpRequest, org: Organisation) -> None:
    request.session[SESSION_KEY] = org.pk
    request._rampart_organisation = org  # type: ignore[attr-defined]
