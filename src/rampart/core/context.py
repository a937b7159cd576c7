"""Values every page's layout needs: the signed-in user's organisations and the current one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.templatetags.static import static

from rampart.core.plugins import implementations


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Header links: each app's config may offer `navigation(request)` items it decides itself."""
    items: list[dict[str, Any]] = []
    for offer in implementations("navigation"):
        items.extend(offer(request))
    for item in items:
        item["active"] = request.path.startswith(item["href"])
    return items


def layout(request: HttpRequest) -> dict[str, Any]:
    nonce = get_nonce(request)
    user = getattr(request, "user", None)
    # A page rendered for an API request (the 500 page, say) has a user set by its token, without
    # django-otp's `is_verified`: no navigation for it.
    is_verified = getattr(user, "is_verified", None)
    verified = bool(user and user.is_authenticated and is_verified is not None and is_verified())
    nav_items = _navigation(request) if verified else []
    return {
        "nav_items": nav_items,
        # Read by the NHS.UK page template (nhsuk/template.jinja) outside any block.
        # Django's LazyNonce is falsy until first used, so hand the template a plain string.
        "cspNonce": str(nonce) if nonce is not None else None,
        "assetPath": static("vendor/nhsuk/assets"),
        "service_name": "Rampart",
        "demo_mode": settings.DEMO,
        "signed_in": verified,
        # What apps add for a signed-in page (organisations: the current one and the switcher's).
        **_from_apps(request, verified=verified),
    }


def _from_apps(request: HttpRequest, *, verified: bool) -> dict[str, Any]:
    """Each app's config may offer `layout_context(request, signed_in=)`: values for the layout."""
    values: dict[str, Any] = {}
    for offer in implementations("layout_context"):
        values.update(offer(request, signed_in=verified))
    return values
