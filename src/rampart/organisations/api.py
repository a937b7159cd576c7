"""What every API endpoint that names an organisation shares."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja.errors import HttpError

from rampart.core import policy
from rampart.core.api import FieldProblem
from rampart.organisations import selectors
from rampart.organisations.models import Organisation


def organisation_for(user: Any, code: str, action: policy.Action, *, refusal: str) -> Organisation:
    """The organisation an API request names by ODS code, once the user may do `action` there:
    an unknown code is a 422 on `organisation`, and a user who may not is a 403 with `refusal`."""
    code = code.strip().upper()
    if not code:
        raise FieldProblem("organisation", "Enter the organisation's ODS code")
    organisation = selectors.organisation_by_ods_code(code)
    if organisation is None:
        raise FieldProblem("organisation", "No organisation has this ODS code")
    try:
        policy.require(user, action, organisation)
    except PermissionDenied:
        raise HttpError(403, refusal) from None
    return organisation
