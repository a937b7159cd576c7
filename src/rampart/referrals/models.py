"""Referral records: one per referral duty on a case, its status history and its evidence checklist."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from rampart.core.fields import EncryptedTextField
from rampart.referrals import rules

USER = settings.AUTH_USER_MODEL


class ReferralStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    NOT_NEEDED = "not_needed", "Not needed"


class Referral(models.Model):
    """A referral or notification a duty asks of the organisation. The current status is kept here,
    written in the same transaction as the ReferralStatusChange row that records it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    duty_code = models.CharField(max_length=40)
    # What the duties engine last said: "required" or "consider", and whether it still finds the duty.
    duty_status = models.CharField(max_length=10)
    indicated = models.BooleanField(
        default=True, help_text="False once the engine no longer finds the duty; the record is kept"
    )
    recipient = models.CharField(max_length=300, blank=True)
    due_on = models.DateField(null=True, blank=True, db_index=True)
    due_set_by_handler = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.TO_DO)
    sent_on = models.DateField(null=True, blank=True)
    recipient_reference = models.CharField(max_length=100, blank=True)
    reason = EncryptedTextField(blank=True, default="")
    changed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    # Optimistic locking: every change names the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "duty_code"], name="one_referral_per_duty"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["sent", "acknowledged"]) | models.Q(sent_on__isnull=False),
                name="referral_sent_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "indicated", "due_on"])]

    def __str__(self) -> str:
        return f"{self.name} on {self.case_id}"

    @property
    def name(self) -> str:
        return rules.REFERRAL_CODES.get(rules.DutyCode(self.duty_code), self.duty_code)

    @property
    def slug(self) -> str:
        return rules.slug(self.duty_code)

    @property
    def status_label(self) -> str:
        return rules.STATUS_LABELS[rules.Status(self.status)]

    @property
    def has_packet(self) -> bool:
        return self.duty_code in rules.PACKET_CODES

    def is_overdue_on(self, today: date) -> bool:
        return rules.is_overdue(
            status=rules.Status(self.status), due_on=self.due_on, indicated=self.indicated, today=today
        )

    def checklist(self) -> tuple[rules.Item, ...]:
        return rules.CHECKLISTS[rules.DutyCode(self.duty_code)]


class ReferralStatusChange(models.Model):
    """Append-only: every status a referral has had, who set it, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    sent_on = models.DateField(null=True, blank=True)
    recipient_reference = models.CharField(max_length=100, blank=True)
    reason = EncryptedTextField(blank=True, default="")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Empty: Rampart"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'}→{self.to_status}"


class EvidenceTick(models.Model):
    """One evidence checklist item gathered for a referral (unticking removes the row)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="ticks")
    item = models.CharField(max_length=40)
    ticked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "item"], name="one_tick_per_item")]

    def __str__(self) -> str:
        return self.item


class NotificationAsk(models.TextChoices):
    FOR_INFORMATION = rules.Ask.FOR_INFORMATION.value, rules.ASK_LABELS[rules.Ask.FOR_INFORMATION]
    ADVICE = rules.Ask.ADVICE.value, rules.ASK_LABELS[rules.Ask.ADVICE]
    CONSIDER_ACTION = rules.Ask.CONSIDER_ACTION.value, rules.ASK_LABELS[rules.Ask.CONSIDER_ACTION]


class Notification(models.Model):
    """A commissioner or MDSIPS notification delivered inside Rampart to the recipient
    organisation's queue, when its referral record was marked sent. It holds the minimum data set,
    copied at that moment: the recipient never sees the case, and no free text travels (no names of
    reporters or patients, no summary). One per case and recipient: a performer's two notification
    duties give one notification to the region (`duties` lists the codes it answers)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    duties = models.JSONField(default=list)
    sender = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="notifications_received"
    )
    # The minimum data set.
    case_reference = models.CharField(max_length=20)
    sent_on = models.DateField()
    subject_role = models.CharField(max_length=40, blank=True)
    subject_regulator = models.CharField(max_length=8, blank=True)
    subject_registration_number = EncryptedTextField(blank=True, default="")
    on_performers_list = models.BooleanField(default=False)
    categories = models.JSONField(default=list)
    sexual_dimension = models.CharField(max_length=10, blank=True)
    asked = models.CharField(max_length=20, choices=NotificationAsk.choices)
    # Delivery and acknowledgement.
    delivered_at = models.DateTimeField()
    chase_on = models.DateField(help_text="Not acknowledged by then: both sides are reminded")
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-delivered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "recipient"], name="one_notification_per_recipient"),
        ]
        indexes = [models.Index(fields=["recipient", "acknowledged_on"])]

    def __str__(self) -> str:
        return f"Notification {self.case_reference} to {self.recipient_id}"

    @property
    def asked_label(self) -> str:
        return rules.ASK_LABELS[rules.Ask(self.asked)]

    @property
    def duty_names(self) -> list[str]:
        return [rules.REFERRAL_CODES.get(rules.DutyCode(c), c) for c in self.duties]

    def is_unacknowledged_past_due(self, today: date) -> bool:
        return rules.is_unacknowledged_past_due(
            acknowledged_on=self.acknowledged_on, chase_on=self.chase_on, today=today
        )
