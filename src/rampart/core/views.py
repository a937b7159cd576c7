"""Pages every visitor or member of staff sees, health check and error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rampart.core.plugins import implementations


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html", {"title": "Prevent and respond to sexual misconduct"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """ "Your work": what each app offers through its config's `your_work(request)` (accounts: the
    roles this person holds)."""
    context: dict[str, Any] = {"title": "Your work"}
    for offer in implementations("your_work"):
        context.update(offer(request))
    return render(request, "core/home.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"title": "Accessibility statement"})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"title": "How Rampart uses your information"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        "Sorry, there is a problem with your request",
        "Go back and try again. If it keeps happening, contact your administrator.",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have permission to see this page",
        "If you think you should, ask your organisation's Rampart administrator.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you "
        "copied the entire address.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you submitted has been lost if you saw a confirmation.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token (expired, or sent from another site): recorded as a
    refusal. Never the address or browser; for someone not signed in only the day (the public
    reporting pages keep no time of day)."""
    from django.utils import timezone

    from rampart.core import audit
    from rampart.core.models import AuditAction

    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    audit.record(
        actor=user if signed_in else None,
        action=AuditAction.PERMISSION_DENIED,
        actor_label="" if signed_in else "someone not signed in",
        detail={"attempted": "a form without a valid CSRF token", "path": request.path[:200]},
        at=None if signed_in else timezone.localdate(),
    )
    return _error(
        request,
        403,
        "Your page timed out",
        "For your security, forms expire. Go back, refresh the page and try again.",
    )
