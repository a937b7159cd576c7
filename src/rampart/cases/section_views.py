"""Downloading what a case's sections list: an evidence file, for those who may read the evidence."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from rampart.cases import sections
from rampart.cases.views import case_for_request


@login_required
@require_GET
def evidence_file(request: HttpRequest, reference: str, evidence_id: int) -> HttpResponse:
    """The file as it was cleaned when it was added (metadata stripped), as an attachment under its
    stored name (evidence-N), never kept by the browser or a proxy; the download is audited."""
    case = case_for_request(request, reference)
    found = sections.evidence_download(user=request.user, case=case, evidence_id=evidence_id)
    if found is None:
        raise Http404
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{found.name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
