"""The JSON API at /api/v1/ (OpenAPI 3 at /api/v1/openapi.json). Each app adds a router here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.security import HttpBearer

from rampart.accounts.permissions import memberships
from rampart.accounts.services import user_for_api_token
from rampart.core.api import FieldProblem
from rampart.organisations.permissions import visible_organisations
from rampart.organisations.selectors import search_accepting_reports


class PersonalToken(HttpBearer):
    """Staff endpoints: `Authorization: Bearer <personal API token>`; sees what the user sees."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_api_token(token, method=request.method or "", path=request.path)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Rampart API",
    version="1",
    description="Reporting, case management and assurance for sexual misconduct in health and care.",
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(FieldProblem)
def field_problem(request: HttpRequest, exc: FieldProblem) -> Any:
    """A check an endpoint makes itself (an unknown organisation, say): 422 on that field."""
    return api.create_response(request, {"errors": {exc.field: exc.message}}, status=422)


@api.exception_handler(ValidationError)
def field_errors(request: HttpRequest, exc: ValidationError) -> Any:
    """Bad input: 422 with one plain message per field (and 400 when the body is not JSON at all)."""
    errors: dict[str, str] = {}
    status = 422
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")]
        if error.get("type") == "json_invalid" or (not location and "JSON" in str(error.get("msg", ""))):
            status = 400
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        errors.setdefault(".".join(location) or "body", message)
    return api.create_response(request, {"errors": errors, "detail": exc.errors}, status=status)


from rampart.reporting.api import router as reporting_router  # noqa: E402

api.add_router("", reporting_router)


class OrganisationOut(Schema):
    code: str
    name: str
    kind: str


class OrganisationList(Schema):
    results: list[OrganisationOut]


class MembershipOut(Schema):
    organisation: str
    role: str


class MeOut(Schema):
    email: str
    name: str
    memberships: list[MembershipOut]


@api.get("/organisations", response=OrganisationList, summary="Organisations that accept reports")
def organisations(request: HttpRequest, search: str = "") -> dict[str, Any]:
    found = search_accepting_reports(search[:100])
    return {"results": [{"code": o.ods_code, "name": o.name, "kind": o.kind} for o in found]}


@api.get("/me", response=MeOut, auth=PersonalToken(), summary="The user a token belongs to")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    orgs = {o.pk: o.ods_code for o in visible_organisations(user)}
    return {
        "email": user.email,
        "name": user.get_full_name(),
        "memberships": [
            {"organisation": orgs[o], "role": r} for o, r in sorted(memberships(user)) if o in orgs
        ],
    }


from rampart.cases.api import router as cases_router  # noqa: E402

api.add_router("", cases_router, auth=PersonalToken())

from rampart.chaperoning.api import router as chaperoning_router  # noqa: E402

api.add_router("", chaperoning_router, auth=PersonalToken())

from rampart.access_alerts.api import router as access_alerts_router  # noqa: E402

api.add_router("", access_alerts_router, auth=PersonalToken())

from rampart.sharing.api import router as sharing_router  # noqa: E402

api.add_router("", sharing_router, auth=PersonalToken())
