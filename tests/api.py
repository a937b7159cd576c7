"""Calling the JSON API as a client would: a personal token in the Authorization header."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


def bearer(token: str | None) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}


def post_json(url: str, payload: Any, token: str | None = None) -> Any:
    """POST `payload` as JSON (a string is sent as it is, to test bodies that are not JSON)."""
    data = payload if isinstance(payload, str) else json.dumps(payload)
    return Client().post(url, data, content_type="application/json", **bearer(token))
