"""The case handlers' side of reporting: the triage queue, reading a report, replying, revealing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from rampart.core import audit, policy
from rampart.core.errors import Refused
from rampart.core.forms import show_refusal
from rampart.core.models import AuditAction
from rampart.core.policy import Action
from rampart.organisations.current import current_organisation
from rampart.reporting import hooks, selectors, services
from rampart.reporting.forms import CATEGORIES, OUTCOME_GUIDANCE, MessageForm, OutcomeStatementForm
from rampart.reporting.models import Report, ReportStatus
from rampart.reporting.permissions import ReportingAction


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status the reporter sees",
        choices=ReportStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    reason = forms.CharField(label="Reason (not shown to the reporter)", max_length=500, required=False)


class SupportServiceForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name of the service"}
    )
    description = forms.CharField(
        label="What it offers", max_length=500, error_messages={"required": "Enter what the service offers"}
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        error_messages={"invalid": "Enter a web address starting with https://"},
    )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to know who sent this report?",
        max_length=500,
        help_text="This is recorded in the audit log.",
        error_messages={"required": "Enter why you need to see who sent it"},
    )


def _report(request: HttpRequest, reference: str, action: Action) -> Report:
    report = selectors.report_for(request.user, reference)
    if report is None:
        policy.not_found(request.user, Report, attempted=str(action), reference=reference)
    policy.require(request.user, action, report)
    return report


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, ReportingAction.TRIAGE_REPORTS, org)
    status = request.GET.get("status", "received")
    reports = selectors.triage_queue(request.user, org)
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    fields = (
        "reference",
        "received_at",
        "anonymity",
        "about",
        "status",
        "organisation_id",
        "case__id",
        "case__organisation_id",
    )
    page = Paginator(reports.select_related("case").only(*fields), 25).get_page(request.GET.get("page"))
    # A report whose case this person is not on: they may see that it exists and went to a case.
    elsewhere = {
        r.reference
        for r in page.object_list
        if not policy.allowed(request.user, ReportingAction.VIEW_REPORT, r)
    }
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={
            "what": "report triage queue",
            "status": status if status in ReportStatus.values else "all",
            "page": page.number,
        },
    )
    return render(
        request,
        "reporting/staff/queue.html",
        {
            "title": f"Reports to {org.name}",
            "page": page,
            "status": status,
            "statuses": ReportStatus.choices,
            "elsewhere": elsewhere,
        },
    )


@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(request, reference, ReportingAction.VIEW_REPORT)
    audit.record(actor=request.user, action=AuditAction.READ, obj=report, organisation=report.organisation)
    return _detail_page(request, report, RevealForm())


def _detail_page(
    request: HttpRequest, report: Report, reveal_form: RevealForm, identity: dict[str, str] | None = None
) -> HttpResponse:
    """A report's page: its details, the forms to message, change status and reveal the reporter (with
    the identity, once revealed)."""
    return render(
        request,
        "reporting/staff/detail.html",
        {
            "title": f"Report {report.reference}",
            "report": report,
            "categories": dict(CATEGORIES),
            "details": hooks.report_details(report=report, user=request.user),
            "message_form": MessageForm(),
            "status_form": StatusForm(initial={"status": report.status}),
            "reveal_form": reveal_form,
            "identity": identity,
            "can_write_outcome": policy.allowed(
                request.user, ReportingAction.WRITE_OUTCOME_STATEMENT, report
            ),
            "back_href": "/triage/",
            "page_has_errors": bool(reveal_form.errors),
        },
    )


@login_required
@require_POST
def reveal(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(request, reference, ReportingAction.REVEAL_REPORTER)
    form = RevealForm(request.POST)
    identity = None
    if form.is_valid() and report.anonymity != "anonymous":
        # Audited, and on the timeline of any case opened from it (reporting.services.reveal_identity).
        identity = services.reveal_identity(
            actor=request.user, report=report, reason=form.cleaned_data["reason"]
        )
    return _detail_page(request, report, form, identity)


@login_required
@require_http_methods(["POST"])
def send_message(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(request, reference, ReportingAction.MESSAGE_REPORTER)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.send_case_team_message(actor=request.user, report=report, text=form.cleaned_data["text"])
        except Refused as refused:
            messages.warning(request, "; ".join(refused.reasons))
        else:
            messages.info(request, "Your message has been sent. The reporter sees it in their inbox.")
    else:
        messages.warning(request, "Enter a message of 5,000 characters or fewer.")
    return redirect("triage:detail", reference=report.reference)


@login_required
@require_http_methods(["POST"])
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(request, reference, ReportingAction.MESSAGE_REPORTER)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.change_status(
            actor=request.user,
            report=report,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
        messages.info(request, f"The reporter now sees: {report.get_status_display()}.")
    else:
        messages.warning(request, "Select a status.")
    return redirect("triage:detail", reference=report.reference)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_statement(request: HttpRequest, reference: str) -> HttpResponse:
    """The handler writes what the reporter is told of the outcome, with the guidance on what may
    be shared; the reporter sees the latest statement once the case is closed."""
    report = _report(request, reference, ReportingAction.WRITE_OUTCOME_STATEMENT)
    form = OutcomeStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_outcome_statement(
                actor=request.user, report=report, text=form.cleaned_data["text"]
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            messages.info(
                request, "The outcome statement is saved. The reporter sees it once the case is closed."
            )
            return redirect("triage:outcome_statement", reference=report.reference)
    written = selectors.outcome_statements_of(report)
    if written:
        audit.record(
            actor=request.user,
            action=AuditAction.READ,
            obj=report,
            organisation=report.organisation,
            detail={"what": "outcome statements for the reporter"},
        )
    return render(
        request,
        "reporting/staff/outcome_statement.html",
        {
            "title": "Write the outcome statement for the reporter",
            "report": report,
            "form": form,
            "guidance": OUTCOME_GUIDANCE,
            "written": written,
            "inbox": selectors.inbox_view(report),
            "page_has_errors": bool(form.errors),
            "back_href": f"/triage/{report.reference}/",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signposting(request: HttpRequest) -> HttpResponse:
    """An administrator sets where their organisation signposts reporters."""
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, ReportingAction.MANAGE_SIGNPOSTING, org)
    form = SupportServiceForm(request.POST or None)
    if request.method == "POST" and "remove" in request.POST:
        service = selectors.support_service_of(org, request.POST.get("remove"))
        if service is not None:
            services.remove_support_service(actor=request.user, service=service)
            messages.info(request, f"{service.name} is no longer shown to reporters.")
        return redirect("triage:signposting")
    if request.method == "POST" and form.is_valid():
        services.add_support_service(actor=request.user, organisation=org, **form.cleaned_data)
        messages.info(request, f"{form.cleaned_data['name']} is now shown to reporters.")
        return redirect("triage:signposting")
    return render(
        request,
        "reporting/staff/signposting.html",
        {
            "title": f"Support shown to reporters: {org.name}",
            "form": form,
            "org": org,
            "services": selectors.support_services_of(org),
            "page_has_errors": bool(form.errors),
            "national": selectors.NATIONAL_SIGNPOSTS,
        },
    )
