"""Which organisation a signed-in user is working in (chosen with the organisation switcher)."""

from __future__ import annotations

from django.http import HttpRequest

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


def choose_organisation(request: HttpRequest, org: Organisation) -> None:
    request.session[SESSION_KEY] = org.pk
    request._rampart_organisation = org  # type: ignore[attr-defined]
