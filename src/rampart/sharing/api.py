"""`POST /api/v1/onboarding-checks`: a recruitment or placement system asks, at onboarding, whether
other organisations hold concerns about a candidate — with a personal API token of a case handler or
administrator at the recruiting organisation.

The same form checks and messages as the page (`forms.CheckForm`), the same service (purpose
required, 20 checks a day per user, identifier stored encrypted, every check audited) and the same
answer: which organisations hold what category of concern, and whom to contact. Never the content.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from rampart.core.api import FieldErrors
from rampart.core.errors import Refused
from rampart.organisations.api import organisation_for
from rampart.sharing import forms, selectors, services
from rampart.sharing.permissions import SharingAction

router = Router(tags=["information sharing"])


class CheckIn(Schema):
    """Answers left out are reported as missing with the same messages the page gives."""

    organisation: str = Field(
        min_length=1, max_length=12, description="ODS code of the recruiting organisation"
    )
    identifier_kind: Literal["registration", "esr"] | None = None
    regulator: str | None = Field(
        default=None, max_length=20, description="GMC, NMC, HCPC, ... (registration)"
    )
    registration_number: str | None = Field(default=None, max_length=20)
    esr_number: str | None = Field(default=None, max_length=20)
    candidate_name: str | None = Field(default=None, max_length=200)
    role: str | None = Field(default=None, max_length=100)
    purpose: Literal["recruitment", "placement", "host", "regulator"] | None = None
    purpose_details: str | None = Field(default=None, max_length=2000)


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class HolderOut(Schema):
    organisation: str = Field(description="ODS code")
    name: str
    categories: list[str]
    contact: ContactOut | None


class CheckOut(Schema):
    id: int
    checked_at: str
    held_elsewhere: list[HolderOut]
    page: str


class Refusal(Schema):
    detail: str


@router.post(
    "/onboarding-checks",
    response={201: CheckOut, 422: FieldErrors, 429: Refusal},
    summary="Onboarding check: do other organisations hold concerns about this candidate?",
)
def run_check(request: HttpRequest, payload: CheckIn) -> Status[dict[str, Any]]:
    organisation = organisation_for(
        request.user,
        payload.organisation,
        SharingAction.RUN_ONBOARDING_CHECK,
        refusal="you do not run onboarding checks for this organisation",
    )
    answers = {k: v for k, v in payload.dict(exclude={"organisation"}).items() if v is not None}
    form = forms.CheckForm(answers)
    if not form.is_valid():
        return Status(422, {"errors": {field: str(errors[0]) for field, errors in form.errors.items()}})
    try:
        check = services.run_onboarding_check(
            actor=request.user, organisation=organisation, **form.check_arguments()
        )
    except services.CheckLimitReached as error:
        return Status(429, {"detail": str(error)})
    except Refused as error:
        return Status(422, {"errors": {"body": str(error)}})
    return Status(
        201,
        {
            "id": check.pk,
            "checked_at": check.checked_at.isoformat(),
            "held_elsewhere": [
                {
                    "organisation": holder.ods_code,
                    "name": holder.name,
                    "categories": categories,
                    "contact": contact
                    and {
                        "name": contact.name,
                        "role": contact.role,
                        "email": contact.email,
                        "phone": contact.phone,
                    },
                }
                for holder, categories, contact in selectors.check_holders(check)
            ],
            "page": request.build_absolute_uri(reverse("sharing:check", args=[check.pk])),
        },
    )
