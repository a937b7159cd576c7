"""Self-assessments against frameworks, their evidence and action plans; workforce figures; and the
primary care charter progress each ICB oversees. Writes go through `services`, never `save()` logic."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rampart.assurance.rules import ItemStatus


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved and locked"


class Assessment(models.Model):
    """One organisation's self-assessment against one framework for one period (e.g. 2025/26).
    Item texts are copied in when it starts, so a later framework version never rewrites history."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="assessments"
    )
    framework_code = models.CharField(max_length=50)
    framework_version = models.CharField(max_length=20)
    framework_title = models.CharField(max_length=200)
    period = models.CharField(max_length=7, help_text="Financial year, like 2025/26")
    status = models.CharField(max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver_name = models.CharField(max_length=200, blank=True)
    approver_title = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework_code", "period"], name="one_assessment_per_period"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_at__isnull=False),
                name="approved_assessment_has_approval_time",
            ),
        ]
        ordering = ["-period", "framework_title"]

    def __str__(self) -> str:
        return f"{self.framework_title} {self.period} — {self.organisation}"

    @property
    def is_locked(self) -> bool:
        return self.status != AssessmentStatus.DRAFT


class AssessmentStatusChange(models.Model):
    """Append-only history of status changes with who made them and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=16, choices=AssessmentStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"


class AssessmentItem(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    section_code = models.CharField(max_length=20)
    section_title = models.CharField(max_length=300)
    code = models.CharField(max_length=20)
    text = models.TextField()
    source = models.CharField(max_length=300, blank=True)
    evidence_keys = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16,
        choices=[
            (ItemStatus.NOT_STARTED, "Not started"),
            (ItemStatus.PARTLY_MET, "Partly met"),
            (ItemStatus.MET, "Met"),
            (ItemStatus.EXCEEDED, "Exceeded"),
            (ItemStatus.NOT_APPLICABLE, "Not applicable"),
        ],
        default=ItemStatus.NOT_STARTED,
    )
    not_applicable_reason = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    evidence_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="unique_item_code")]
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"


class EvidenceAttachment(models.Model):
    """A link or an uploaded file supporting an item."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="assurance/evidence/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(file="")) | (~models.Q(url="") & models.Q(file="")),
                name="evidence_is_a_link_or_a_file",
            )
        ]
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ActionPlanItem(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action[:60]


class WorkforceFigure(models.Model):
    """Headcount (and, until Rampart holds training records, imported e-learning completions) for an
    organisation over a period, so rates such as reports per 1,000 staff can be worked out."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="workforce_figures"
    )
    period = models.CharField(max_length=7)
    headcount = models.PositiveIntegerField()
    elearning_completed = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"], name="one_workforce_figure_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(elearning_completed__isnull=True)
                | models.Q(elearning_completed__lte=models.F("headcount")),
                name="elearning_not_more_than_headcount",
            ),
        ]
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period}: {self.headcount} staff"


class CharterProgress(models.Model):
    """A primary care provider's charter sign-up and checklist, and the ICB's contact, with dates.
    The provider confirms its own steps; the ICB records its contact."""

    provider = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="charter_progress"
    )
    charter_signed_on = models.DateField(null=True, blank=True)
    checklist_completed_on = models.DateField(null=True, blank=True)
    chaperone_policy_reviewed_on = models.DateField(null=True, blank=True)
    contacted_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Charter progress for {self.provider}"


class ProviderReminder(models.Model):
    """An ICB's reminder to a provider that has not confirmed; one row per reminder sent."""

    provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Reminder to {self.provider} at {self.sent_at:%Y-%m-%d %H:%M}"
