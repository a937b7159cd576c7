"""Session rules for staff: sign out everywhere, inactivity notice, and the second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EPOCH_KEY = "rampart_session_epoch"
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


class SessionGuardMiddleware:
    """Ends sessions older than the user's last "sign out everywhere", and notices expired ones."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.session_expired = False  # type: ignore[attr-defined]
        if user.is_authenticated:
            if request.session.get(EPOCH_KEY) != user.session_epoch:
                logout(request)
                messages.info(request, "You have been signed out on this device. Sign in again.")
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
