"""Organisation pages: list, detail with members, switcher and audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_http_methods, require_POST

from rampart.accounts import services as account_services
from rampart.accounts.forms import MemberForm
from rampart.accounts.permissions import AccountAction
from rampart.core import audit, policy
from rampart.core.models import AuditAction
from rampart.organisations import selectors
from rampart.organisations.current import choose_organisation, current_organisation
from rampart.organisations.models import Organisation
from rampart.organisations.permissions import OrganisationAction, visible_organisations


def _get_visible(request: HttpRequest, ods_code: str) -> Organisation:
    org = selectors.organisation_for(request.user, ods_code)
    if org is None:
        policy.not_found(
            request.user,
            Organisation,
            attempted=str(OrganisationAction.VIEW_ORGANISATION),
            ods_code=ods_code.upper(),
        )
    policy.require(request.user, OrganisationAction.VIEW_ORGANISATION, org)
    return org


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    orgs = visible_organisations(request.user).select_related("parent").order_by("kind", "name")
    return render(request, "organisations/list.html", {"title": "Organisations", "organisations": orgs})


@login_required
def organisation_detail(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _get_visible(request, ods_code)
    members = None
    if policy.allowed(request.user, AccountAction.VIEW_MEMBERS, org):
        members = selectors.members_of(org)
        audit.record(
            actor=request.user,
            action=AuditAction.READ,
            obj=org,
            organisation=org,
            detail={"what": "members"},
        )
    return render(
        request,
        "organisations/detail.html",
        {
            "title": org.name,
            "org": org,
            "members": members,
            "children": visible_organisations(request.user).filter(parent=org).order_by("name"),
            "can_view_audit": policy.allowed(request.user, OrganisationAction.VIEW_AUDIT_LOG, org),
            "can_manage": policy.allowed(request.user, AccountAction.MANAGE_MEMBERS, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def switch(request: HttpRequest) -> HttpResponse:
    mine = visible_organisations(request.user).filter(memberships__user=request.user).distinct()
    error = None
    if request.method == "POST":
        # One of the user's own few organisations, compared as text: any other answer is no choice.
        picked = request.POST.get("organisation", "")
        chosen = next((o for o in mine if str(o.pk) == picked), None)
        if chosen is not None:
            choose_organisation(request, chosen)
            messages.info(request, f"You are now working in {chosen.name}.")
            return redirect("core:home")
        error = "Select the organisation you want to work in"
    return render(
        request,
        "organisations/switch.html",
        {
            "title": "Choose the organisation you are working in",
            "organisations": mine.order_by("name"),
            "current": current_organisation(request),
            "error": error,
            "page_has_errors": bool(error),
        },
    )


@login_required
def audit_log(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _get_visible(request, ods_code)
    policy.require(request.user, OrganisationAction.VIEW_AUDIT_LOG, org)
    page = Paginator(selectors.audit_entries_for(org).select_related("actor"), 50).get_page(
        request.GET.get("page")
    )
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={"what": "audit log", "page": page.number},
    )
    return render(
        request,
        "organisations/audit_log.html",
        {
            "title": f"Audit log: {org.name}",
            "org": org,
            "page": page,
            "can_verify": policy.allowed(request.user, OrganisationAction.VERIFY_AUDIT_LOG, org),
            "back_href": f"/organisations/{org.ods_code}/",
        },
    )


@login_required
@require_POST
def verify_audit_log(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _get_visible(request, ods_code)
    policy.require(request.user, OrganisationAction.VERIFY_AUDIT_LOG, org)
    checked, broken = audit.verify()
    if broken is None:
        messages.info(request, f"The audit log is intact: all {checked} entries match their hashes.")
    else:
        messages.warning(
            request,
            f"The audit log has been tampered with: entry {broken.id} does not "
            f"fit ({broken.problem}). Tell your information governance lead.",
        )
    return redirect("organisations:audit_log", ods_code=org.ods_code)


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = _get_visible(request, ods_code)
    policy.require(request.user, AccountAction.MANAGE_MEMBERS, org)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def invite_url(user: object) -> str:
            uid = urlsafe_base64_encode(force_bytes(user.pk))  # type: ignore[attr-defined]
            token = default_token_generator.make_token(user)  # type: ignore[arg-type]
            return request.build_absolute_uri(reverse("accounts:set_password", args=[uid, token]))

        membership = account_services.add_member(
            actor=request.user, organisation=org, invite_url=invite_url, **form.cleaned_data
        )
        messages.info(
            request, f"{membership.user.email} is now {membership.get_role_display().lower()} at {org.name}."
        )
        return redirect("organisations:detail", ods_code=org.ods_code)
    return render(
        request,
        "organisations/member_form.html",
        {
            "title": f"Add someone to {org.name}",
            "org": org,
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": f"/organisations/{org.ods_code}/",
        },
    )


@login_required
@require_POST
def remove_member(request: HttpRequest, ods_code: str, membership_id: int) -> HttpResponse:
    org = _get_visible(request, ods_code)
    policy.require(request.user, AccountAction.MANAGE_MEMBERS, org)
    membership = get_object_or_404(org.memberships, pk=membership_id)
    if membership.user_id == request.user.pk:
        messages.warning(request, "You cannot remove your own role. Ask another administrator.")
    else:
        account_services.remove_member(actor=request.user, membership=membership)
        messages.info(
            request,
            f"{membership.user.email} is no longer {membership.get_role_display().lower()} at {org.name}.",
        )
    return redirect("organisations:detail", ods_code=org.ods_code)


@login_required
@require_POST
def end_sessions(request: HttpRequest, ods_code: str, membership_id: int) -> HttpResponse:
    org = _get_visible(request, ods_code)
    policy.require(request.user, AccountAction.MANAGE_MEMBERS, org)
    membership = get_object_or_404(org.memberships.select_related("user"), pk=membership_id)
    account_services.end_sessions(actor=request.user, user=membership.user, organisation=org)
    messages.info(
        request,
        f"{membership.user.email} is signed out on every device; their API tokens no longer work. "
        "They can sign in again with their password and authenticator.",
    )
    return redirect("organisations:detail", ods_code=org.ods_code)
