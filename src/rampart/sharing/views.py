"""Information sharing pages: thin views that fetch through the policy or a selector, call a service
for any write and render."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from rampart.cases.selectors import visible_cases
from rampart.core import policy
from rampart.core.errors import Refused
from rampart.core.forms import show_refusal
from rampart.core.policy import Action
from rampart.organisations.current import current_organisation
from rampart.organisations.models import Organisation
from rampart.organisations.selectors import organisation_by_ods_code
from rampart.sharing import forms, rules, selectors, services
from rampart.sharing.models import Disclosure
from rampart.sharing.permissions import SharingAction


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    has_errors = any(getattr(f, "errors", None) for f in context.values() if hasattr(f, "is_bound"))
    return render(request, f"sharing/{template}", {"title": title, "page_has_errors": has_errors, **context})


def _organisation(request: HttpRequest, action: Action) -> Organisation:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, action, org)
    return org


def _disclosure(request: HttpRequest, reference: str) -> tuple[Disclosure, str]:
    found = selectors.disclosure_for(request.user, reference)
    if found is None:
        raise Http404
    return found


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = current_organisation(request)
    if org is None:
        raise Http404
    may_check = policy.allowed(request.user, SharingAction.RUN_ONBOARDING_CHECK, org)
    may_prepare = policy.allowed(request.user, SharingAction.PREPARE_DISCLOSURE, org)
    if not (may_check or may_prepare):
        policy.require(request.user, SharingAction.RUN_ONBOARDING_CHECK, org)
    services.record_page_read(
        actor=request.user,
        action=SharingAction.RUN_ONBOARDING_CHECK if may_check else SharingAction.PREPARE_DISCLOSURE,
        organisation=org,
        what="sharing queues",
    )
    return _page(
        request,
        "home.html",
        "Information sharing",
        org=org,
        may_check=may_check,
        may_prepare=may_prepare,
        may_register=policy.allowed(request.user, SharingAction.VIEW_INVESTIGATIONS_REGISTER, org),
        may_contact=policy.allowed(request.user, SharingAction.MANAGE_SHARING_CONTACT, org),
        incoming=list(selectors.incoming(request.user, org)[:50]),
        outgoing=list(selectors.outgoing(request.user, org)[:50]),
        checks=list(selectors.checks_for(request.user, org).filter(checked_by=request.user)[:10]),
        contact=selectors.contact_for(org),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, SharingAction.MANAGE_SHARING_CONTACT)
    current = selectors.contact_for(org)
    initial = (
        {"name": current.name, "role": current.role, "email": current.email, "phone": current.phone}
        if current
        else {}
    )
    form = forms.ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_contact(actor=request.user, organisation=org, **form.cleaned_data)
        messages.success(request, "Sharing contact saved.")
        return redirect("sharing:home")
    return _page(
        request, "contact.html", "Who other organisations should contact", org=org, form=form, current=current
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_check(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, SharingAction.RUN_ONBOARDING_CHECK)
    form = forms.CheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.run_onboarding_check(
                actor=request.user, organisation=org, **form.check_arguments()
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return redirect("sharing:check", check.pk)
    return _page(request, "check_form.html", "Onboarding check", org=org, form=form)


@login_required
def check_result(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, SharingAction.RUN_ONBOARDING_CHECK)
    check = get_object_or_404(selectors.checks_for(request.user, org), pk=pk)
    services.record_page_read(
        actor=request.user,
        action=SharingAction.RUN_ONBOARDING_CHECK,
        organisation=org,
        what="onboarding check result",
        obj=check,
    )
    return _page(
        request,
        "check_result.html",
        "Onboarding check result",
        org=org,
        check=check,
        holders=selectors.check_holders(check),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_disclosure(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, SharingAction.REQUEST_DISCLOSURE)
    professional = selectors.professional_by_id(request.GET.get("professional"))
    holder = organisation_by_ods_code(request.GET.get("holder", ""))
    if professional is None or holder is None or not selectors.may_request_about(org, professional):
        raise Http404
    check = selectors.checks_for(request.user, org).filter(professional=professional).first()
    initial = {"purpose": check.purpose, "purpose_details": check.purpose_details} if check else {}
    form = forms.RequestForm(
        request.POST if request.method == "POST" else None, initial=initial, holder_kind=holder.kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.request_disclosure(
                actor=request.user,
                requester=org,
                holder=holder,
                professional=professional,
                onboarding_check=check,
                **form.cleaned_data,
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, f"Request sent to {holder.name}.")
            return redirect("sharing:disclosure", disclosure.reference)
    return _page(
        request,
        "request_form.html",
        "Ask for a disclosure",
        org=org,
        holder=holder,
        check=check,
        form=form,
        contact=selectors.contact_for(holder),
    )


@login_required
def disclosure(request: HttpRequest, reference: str) -> HttpResponse:
    item, side = _disclosure(request, reference)
    released = item.status == rules.Status.RELEASED
    if side == "requester" and released:
        services.read_disclosure(actor=request.user, disclosure=item)
    elif side == "holder":
        services.holder_reads_disclosure(actor=request.user, disclosure=item)
    return _page(
        request,
        "disclosure.html",
        f"Disclosure {item.reference}",
        item=item,
        side=side,
        show_content=policy.allowed(request.user, SharingAction.READ_DISCLOSURE, item),
        changes=list(item.changes.select_related("actor")),
        may_approve=side == "holder"
        and rules.step_problem(
            rules.Step.APPROVE,
            rules.Status(item.status),
            actor_id=request.user.pk,
            preparer_id=item.prepared_by_id,
        )
        is None,
        may_prepare=side == "holder"
        and rules.step_problem(
            rules.Step.PREPARE, rules.Status(item.status), actor_id=request.user.pk, preparer_id=None
        )
        is None,
        may_decline=side == "holder" and item.status not in (rules.Status.RELEASED, rules.Status.DECLINED),
        reason_form=forms.ReasonForm(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, reference: str) -> HttpResponse:
    item, side = _disclosure(request, reference)
    if side != "holder":
        raise Http404
    policy.require(request.user, SharingAction.PREPARE_DISCLOSURE, item.holder)
    if item.prepared_by_id:
        initial = {
            "findings": item.findings,
            "dbs_information": item.dbs_information,
            "pattern_summary": item.pattern_summary,
            "person_comments": item.person_comments,
            "person_told": item.person_told,
            "person_told_on": item.person_told_on,
            "not_told_reason": item.not_told_reason,
            "lawful_basis": item.lawful_basis,
            "special_category": {True: "yes", False: "no"}.get(item.special_category),
            "condition": item.condition,
        }
    else:
        initial = {**selectors.draft_for(item), "lawful_basis": item.basis_requested}
    form = forms.PrepareForm(
        request.POST if request.method == "POST" else None, initial=initial, holder_kind=item.holder.kind
    )
    if request.method == "GET":
        services.holder_reads_disclosure(actor=request.user, disclosure=item, what="prepare")
    if request.method == "POST" and form.is_valid():
        try:
            services.prepare_disclosure(actor=request.user, disclosure=item, **form.cleaned_data)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, "Disclosure prepared. A second case handler must now approve it.")
            return redirect("sharing:disclosure", item.reference)
    return _page(request, "prepare.html", "Prepare the disclosure", item=item, form=form)


@login_required
@require_http_methods(["POST"])
def review(request: HttpRequest, reference: str, decision: str) -> HttpResponse:
    item, side = _disclosure(request, reference)
    if side != "holder":
        raise Http404
    reason = request.POST.get("reason", "")
    try:
        if decision == "approve":
            services.approve_disclosure(actor=request.user, disclosure=item)
            messages.success(request, f"Disclosure released to {item.requester.name}.")
        elif decision == "send-back":
            services.send_back_disclosure(actor=request.user, disclosure=item, reason=reason)
            messages.success(request, "Sent back to be changed.")
        elif decision == "decline":
            services.decline_disclosure(actor=request.user, disclosure=item, reason=reason)
            messages.success(request, "Request declined; the requester can see your reasons.")
        else:
            raise Http404
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("sharing:disclosure", item.reference)


@login_required
def letter(request: HttpRequest, reference: str) -> HttpResponse:
    from rampart.sharing import letters

    item, side = _disclosure(request, reference)
    if side == "requester":
        try:
            services.read_disclosure(actor=request.user, disclosure=item, what="letter")
        except Refused as refused:
            raise Http404 from refused
    elif item.status != rules.Status.RELEASED or not policy.allowed(
        request.user, SharingAction.READ_DISCLOSURE, item
    ):
        raise Http404
    else:
        services.holder_reads_disclosure(actor=request.user, disclosure=item, what="letter")
    pdf = letters.letter_pdf(item, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{item.reference}.pdf"'
    return response


def _register_rows(request: HttpRequest, org: Organisation) -> tuple[forms.RegisterFilterForm, list[Any]]:
    form = forms.RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.register_rows(org, status=data.get("status", ""), search=data.get("q", ""))
    return form, rows


@login_required
def register(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, SharingAction.VIEW_INVESTIGATIONS_REGISTER)
    form, rows = _register_rows(request, org)
    filters = form.cleaned_data if form.is_valid() else {}
    services.record_page_read(
        actor=request.user,
        action=SharingAction.VIEW_INVESTIGATIONS_REGISTER,
        organisation=org,
        what="investigations register",
        status=filters.get("status", ""),
        searched=bool(filters.get("q")),
        rows=len(rows),
    )
    # An administrator keeps the register but is not on the case teams: link only the cases they see.
    openable = set(
        visible_cases(request.user)
        .filter(reference__in=[r.case_reference for r in rows])
        .values_list("reference", flat=True)
    )
    return _page(
        request,
        "register.html",
        "Investigations register",
        org=org,
        filter_form=form,
        rows=rows,
        openable=openable,
        query=request.GET.urlencode(),
    )


@login_required
def register_csv(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, SharingAction.VIEW_INVESTIGATIONS_REGISTER)
    _, rows = _register_rows(request, org)
    services.record_register_export(actor=request.user, organisation=org, rows=len(rows))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Staff number", "ESR person number", "Name", "Case reference", "Started", "Completed", "Outcome"]
    )
    for r in rows:
        values = [
            r.staff_number,
            r.esr_number,
            r.name,
            r.case_reference,
            r.started_on.isoformat(),
            r.completed_on.isoformat() if r.completed_on else "",
            r.outcome,
        ]
        writer.writerow([rules.csv_safe(v) for v in values])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="investigations-register-{org.ods_code}.csv"'
    return response
