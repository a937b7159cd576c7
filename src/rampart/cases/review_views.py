"""The review group: its members (set by an administrator) and its meetings' agendas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from rampart.accounts.selectors import member_by_email
from rampart.cases import services
from rampart.cases.forms import MeetingForm, ReviewGroupMemberForm
from rampart.cases.permissions import CaseAction
from rampart.core import audit, policy
from rampart.core.models import AuditAction
from rampart.organisations.current import current_organisation


@login_required
@require_http_methods(["GET", "POST"])
def review_group(request: HttpRequest) -> HttpResponse:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, CaseAction.MANAGE_REVIEW_GROUP, org)
    member_form = ReviewGroupMemberForm(request.POST if "add_member" in request.POST else None)
    meeting_form = MeetingForm(request.POST if "arrange" in request.POST else None)
    if "remove" in request.POST:
        member = org.review_group.filter(pk=request.POST.get("remove") or 0).first()
        if member is not None:
            services.remove_review_group_member(actor=request.user, member=member)
        return redirect("cases:review_group")
    if "add_member" in request.POST and member_form.is_valid():
        user = member_by_email(org, member_form.cleaned_data["email"])
        if user is None:
            member_form.add_error(
                "email", "Nobody with that e-mail address works in this organisation in Rampart"
            )
        else:
            services.set_review_group_member(
                actor=request.user,
                organisation=org,
                user=user,
                role_in_group=member_form.cleaned_data["role_in_group"],
            )
            messages.info(request, f"{user.email} is in the review group.")
            return redirect("cases:review_group")
    if "arrange" in request.POST and meeting_form.is_valid():
        meeting = services.arrange_review_meeting(
            actor=request.user, organisation=org, held_on=meeting_form.cleaned_data["held_on"]
        )
        messages.info(request, f"Meeting arranged with {meeting.cases.count()} cases on the agenda.")
        return redirect("cases:review_group")
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={"what": "review group members and agendas"},
    )
    return render(
        request,
        "cases/review_group.html",
        {
            "title": f"Review group: {org.name}",
            "members": org.review_group.select_related("user"),
            "meetings": org.review_group_meetings.prefetch_related("cases")[:10],
            "member_form": member_form,
            "meeting_form": meeting_form,
            "page_has_errors": bool(member_form.errors or meeting_form.errors),
        },
    )
