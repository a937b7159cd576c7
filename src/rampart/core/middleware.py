"""Refuse requests that carry a NUL character anywhere Rampart might pass it to the database.

PostgreSQL cannot store NUL in text, so a NUL in a search box, a filter, a cookie or an API body
would reach a query and fail as a server error. Django's forms already refuse NUL in their fields;
this covers everything else (query strings, cookies, the path, form fields read without a form,
JSON bodies) in one place, before any middleware or view reads them. A page answers with the
service's 400 "problem with your request" page; the API with its 422, naming each field.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
MESSAGE = "Null characters are not allowed"


class NullCharacter(SuspiciousOperation):
    """A NUL character in a request (answered with the 400 page)."""


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


def _fields(pairs: Iterable[tuple[str, list[Any]]]) -> Iterable[str]:
    for name, values in pairs:
        if NUL in name or any(NUL in str(v) for v in values):
            yield name.replace(NUL, "")


def fields_with_nul(request: HttpRequest) -> list[str]:
    """The parts of the request that carry a NUL character ("path", "cookies", field names)."""
    found: list[str] = []
    if NUL in request.path:
        found.append("path")
    if any(NUL in k or NUL in v for k, v in request.COOKIES.items()):
        found.append("cookies")
    found += _fields(request.GET.lists())
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        found += _fields(request.POST.lists())
    if request.content_type == "application/json" and request.body:
        with contextlib.suppress(ValueError):  # not JSON: the API answers that itself
            found += _json_fields(json.loads(request.body))
    return found


class RejectNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = fields_with_nul(request)
        if found:
            if request.path.startswith("/api/"):
                # The API's shape for bad input: one message per field (`core.api.FieldErrors`).
                return JsonResponse({"errors": dict.fromkeys(found, MESSAGE)}, status=422)
            raise NullCharacter(MESSAGE)
        return self.get_response(request)
