"""The privacy officer's access alert pages: the queue, importing a scan, one alert, dismissing it,
raising a concern from it; and the alert's access events for whoever may read them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rampart.access_alerts import rules, selectors, services, sources
from rampart.access_alerts.forms import ConcernForm, DismissForm, ServerScanForm, UploadForm
from rampart.access_alerts.models import AccessAlert, AlertStatus
from rampart.access_alerts.permissions import AccessAlertAction
from rampart.core import audit, policy
from rampart.core.errors import Refused
from rampart.core.forms import show_refusal
from rampart.core.models import AuditAction
from rampart.organisations.current import current_organisation
from rampart.organisations.models import Organisation


def _org(request: HttpRequest) -> Organisation:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, AccessAlertAction.REVIEW_ACCESS_ALERTS, org)
    return org


def _alert(request: HttpRequest, public_id: Any) -> AccessAlert:
    alert = selectors.alert_for(request.user, public_id)
    if alert is None:
        policy.not_found(
            request.user,
            AccessAlert,
            attempted=str(AccessAlertAction.REVIEW_ACCESS_ALERTS),
            public_id=public_id,
        )
    policy.require(request.user, AccessAlertAction.REVIEW_ACCESS_ALERTS, alert.organisation)
    return alert


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    status = request.GET.get("status", AlertStatus.NEW)
    status = status if status in AlertStatus.values else AlertStatus.NEW
    rule = request.GET.get("rule", "")
    rule = rule if rule in rules.RULE_NAMES else ""
    alerts = selectors.queue(request.user, org, status=status, rule=rule)
    page = Paginator(alerts, 25).get_page(request.GET.get("page"))
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={"what": "access alert queue", "status": status, "rule": rule, "page": page.number},
    )
    return render(
        request,
        "access_alerts/queue.html",
        {
            "title": f"Access alerts: {org.name}",
            "page": page,
            "status": status,
            "rule": rule,
            "statuses": AlertStatus.choices,
            "counts": selectors.counts(request.user, org, rule=rule),
            "imports": selectors.recent_imports(request.user, org),
            "rule_names": rules.RULE_NAMES,
        },
    )


def _render_import(
    request: HttpRequest, org: Organisation, upload: UploadForm, server: ServerScanForm
) -> HttpResponse:
    return render(
        request,
        "access_alerts/import.html",
        {
            "title": "Import a scan",
            "upload": upload,
            "server": server,
            "server_root": f"access-audit/{org.ods_code}/",
            "page_has_errors": bool(upload.errors or server.errors),
            "back_href": "/access-alerts/",
        },
    )


def _imported(request: HttpRequest, result: services.Imported) -> HttpResponse:
    text = f"{result.new} new alert{'s' if result.new != 1 else ''} added to the queue."
    if result.already_imported:
        text += f" {result.already_imported} were already imported and were not added again."
    if result.evidence_attached:
        text += f" Access events attached to {result.evidence_attached}."
    messages.info(request, text)
    return redirect("access_alerts:queue")


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    upload = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    server = ServerScanForm(scans=sources.available(org.ods_code))
    if request.method == "POST" and upload.is_valid():
        try:
            files = sources.read_upload(**upload.cleaned_data)
        except sources.UploadError as error:
            upload.add_error(error.field, f"Nothing was imported. {error}")
        else:
            return _imported(request, _import(request, org, files))
    return _render_import(request, org, upload, server)


@login_required
@require_POST
def import_server(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    server = ServerScanForm(request.POST, scans=sources.available(org.ods_code))
    if server.is_valid():
        try:
            files = sources.read(org.ods_code, server.cleaned_data["scan"])
        except rules.FileError as error:
            server.add_error("scan", f"Nothing was imported. {error}")
        else:
            return _imported(request, _import(request, org, files))
    return _render_import(request, org, UploadForm(), server)


def _import(request: HttpRequest, org: Organisation, files: sources.ScanFiles) -> services.Imported:
    return services.import_scan(
        actor=request.user,
        organisation=org,
        source=files.source,
        alerts=files.alerts,
        events=files.events,
        summary=files.summary,
    )


@login_required
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    alert = _alert(request, public_id)
    audit.record(actor=request.user, action=AuditAction.READ, obj=alert, organisation=alert.organisation)
    return render(
        request,
        "access_alerts/detail.html",
        {
            "title": "Access alert",
            "alert": alert,
            "rule_names": rules.RULE_NAMES,
            "decisions": alert.decisions.select_related("actor"),
            "evidence": getattr(alert, "evidence", None),
            "others": selectors.other_alerts_count(alert),
            "back_href": "/access-alerts/",
        },
    )


def _decision_page(
    request: HttpRequest, alert: AccessAlert, template: str, title: str, form: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "title": title,
            "alert": alert,
            "form": form,
            "rule_names": rules.RULE_NAMES,
            "page_has_errors": bool(form.errors),
            "back_href": f"/access-alerts/{alert.public_id}/",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dismiss(request: HttpRequest, public_id: Any) -> HttpResponse:
    alert = _alert(request, public_id)
    form = DismissForm(request.POST) if request.method == "POST" else DismissForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.dismiss(actor=request.user, alert=alert, **form.cleaned_data)
        except services.AlreadyDecided as decided:
            messages.warning(request, decided.reasons[0])
        else:
            messages.info(request, "The alert has been dismissed.")
        return redirect("access_alerts:queue")
    return _decision_page(request, alert, "access_alerts/dismiss.html", "Dismiss this alert", form)


@login_required
@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest, public_id: Any) -> HttpResponse:
    alert = _alert(request, public_id)
    form = ConcernForm(request.POST) if request.method == "POST" else ConcernForm()
    if request.method == "POST" and form.is_valid():
        try:
            report = services.raise_concern(actor=request.user, alert=alert, **form.cleaned_data)
        except services.AlreadyDecided as decided:
            messages.warning(request, decided.reasons[0])
        except Refused as refused:
            show_refusal(form, refused)
            return _decision_page(request, alert, "access_alerts/concern.html", "Raise a concern", form)
        else:
            messages.info(
                request,
                f"Concern {report.reference} sent to the case handlers. They will open a case from it.",
            )
        return redirect("access_alerts:queue")
    return _decision_page(request, alert, "access_alerts/concern.html", "Raise a concern", form)


@login_required
@require_GET
def evidence(request: HttpRequest, public_id: Any) -> HttpResponse:
    alert = selectors.evidence_alert_for(request.user, public_id)
    if alert is None:
        raise Http404
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=alert,
        organisation=alert.organisation,
        detail={"what": "access events", "rows": alert.evidence.rows},
    )
    response = HttpResponse(alert.evidence.events_csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-events-{alert.public_id}.csv"'
    response["Cache-Control"] = "no-store"
    return response
