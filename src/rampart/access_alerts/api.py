"""`POST /api/v1/access-alerts/imports`: a scheduled scan on another machine sends its output to the
organisation's queue, with a personal API token of one of its privacy officers.

The same checks as the import page (`forms.UploadForm` for sizes and `sources.read_upload` for the
files' contents) and the same service, so an import through the API is all or nothing and audited
in the same way.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from rampart.access_alerts import services, sources
from rampart.access_alerts.forms import UploadForm
from rampart.access_alerts.permissions import AccessAlertAction
from rampart.core.api import FieldErrors
from rampart.organisations.api import organisation_for

router = Router(tags=["access alerts"])


class ImportOut(Schema):
    alerts_in_file: int
    new: int
    already_imported: int
    evidence_attached: int
    queue: str


@router.post(
    "/access-alerts/imports",
    response={201: ImportOut, 422: FieldErrors},
    summary="Send a scan's alerts (and optionally its events and summary) to the review queue",
    description=(
        "multipart/form-data with `organisation` (ODS code), `alerts` (alerts.csv or alerts.parquet "
        "from `access-audit scan`, up to 20 MB) and optionally `events` (the events the scan read, "
        "up to 200 MB) and `summary` (summary.json). Every row is checked before anything is "
        "saved; an alert already imported is not added again."
    ),
)
def import_scan(
    request: HttpRequest,
    organisation: Form[str] = "",
    alerts: File[UploadedFile | None] = None,
    events: File[UploadedFile | None] = None,
    summary: File[UploadedFile | None] = None,
) -> Status[dict[str, Any]]:
    org = organisation_for(
        request.user,
        organisation,
        AccessAlertAction.REVIEW_ACCESS_ALERTS,
        refusal="you do not review access alerts at this organisation",
    )
    form = UploadForm(data={}, files=request.FILES)
    if not form.is_valid():
        return Status(422, {"errors": {field: str(errors[0]) for field, errors in form.errors.items()}})
    try:
        files = sources.read_upload(**form.cleaned_data)
    except sources.UploadError as error:
        return Status(422, {"errors": {error.field: f"Nothing was imported. {error}"}})
    result = services.import_scan(
        actor=request.user,
        organisation=org,
        source=f"API {files.source}",
        alerts=files.alerts,
        events=files.events,
        summary=files.summary,
    )
    return Status(
        201,
        {
            "alerts_in_file": result.scan.alerts_in_file,
            "new": result.new,
            "already_imported": result.already_imported,
            "evidence_attached": result.evidence_attached,
            "queue": request.build_absolute_uri(reverse("access_alerts:queue")),
        },
    )
