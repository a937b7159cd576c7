"""Referral pages: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from rampart.cases.models import Case
from rampart.cases.permissions import CaseAction
from rampart.core import audit, policy
from rampart.core.errors import Conflict, Refused
from rampart.core.forms import show_refusal
from rampart.core.models import AuditAction
from rampart.core.policy import Action
from rampart.organisations.current import current_organisation
from rampart.organisations.models import Organisation
from rampart.referrals import forms, packets, selectors, services
from rampart.referrals.models import Notification, Referral
from rampart.referrals.permissions import ReferralAction

CONFLICT = (
    "This referral changed while you were working on it. Your answers are below: check the "
    "referral for the changes, then save again."
)


def _referral(
    request: HttpRequest, reference: str, duty: str, action: Action = CaseAction.VIEW_CASE
) -> Referral:
    referral = selectors.referral_for(request.user, reference, duty)
    if referral is None:
        policy.not_found(request.user, Case, attempted=f"referral {duty}", reference=reference)
    policy.require(request.user, action, referral.case)
    return referral


def _back(referral: Referral) -> str:
    return f"/referrals/{referral.case.reference}/{referral.slug}/"


@login_required
@require_GET
def outstanding(request: HttpRequest) -> HttpResponse:
    """Every referral still to do on the cases the user may see, overdue first, then by due date,
    then those with no due date; `?show=overdue` keeps only the overdue."""
    today = timezone.localdate()
    only_overdue = request.GET.get("show") == "overdue"
    if only_overdue:
        referrals = list(selectors.overdue_referrals(request.user, today=today)[:200])
    else:
        referrals = list(selectors.outstanding_referrals(request.user)[:200])
    org = current_organisation(request)
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={
            "what": "overdue referrals" if only_overdue else "outstanding referrals",
            "rows": len(referrals),
        },
    )
    return render(
        request,
        "referrals/overdue.html",
        {
            "title": "Overdue referrals" if only_overdue else "Referrals to do",
            "referrals": referrals,
            "only_overdue": only_overdue,
            "overdue_count": sum(r.is_overdue_on(today) for r in referrals),
            "today": today,
            "back_href": "/cases/",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, reference: str, duty: str) -> HttpResponse:
    """The referral, its history and its evidence checklist (which the case handler ticks here)."""
    referral = _referral(request, reference, duty)
    case = referral.case
    can_edit = policy.allowed(request.user, CaseAction.EDIT_CASE, case)
    if request.method == "POST":
        policy.require(request.user, CaseAction.EDIT_CASE, case)
    else:
        audit.record(
            actor=request.user, action=AuditAction.READ, obj=referral, organisation=case.organisation
        )
    ticked = selectors.ticked_items(referral)
    form = forms.ChecklistForm(
        request.POST or None,
        initial={"version": referral.version, "ticked": sorted(ticked)},
        items=referral.checklist(),
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_checklist(
                actor=request.user,
                referral=referral,
                version=form.cleaned_data["version"],
                ticked=set(form.cleaned_data["ticked"]),
            )
        except Conflict:
            conflict = True
            show_refusal(form, Conflict(CONFLICT))
        else:
            messages.info(request, "Evidence checklist saved.")
            return redirect(_back(referral))
    return render(
        request,
        "referrals/detail.html",
        {
            "title": referral.name,
            "referral": referral,
            "notification": selectors.delivered_as(referral),
            "case": case,
            "changes": referral.changes.select_related("actor"),
            "ticked": ticked,
            "form": form,
            "can_edit": can_edit,
            "today": timezone.localdate(),
            "page_has_errors": bool(form.errors),
            "back_href": f"/cases/{case.reference}/",
        },
        status=409 if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_status(request: HttpRequest, reference: str, duty: str) -> HttpResponse:
    referral = _referral(request, reference, duty, CaseAction.EDIT_CASE)
    due_editable = referral.due_on is None or referral.due_set_by_handler
    recipient = services.notification_recipient(referral)
    form = forms.StatusForm(
        request.POST or None,
        initial={
            "version": referral.version,
            "status": referral.status,
            "sent_on": referral.sent_on,
            "recipient_reference": referral.recipient_reference,
            "due_on": referral.due_on if referral.due_set_by_handler else None,
        },
        due_editable=due_editable,
        delivered_to=recipient.name if recipient is not None else "",
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                actor=request.user,
                referral=referral,
                version=data["version"],
                status=data["status"],
                sent_on=data["sent_on"],
                recipient_reference=data["recipient_reference"],
                reason=data["reason"],
                due_on=data.get("due_on"),
                asked=data.get("asked") or "for_information",
            )
        except Conflict:
            conflict = True
            show_refusal(form, Conflict(CONFLICT))
        except Refused as refused:
            show_refusal(form, refused)
        else:
            messages.info(request, f"{referral.name}: status saved.")
            return redirect(_back(referral))
    return render(
        request,
        "referrals/status.html",
        {
            "title": f"Update the status: {referral.name}",
            "referral": referral,
            "delivered_to": recipient,
            "case": referral.case,
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": _back(referral),
        },
        status=409 if conflict else 200,
    )


@login_required
@require_GET
def packet(request: HttpRequest, reference: str, duty: str) -> HttpResponse:
    referral = _referral(request, reference, duty, CaseAction.EDIT_CASE)
    if not referral.has_packet:
        raise Http404
    services.record_packet_export(actor=request.user, referral=referral)
    pdf = packets.packet_pdf(referral, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{referral.case.reference}-{referral.slug}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _queue_of(request: HttpRequest, ods_code: str) -> Organisation:
    org = selectors.organisation_by_code(ods_code)
    if org is None or not policy.allowed(request.user, ReferralAction.RECEIVE_NOTIFICATIONS, org):
        policy.not_found(request.user, Organisation, attempted="notification queue", ods_code=ods_code)
    return org


@login_required
@require_GET
def notifications(request: HttpRequest, ods_code: str) -> HttpResponse:
    """The recipient's queue: notifications delivered to this ICB or region, not acknowledged first."""
    org = _queue_of(request, ods_code)
    today = timezone.localdate()
    queue = selectors.notification_queue(request.user, org, today=today)
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={"what": "notifications received", "rows": len(queue)},
    )
    return render(
        request,
        "referrals/notifications.html",
        {
            "title": f"Notifications received: {org.name}",
            "org": org,
            "queue": queue,
            "today": today,
            "back_href": "/",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification(request: HttpRequest, ods_code: str, pk: int) -> HttpResponse:
    """One notification's minimum data set, and its acknowledgement (dated, audited)."""
    org = _queue_of(request, ods_code)
    found = selectors.notification_for(request.user, pk)
    if found is None or found.recipient_id != org.pk:
        policy.not_found(request.user, Notification, attempted="notification", pk=pk)
    if request.method == "GET":
        audit.record(actor=request.user, action=AuditAction.READ, obj=found, organisation=org)
    form = forms.AcknowledgeForm(
        request.POST or None, initial={"acknowledged_on": found.acknowledged_on or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_notification(
                actor=request.user, notification=found, acknowledged_on=form.cleaned_data["acknowledged_on"]
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            messages.info(request, f"Notification {found.case_reference} acknowledged.")
            return redirect("referrals:notifications", ods_code=org.ods_code)
    return render(
        request,
        "referrals/notification.html",
        {
            "title": f"Notification {found.case_reference}",
            "org": org,
            "n": found,
            "form": form,
            "today": timezone.localdate(),
            "categories": selectors.category_labels(found.categories),
            "page_has_errors": bool(form.errors),
            "back_href": f"/referrals/notifications/{org.ods_code}/",
        },
    )
