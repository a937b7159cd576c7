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
