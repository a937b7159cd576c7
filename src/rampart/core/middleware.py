"""Refuse requests that carry a NUL character anywhere Rampart might pass it to the database.

PostgreSQL cannot store NUL in text, so a NUL in a search box, a filter, a cookie or an API body
would reach a query and fail as a server error. Django's forms already refuse NUL in their fields;
this covers everything else (query strings, cookies, the path, form fields read without a form,
JSON bodies) in one place, before any middleware or view reads them. The answer is a 400: the
service's "problem with your request" page, or JSON for the API.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
MESSAGE = "Null characters are not allowed"


class NullCharacter(SuspiciousOperation):
    """A NUL character in a request (answered with the 400 page)."""


def _texts(value: Any) -> Iterable[str]:
    """Every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _json_texts(request: HttpRequest) -> Iterable[str]:
    if request.content_type != "application/json" or not request.body:
        return ()
    try:
        return _texts(json.loads(request.body))
    except ValueError:
        return ()  # not JSON: the API answers that itself


def carries_nul(request: HttpRequest) -> bool:
    parts: list[Iterable[str]] = [
        [request.path],
        request.GET.keys(),
        (v for values in request.GET.lists() for v in values[1]),
        request.COOKIES.keys(),
        request.COOKIES.values(),
    ]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        parts += [request.POST.keys(), (v for values in request.POST.lists() for v in values[1])]
    parts.append(_json_texts(request))
    return any(NUL in text for texts in parts for text in texts)


class RejectNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            raise NullCharacter(MESSAGE)
        return self.get_response(request)
