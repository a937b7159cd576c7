"""Session rules for staff: sign out everywhere, an absolute session lifetime, inactivity notice, and
the second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

EPOCH_KEY = "rampart_session_epoch"
SIGNED_IN_AT_KEY = "rampart_signed_in_at"
SEEN_COOKIE = "rampart_had_session"

# Paths an signed-in user who has not yet given their second factor may still open.
_OPEN_PREFIXES = (
    "/sign-in/",
    "/sign-out/",
    "/account/two-factor/set-up/",
    "/static/",
    "/healthz",
    "/report/",
    "/api/",
    "/accessibility/",
    "/privacy/",
)


def start_session_clock(request: HttpRequest) -> None:
    """Called at sign-in: the session ends RAMPART_SESSION_MAX_HOURS from now, however busy."""
    request.session[SIGNED_IN_AT_KEY] = int(timezone.now().timestamp())


def _past_lifetime(request: HttpRequest) -> bool:
    signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
    if not isinstance(signed_in_at, int):
        # A session from before this rule (or made without the sign-in page): its clock starts now.
        start_session_clock(request)
        return False
    return timezone.now().timestamp() - signed_in_at > settings.RAMPART_SESSION_MAX_HOURS * 3600


class SessionGuardMiddleware:
    """Ends sessions older than the user's last "sign out everywhere" and sessions past their absolute
    lifetime (RAMPART_SESSION_MAX_HOURS since sign-in, even if in use), and notices expired ones."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.session_expired = False  # type: ignore[attr-defined]
        if user.is_authenticated:
            if request.session.get(EPOCH_KEY) != user.session_epoch:
                logout(request)
                messages.info(request, "You have been signed out on this device. Sign in again.")
            elif _past_lifetime(request):
                logout(request)
                messages.info(
                    request,
                    f"You have been signed in for {settings.RAMPART_SESSION_MAX_HOURS} hours, "
                    "so you have been signed out. Sign in again.",
                )
        elif request.COOKIES.get(SEEN_COOKIE):
            request.session_expired = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.user.is_authenticated:
            response.set_cookie(SEEN_COOKIE, "1", httponly=True, samesite="Lax", secure=request.is_secure())
        elif request.COOKIES.get(SEEN_COOKIE) and not 300 <= response.status_code < 400:
            # Keep the marker through the redirect to the sign-in page, which shows the notice.
            response.delete_cookie(SEEN_COOKIE)
        return response


class SecondFactorRequiredMiddleware:
    """A user who has given only their password can do nothing but give the second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and request.path != "/"
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            from rampart.accounts.services import has_authenticator

            target = "accounts:sign_in_code" if has_authenticator(user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
