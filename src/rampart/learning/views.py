"""Training records for an organisation: list, add one, import a CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rampart.core import policy
from rampart.learning import rules, selectors, services
from rampart.learning.forms import ImportForm, TrainingRecordForm
from rampart.learning.permissions import LearningAction
from rampart.organisations.current import current_organisation


def _org(request: HttpRequest):  # type: ignore[no-untyped-def]
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, LearningAction.MANAGE_TRAINING, org)
    return org


@login_required
def records(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    today = timezone.localdate()
    rows = [
        (r, rules.is_current(r.completed_on, r.expires_on, on=today))
        for r in selectors.records_for(request.user, org)
    ]
    return render(request, "learning/records.html", {"title": f"Training: {org.name}", "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def add_record(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Only this organisation's own members: another trust's address is recorded as no account.
        user = selectors.members_by_email(org, [data["email"]]).get(data["email"].lower())
        services.record_training(
            actor=request.user,
            organisation=org,
            user=user,
            person_name=data["person_name"],
            staff_number=data["staff_number"],
            course=data["course"],
            completed_on=data["completed_on"],
            expires_on=data["expires_on"],
        )
        messages.info(request, f"Training recorded for {data['person_name']}.")
        return redirect("learning:records")
    return render(
        request,
        "form_page.html",
        {
            "title": "Record training",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/training/",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_records(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read(5_000_000).decode("utf-8-sig")
            count = services.import_csv(actor=request.user, organisation=org, text=text)
        except UnicodeDecodeError:
            form.add_error("file", "The file must be a CSV saved as UTF-8")
        except rules.RowError as error:
            form.add_error("file", f"Nothing was imported: {error}")
        else:
            messages.info(request, f"{count} training records imported.")
            return redirect("learning:records")
    return render(
        request,
        "learning/import.html",
        {
            "title": "Import training records",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/training/",
        },
    )
