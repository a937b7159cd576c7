"""Keep NUL characters away from the database, before any middleware or view reads the request.

PostgreSQL cannot store NUL in text, so a NUL in a search box, a filter, a cookie or an API body
used to reach a query and fail as a server error. A NUL is never meaningful in what a person types
(it comes from pasting out of some documents), so:

* on the pages, NUL is taken out of form fields and query strings, and the request goes on: what
  was typed is kept (without the invisible character) and the form checks it as usual;
* in the API, a NUL anywhere in the query or body is bad input: 422 naming each field, like any
  other (`core.api.FieldErrors`), so the sending system learns of it;
* in the path or a cookie, which nobody types, the request is refused: the 400 page.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.cache import patch_cache_control

NUL = "\x00"
MESSAGE = "Null characters are not allowed"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NullCharacter(SuspiciousOperation):
    """A NUL character where nobody types (answered with the 400 page)."""


def _json_fields(value: Any, where: str = "") -> Iterable[str]:
    """Where a decoded JSON value holds a NUL: dotted field paths, as the API names fields."""
    if isinstance(value, str):
        if NUL in value:
            yield where or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}" if where else str(key)
            if NUL in str(key):
                yield where or "body"
            yield from _json_fields(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_fields(item, f"{where}.{index}" if where else str(index))


def _fields(query: QueryDict) -> list[str]:
    return [
        name.replace(NUL, "")
        for name, values in query.lists()
        if NUL in name or any(isinstance(v, str) and NUL in v for v in values)
    ]


def _posts_form(request: HttpRequest) -> bool:
    return request.method == "POST" and request.content_type in FORM_TYPES


def api_fields_with_nul(request: HttpRequest) -> list[str]:
    """The query and body fields of an API request that carry a NUL."""
    found = _fields(request.GET)
    if _posts_form(request):
        found += _fields(request.POST)
    if request.content_type == "application/json" and request.body:
        with contextlib.suppress(ValueError):  # not JSON: the API answers that itself
            found += _json_fields(json.loads(request.body))
    return found


def _without_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        cleaned.setlist(
            name.replace(NUL, ""), [v.replace(NUL, "") if isinstance(v, str) else v for v in values]
        )
    cleaned._mutable = False
    return cleaned


class RejectNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or any(NUL in k or NUL in v for k, v in request.COOKIES.items()):
            raise NullCharacter(MESSAGE)
        if request.path.startswith("/api/"):
            found = api_fields_with_nul(request)
            if found:
                return JsonResponse({"errors": dict.fromkeys(found, MESSAGE)}, status=422)
        else:
            if _fields(request.GET):
                request.GET = _without_nul(request.GET)
            if _posts_form(request) and _fields(request.POST):
                request.POST = _without_nul(request.POST)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: `Permissions-Policy` on every response (no
    camera, microphone, location, payment and the like for any page), and `Cache-Control: no-store,
    private` on every response to someone signed in (by session or API token), so no browser or
    proxy cache keeps a page about a case.

    Before any view: a method no page or API uses (TRACE, CONNECT, anything unknown) is refused with
    405; an API call over plain HTTP when HTTPS is required is refused (403) rather than redirected,
    since a client that followed a redirect would already have sent its token in the clear."""

    METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._refusal(request) or self.get_response(request)
        response.setdefault("Permissions-Policy", settings.RAMPART_PERMISSIONS_POLICY)
        # `user` is only there once the authentication middleware ran (not for WhiteNoise's static files).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        if request.method not in self.METHODS:
            refused = HttpResponse("Method not allowed", status=405, content_type="text/plain")
            refused["Allow"] = ", ".join(sorted(self.METHODS))
            return refused
        if settings.SECURE_SSL_REDIRECT and request.path.startswith("/api/") and not request.is_secure():
            return JsonResponse({"detail": "use HTTPS: plain HTTP is refused, never redirected"}, status=403)
        return None
