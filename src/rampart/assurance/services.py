"""Writes for assurance: each checks the policy, runs in one transaction and records an audit entry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from rampart.accounts.models import Membership, Role
from rampart.assurance import rules
from rampart.assurance.models import (
    ActionPlanItem,
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    AssessmentStatusChange,
    CharterProgress,
    EvidenceAttachment,
    ProviderReminder,
    WorkforceFigure,
)
from rampart.assurance.permissions import AssuranceAction
from rampart.assurance.selectors import frameworks
from rampart.assurance.uploads import check_upload
from rampart.core import audit, policy, reminders, uploads
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation, OrganisationKind

if TYPE_CHECKING:
    from rampart.accounts.models import User


class AssessmentLocked(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "This assessment has been submitted and is locked. Start the next period to make changes."
        )


def _record(
    actor: User, what: str, obj: Any, org: Organisation, action: str = AuditAction.UPDATE, **detail: Any
) -> None:
    audit.record(actor=actor, action=action, obj=obj, organisation=org, detail={"what": what, **detail})


def _editable(actor: User, assessment: Assessment) -> Assessment:
    """Lock the row, re-read it and refuse if it is no longer a draft."""
    policy.require(actor, AssuranceAction.EDIT_ASSESSMENT, assessment.organisation)
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.is_locked:
        raise AssessmentLocked
    return current


def start_assessment(
    *, actor: User, organisation: Organisation, framework_code: str, period: str
) -> Assessment:
    """Start a self-assessment. If there is an earlier one against the same framework, start from a
    copy of it: statuses, owners, notes, links and unfinished actions carry forward."""
    policy.require(actor, AssuranceAction.EDIT_ASSESSMENT, organisation)
    framework = frameworks().get(framework_code)
    if framework is None or organisation.kind not in framework.applies_to:
        raise ValidationError("Choose a framework that applies to your organisation")
    previous = (
        Assessment.objects.filter(organisation=organisation, framework_code=framework_code, period__lt=period)
        .order_by("-period")
        .first()
    )
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                organisation=organisation,
                framework_code=framework.code,
                framework_version=framework.version,
                framework_title=framework.title,
                period=period,
                created_by=actor,
                copied_from=previous,
            )
            earlier = {i.code: i for i in previous.items.all()} if previous else {}
            for position, (section, entry) in enumerate(framework.items):
                old = earlier.get(entry.code)
                item = AssessmentItem.objects.create(
                    assessment=assessment,
                    position=position,
                    section_code=section.code,
                    section_title=section.title,
                    code=entry.code,
                    text=entry.text,
                    source=entry.source,
                    evidence_keys=list(entry.evidence),
                    status=old.status if old else rules.ItemStatus.NOT_STARTED,
                    not_applicable_reason=old.not_applicable_reason if old else "",
                    owner=old.owner if old else "",
                    evidence_notes=old.evidence_notes if old else "",
                )
                if old:
                    _copy_forward(old, item, assessment)
            AssessmentStatusChange.objects.create(
                assessment=assessment,
                status=AssessmentStatus.DRAFT,
                actor=actor,
                note=f"Started from {previous.period}" if previous else "Started",
            )
            _record(
                actor,
                "assessment started",
                assessment,
                organisation,
                AuditAction.CREATE,
                framework=framework.code,
                period=period,
            )
    except IntegrityError:
        raise ValidationError(f"There is already a {framework.title.lower()} for {period}") from None
    return assessment


def _copy_forward(old: AssessmentItem, item: AssessmentItem, assessment: Assessment) -> None:
    for a in old.attachments.all():
        EvidenceAttachment.objects.create(
            item=item,
            title=a.title,
            url=a.url,
            file=a.file.name if a.file else "",
            content_type=a.content_type,
            size=a.size,
            added_by=a.added_by,
        )
    for action in old.actions.exclude(status="done"):
        ActionPlanItem.objects.create(
            assessment=assessment,
            item=item,
            action=action.action,
            owner=action.owner,
            due_on=action.due_on,
            status=action.status,
        )


def update_item(
    *,
    actor: User,
    item: AssessmentItem,
    status: str,
    not_applicable_reason: str,
    owner: str,
    evidence_notes: str,
) -> AssessmentItem:
    if status == rules.ItemStatus.NOT_APPLICABLE and not not_applicable_reason.strip():
        raise ValidationError({"not_applicable_reason": "Say why this item does not apply"})
    with transaction.atomic():
        _editable(actor, item.assessment)
        item.status = status
        item.not_applicable_reason = (
            not_applicable_reason if status == rules.ItemStatus.NOT_APPLICABLE else ""
        )
        item.owner = owner
        item.evidence_notes = evidence_notes
        item.updated_by = actor
        item.updated_at = timezone.now()
        item.save()
        _record(actor, "assessment item", item, item.assessment.organisation, code=item.code, status=status)
    return item


def add_evidence_link(*, actor: User, item: AssessmentItem, title: str, url: str) -> EvidenceAttachment:
    with transaction.atomic():
        _editable(actor, item.assessment)
        found = EvidenceAttachment.objects.create(item=item, title=title, url=url, added_by=actor)
        _record(
            actor, "evidence link", found, item.assessment.organisation, AuditAction.CREATE, code=item.code
        )
    return found


def add_evidence_file(
    *, actor: User, item: AssessmentItem, title: str, name: str, data: bytes
) -> EvidenceAttachment:
    """Check the file (raises ValidationError with a message for the page), then store it."""
    try:
        checked = check_upload(name, data)
    except uploads.Refused as exc:
        raise ValidationError({"file": str(exc)}) from None
    with transaction.atomic():
        _editable(actor, item.assessment)
        found = EvidenceAttachment(
            item=item,
            title=title or checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            added_by=actor,
        )
        found.file.save(checked.stored_name, ContentFile(data), save=False)
        found.save()
        _record(
            actor,
            "evidence file",
            found,
            item.assessment.organisation,
            AuditAction.CREATE,
            code=item.code,
            name=checked.original_name,
            size=checked.size,
        )
    return found


def remove_evidence(*, actor: User, attachment: EvidenceAttachment) -> None:
    with transaction.atomic():
        assessment = _editable(actor, attachment.item.assessment)
        _record(
            actor,
            "evidence removed",
            attachment,
            assessment.organisation,
            AuditAction.DELETE,
            title=attachment.title,
        )
        attachment.delete()


def save_action(
    *,
    actor: User,
    assessment: Assessment,
    item: AssessmentItem,
    action: str,
    owner: str,
    due_on: date,
    status: str,
    existing: ActionPlanItem | None = None,
) -> ActionPlanItem:
    if item.assessment_id != assessment.pk:
        raise ValidationError("That item is not part of this assessment")
    with transaction.atomic():
        _editable(actor, assessment)
        found = existing or ActionPlanItem(assessment=assessment)
        found.item, found.action, found.owner, found.due_on, found.status = (
            item,
            action,
            owner,
            due_on,
            status,
        )
        found.save()
        _record(
            actor,
            "action plan item",
            found,
            assessment.organisation,
            AuditAction.UPDATE if existing else AuditAction.CREATE,
            code=item.code,
            status=status,
        )
    return found


def submit(*, actor: User, assessment: Assessment) -> Assessment:
    with transaction.atomic():
        current = _editable(actor, assessment)
        items = list(current.items.prefetch_related("actions"))
        problems = rules.submission_problems(
            [
                rules.ItemAnswer(
                    i.code, rules.ItemStatus(i.status), i.not_applicable_reason, i.actions.exists()
                )
                for i in items
            ]
        )
        if problems:
            raise ValidationError(problems)
        current.status = AssessmentStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.save(update_fields=["status", "submitted_at"])
        AssessmentStatusChange.objects.create(assessment=current, status=current.status, actor=actor)
        _record(actor, "assessment submitted", current, current.organisation)
    return current


def _submitted_by(assessment: Assessment) -> Any:
    change = (
        assessment.status_changes.filter(status=AssessmentStatus.SUBMITTED).order_by("-at", "-id").first()
    )
    return change.actor if change else None


def approve(*, actor: User, assessment: Assessment, approver_name: str, approver_title: str) -> Assessment:
    """The named executive approves; the assessment is then locked for good. Whoever submitted it
    cannot also approve it."""
    policy.require(actor, AssuranceAction.APPROVE_ASSESSMENT, assessment.organisation)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError("Only a submitted assessment can be approved")
        if _submitted_by(current) == actor:
            raise ValidationError("Someone other than the person who submitted it must approve it")
        current.status = AssessmentStatus.APPROVED
        current.approved_at = timezone.now()
        current.approved_by = actor
        current.approver_name = approver_name
        current.approver_title = approver_title
        current.save()
        AssessmentStatusChange.objects.create(
            assessment=current, status=current.status, actor=actor, note=f"{approver_name}, {approver_title}"
        )
        _record(actor, "assessment approved", current, current.organisation, approver_title=approver_title)
    return current


def return_for_changes(*, actor: User, assessment: Assessment, reason: str) -> Assessment:
    policy.require(actor, AssuranceAction.APPROVE_ASSESSMENT, assessment.organisation)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError("Only a submitted assessment can be sent back")
        current.status = AssessmentStatus.DRAFT
        current.submitted_at = None
        current.save(update_fields=["status", "submitted_at"])
        AssessmentStatusChange.objects.create(
            assessment=current, status=current.status, actor=actor, note=reason
        )
        _record(actor, "assessment returned", current, current.organisation, reason=reason)
    return current


def record_workforce_figure(
    *, actor: User, organisation: Organisation, period: str, headcount: int, elearning_completed: int | None
) -> WorkforceFigure:
    policy.require(actor, AssuranceAction.MANAGE_WORKFORCE_FIGURES, organisation)
    if elearning_completed is not None and elearning_completed > headcount:
        raise ValidationError(
            {"elearning_completed": "Staff who completed the e-learning cannot be more than the headcount"}
        )
    with transaction.atomic():
        figure, created = WorkforceFigure.objects.update_or_create(
            organisation=organisation,
            period=period,
            defaults={
                "headcount": headcount,
                "elearning_completed": elearning_completed,
                "recorded_by": actor,
            },
        )
        _record(
            actor,
            "workforce figure",
            figure,
            organisation,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            period=period,
        )
    return figure


def _charter_topic(provider: Organisation) -> str:
    """The reminders asking a provider to confirm its charter steps (see `remind_provider`)."""
    return f"assurance:charter:{provider.ods_code}"


def confirm_charter_progress(
    *,
    actor: User,
    provider: Organisation,
    charter_signed_on: date | None,
    checklist_completed_on: date | None,
    chaperone_policy_reviewed_on: date | None,
) -> CharterProgress:
    """A primary care provider confirms its own steps; the ICB sees them at once."""
    policy.require(actor, AssuranceAction.CONFIRM_CHARTER_PROGRESS, provider)
    with transaction.atomic():
        progress, _ = CharterProgress.objects.select_for_update().get_or_create(provider=provider)
        progress.charter_signed_on = charter_signed_on
        progress.checklist_completed_on = checklist_completed_on
        progress.chaperone_policy_reviewed_on = chaperone_policy_reviewed_on
        progress.save()
        # Confirmed: a reminder to confirm that the sweeper has not sent yet is no longer needed.
        reminders.cancel_unsent(_charter_topic(provider))
        _record(
            actor,
            "charter progress confirmed",
            progress,
            provider,
            signed=str(charter_signed_on),
            checklist=str(checklist_completed_on),
        )
    return progress


def record_icb_contact(*, actor: User, provider: Organisation, contacted_on: date) -> CharterProgress:
    policy.require(actor, AssuranceAction.OVERSEE_PROVIDERS, provider)
    if provider.kind != OrganisationKind.PRIMARY_CARE:
        raise ValidationError("Only primary care providers are tracked here")
    with transaction.atomic():
        progress, _ = CharterProgress.objects.select_for_update().get_or_create(provider=provider)
        progress.contacted_on = contacted_on
        progress.save()
        _record(actor, "ICB contact recorded", progress, provider, contacted_on=str(contacted_on))
    return progress


def remind_provider(*, actor: User, provider: Organisation, confirm_url: str) -> ProviderReminder:
    """Queue a reminder e-mail to the provider's case handlers and administrators; the sweeper sends
    each exactly once."""
    policy.require(actor, AssuranceAction.OVERSEE_PROVIDERS, provider)
    if provider.kind != OrganisationKind.PRIMARY_CARE:
        raise ValidationError("Only primary care providers are tracked here")
    people = {
        m.user
        for m in Membership.objects.filter(
            organisation=provider, role__in=[Role.CASE_HANDLER, Role.ADMINISTRATOR], user__is_active=True
        ).select_related("user")
    }
    if not people:
        raise ValidationError(f"Nobody at {provider.name} uses Rampart yet: contact them another way")
    with transaction.atomic():
        reminders.send_now(
            topic=_charter_topic(provider),
            recipients=people,
            subject="Please confirm your Sexual Safety Charter sign-up and checklist",
            body=(
                f"{actor.get_full_name() or actor.email} at your integrated care board asks "
                f"{provider.name} to confirm that it has signed up to the Sexual Safety Charter and "
                f"completed the self-assurance checklist. Confirm here: {confirm_url}"
            ),
        )
        sent = ProviderReminder.objects.create(provider=provider, sent_by=actor, recipients=len(people))
        _record(actor, "provider reminded", sent, provider, AuditAction.CREATE, recipients=len(people))
    return sent


def record_export(*, actor: User, assessment: Assessment, kind: str) -> None:
    policy.require(actor, AssuranceAction.VIEW_ASSESSMENT, assessment.organisation)
    _record(
        actor, "assessment exported", assessment, assessment.organisation, AuditAction.EXPORT, format=kind
    )
