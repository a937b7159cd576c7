"""Self-assessment pages: thin views that parse, call a selector or service, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from rampart.assurance import forms, reports, selectors, services
from rampart.assurance.evidence import current_period
from rampart.assurance.models import Assessment, AssessmentItem
from rampart.assurance.permissions import AssuranceAction
from rampart.assurance.uploads import MAX_BYTES
from rampart.core import policy
from rampart.core.policy import Action
from rampart.organisations.models import Organisation
from rampart.organisations.permissions import visible_organisations


def _organisation(request: HttpRequest, ods_code: str, action: Action) -> Organisation:
    org = visible_organisations(request.user).filter(ods_code=ods_code.upper()).first()
    if org is None:
        raise Http404
    policy.require(request.user, action, org)
    return org


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    found = selectors.assessment_for(request.user, pk)
    if found is None:
        raise Http404
    return found


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    has_errors = any(getattr(f, "errors", None) for f in context.values() if hasattr(f, "is_bound"))
    return render(
        request, f"assurance/{template}", {"title": title, "page_has_errors": has_errors, **context}
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    orgs = selectors.organisations_to_assess(user)
    return _page(
        request,
        "home.html",
        "Assurance",
        organisations=orgs,
        primary_care=[o for o in orgs if policy.allowed(user, AssuranceAction.CONFIRM_CHARTER_PROGRESS, o)],
        icbs=selectors.icbs_to_oversee(user),
        areas=selectors.rollup_areas(user),
    )


@login_required
def organisation_page(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _organisation(request, ods_code, AssuranceAction.VIEW_ASSESSMENT)
    return _page(
        request,
        "organisation.html",
        f"Assurance: {org.name}",
        org=org,
        assessments=selectors.assessments_of(org),
        workforce=selectors.workforce_figures_of(org),
        can_edit=policy.allowed(request.user, AssuranceAction.EDIT_ASSESSMENT, org),
        can_manage_workforce=policy.allowed(request.user, AssuranceAction.MANAGE_WORKFORCE_FIGURES, org),
        can_confirm=policy.allowed(request.user, AssuranceAction.CONFIRM_CHARTER_PROGRESS, org),
        back_href="/assurance/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _organisation(request, ods_code, AssuranceAction.EDIT_ASSESSMENT)
    choices = selectors.frameworks_for(org)
    form = forms.StartAssessmentForm(
        request.POST or None,
        frameworks=choices,
        initial={"period": current_period(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start_assessment(
                actor=request.user,
                organisation=org,
                framework_code=form.cleaned_data["framework"],
                period=form.cleaned_data["period"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(
                request, f"You have started the {assessment.framework_title.lower()} for {assessment.period}."
            )
            return redirect("assurance:assessment", pk=assessment.pk)
    return _page(
        request,
        "start.html",
        "Start a self-assessment",
        org=org,
        form=form,
        frameworks=choices,
        back_href=f"/assurance/{org.ods_code}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def workforce(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _organisation(request, ods_code, AssuranceAction.MANAGE_WORKFORCE_FIGURES)
    form = forms.WorkforceForm(request.POST or None, initial={"period": current_period(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_workforce_figure(actor=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, f"Workforce figures for {form.cleaned_data['period']} saved.")
            return redirect("assurance:organisation", ods_code=org.ods_code)
    return _page(
        request,
        "workforce.html",
        "Workforce figures",
        org=org,
        form=form,
        figures=selectors.workforce_figures_of(org),
        back_href=f"/assurance/{org.ods_code}/",
    )


@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment(request, pk)
    org = found.organisation
    return _page(
        request,
        "assessment.html",
        f"{found.framework_title} {found.period}",
        assessment=found,
        org=org,
        sections=selectors.sections_of(found, with_evidence=False),
        counts=selectors.status_counts(found),
        actions=found.actions.select_related("item"),
        history=found.status_changes.select_related("actor"),
        can_edit=not found.is_locked and policy.allowed(request.user, AssuranceAction.EDIT_ASSESSMENT, org),
        can_approve=found.status == "submitted"
        and policy.allowed(request.user, AssuranceAction.APPROVE_ASSESSMENT, org),
        today=timezone.localdate(),
        back_href=f"/assurance/{org.ods_code}/",
    )


def _editable_item(request: HttpRequest, pk: int, item_id: int) -> tuple[Assessment, AssessmentItem]:
    found = _assessment(request, pk)
    item = get_object_or_404(found.items, pk=item_id)
    return found, item


def _item_page(request: HttpRequest, found: Assessment, item: AssessmentItem, **forms_: Any) -> HttpResponse:
    from rampart.assurance.evidence import gather

    editable = not found.is_locked and policy.allowed(
        request.user, AssuranceAction.EDIT_ASSESSMENT, found.organisation
    )
    item_form = forms_.get("item_form") or forms.ItemForm(
        initial={
            "status": item.status,
            "not_applicable_reason": item.not_applicable_reason,
            "owner": item.owner,
            "evidence_notes": item.evidence_notes,
        }
    )
    bound = [f for f in forms_.values() if f.is_bound and f.errors]
    return _page(
        request,
        "item.html",
        f"{item.code}: {found.framework_title}",
        assessment=found,
        item=item,
        evidence=gather(item.evidence_keys, found.organisation, found.period),
        attachments=item.attachments.all(),
        actions=item.actions.all(),
        item_form=item_form,
        link_form=forms_.get("link_form") or forms.EvidenceLinkForm(),
        file_form=forms_.get("file_form") or forms.EvidenceFileForm(),
        error_form=bound[0] if bound else None,
        editable=editable,
        back_href=f"/assurance/assessments/{found.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    found, entry = _editable_item(request, pk, item_id)
    if request.method == "GET":
        return _item_page(request, found, entry)
    form = forms.ItemForm(request.POST)
    if form.is_valid():
        try:
            services.update_item(actor=request.user, item=entry, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, f"{entry.code} saved.")
            return redirect("assurance:assessment", pk=found.pk)
    return _item_page(request, found, entry, item_form=form)


@login_required
@require_POST
def add_link(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    found, entry = _editable_item(request, pk, item_id)
    form = forms.EvidenceLinkForm(request.POST)
    if form.is_valid():
        try:
            services.add_evidence_link(actor=request.user, item=entry, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, "Link added.")
            return redirect("assurance:item", pk=found.pk, item_id=entry.pk)
    return _item_page(request, found, entry, link_form=form)


@login_required
@require_POST
def add_file(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    found, entry = _editable_item(request, pk, item_id)
    form = forms.EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_evidence_file(
                actor=request.user,
                item=entry,
                title=form.cleaned_data["title"],
                name=upload.name,
                data=upload.read(MAX_BYTES + 1),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, "File added.")
            return redirect("assurance:item", pk=found.pk, item_id=entry.pk)
    return _item_page(request, found, entry, file_form=form)


@login_required
def evidence_file(request: HttpRequest, pk: int, item_id: int, attachment_id: int) -> FileResponse:
    _found, entry = _editable_item(request, pk, item_id)
    attachment = get_object_or_404(entry.attachments.exclude(file=""), pk=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    ext = attachment.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="evidence-{attachment.pk}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def remove_evidence(request: HttpRequest, pk: int, item_id: int, attachment_id: int) -> HttpResponse:
    found, entry = _editable_item(request, pk, item_id)
    attachment = get_object_or_404(entry.attachments, pk=attachment_id)
    try:
        services.remove_evidence(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.info(request, f"'{attachment.title}' removed.")
    return redirect("assurance:item", pk=found.pk, item_id=entry.pk)


@login_required
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, pk: int, action_id: int | None = None) -> HttpResponse:
    found = _assessment(request, pk)
    existing = get_object_or_404(found.actions, pk=action_id) if action_id else None
    items = list(found.items.all())
    initial: dict[str, Any] = {"item": request.GET.get("item")}
    if existing:
        initial = {f: getattr(existing, f) for f in ("action", "owner", "due_on", "status")} | {
            "item": existing.item_id
        }
    form = forms.ActionForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_action(
                actor=request.user,
                assessment=found,
                item=next(i for i in items if i.pk == data["item"]),
                action=data["action"],
                owner=data["owner"],
                due_on=data["due_on"],
                status=data["status"],
                existing=existing,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, "Action plan saved.")
            return redirect("assurance:assessment", pk=found.pk)
    return _page(
        request,
        "action.html",
        "Change an action" if existing else "Add an action to the plan",
        assessment=found,
        form=form,
        back_href=f"/assurance/assessments/{found.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment(request, pk)
    policy.require(request.user, AssuranceAction.EDIT_ASSESSMENT, found.organisation)
    form = forms.SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(actor=request.user, assessment=found)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, "Submitted. An executive board member must now approve it.")
            return redirect("assurance:assessment", pk=found.pk)
    return _page(
        request,
        "submit.html",
        "Submit the assessment for approval",
        assessment=found,
        form=form,
        back_href=f"/assurance/assessments/{found.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment(request, pk)
    policy.require(request.user, AssuranceAction.APPROVE_ASSESSMENT, found.organisation)
    form = forms.ApproveForm(request.POST or None, initial={"approver_name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.approve(
                    actor=request.user,
                    assessment=found,
                    approver_name=data["approver_name"],
                    approver_title=data["approver_title"],
                )
                messages.info(request, "Approved. The assessment is now locked.")
            else:
                services.return_for_changes(actor=request.user, assessment=found, reason=data["reason"])
                messages.info(request, "Sent back for changes.")
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("assurance:assessment", pk=found.pk)
    return _page(
        request,
        "approve.html",
        "Approve the assessment",
        assessment=found,
        form=form,
        back_href=f"/assurance/assessments/{found.pk}/",
    )


@login_required
def board_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment(request, pk)
    context = reports.board_report_context(found, today=timezone.localdate())
    return _page(
        request,
        "board_report.html",
        f"Board report: {found.framework_title} {found.period}",
        back_href=f"/assurance/assessments/{found.pk}/",
        **context,
    )


@login_required
def board_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment(request, pk)
    services.record_export(actor=request.user, assessment=found, kind="pdf")
    context = reports.board_report_context(found, today=timezone.localdate())
    pdf = reports.board_report_pdf(context, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="board-report-{found.organisation.ods_code}-{found.pk}.pdf"'
    )
    return response


@login_required
def export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ("csv", "xlsx"):
        raise Http404
    found = _assessment(request, pk)
    services.record_export(actor=request.user, assessment=found, kind=kind)
    name = f"assessment-{found.organisation.ods_code}-{found.framework_code}-{found.period.replace('/', '-')}"
    if kind == "csv":
        response = HttpResponse(reports.as_csv(found), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            reports.as_xlsx(found),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
