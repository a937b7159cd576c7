"""Alerts from EPR access scans, what a privacy officer decided about each, and the access events
kept as evidence.

The EPR user id and the patient id identify people, so they are stored encrypted; the database
finds an alert again (re-importing a scan) and a user's other alerts through keyed hashes
(HMAC under RAMPART_INDEX_KEY), never through the identifiers themselves.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from rampart.core.fields import EncryptedTextField


class AlertStatus(models.TextChoices):
    NEW = "new", "To review"
    DISMISSED = "dismissed", "Dismissed"
    CONCERN_RAISED = "concern_raised", "Concern raised"


class DismissalReason(models.TextChoices):
    CARE_NOT_RECORDED = "care_not_recorded", "Legitimate care the EPR did not record"
    AUTHORISED_WORK = "authorised_work", "Authorised work (audit, coding, research, admin)"
    ALREADY_HANDLED = "already_handled", "Already being dealt with"
    OTHER = "other", "Another reason"


class AlertImport(models.Model):
    """One scan's output brought into Rampart (an upload or a scan directory on the server)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="access_alert_imports"
    )
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()
    source = EncryptedTextField(help_text="file names or the scan directory")
    engine = models.CharField(max_length=20, blank=True)
    events_scanned = models.BigIntegerField(null=True, blank=True)
    explained_share = models.FloatField(null=True, blank=True)
    alerts_in_file = models.PositiveIntegerField()
    alerts_new = models.PositiveIntegerField()
    evidence_attached = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"scan import {self.pk}"


class AccessAlert(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="access_alerts"
    )
    scan = models.ForeignKey(AlertImport, on_delete=models.PROTECT, related_name="alerts")
    # HMAC of (EPR user id, patient id, first access): the same alert in a re-imported scan.
    dedup_key = models.CharField(max_length=64)
    # HMAC of the EPR user id: this person's other alerts, without storing the id in the clear.
    user_key = models.CharField(max_length=64)
    epr_user_id = EncryptedTextField()
    patient_id = EncryptedTextField(blank=True, default="")
    first_ts = models.DateTimeField()
    last_ts = models.DateTimeField()
    events = models.PositiveIntegerField()
    explained = models.BooleanField()
    rules = models.JSONField(default=list)
    score = models.FloatField()
    rank = models.PositiveIntegerField()
    # The latest AlertDecision, kept here so the queue can filter; written in the same transaction.
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.NEW)
    report = models.OneToOneField(
        "reporting.Report",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_alert",
    )

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "dedup_key"], name="access_alert_once_per_org"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-score"]),
            models.Index(fields=["organisation", "user_key"]),
        ]

    def __str__(self) -> str:
        return f"access alert {self.public_id}"


class AlertDecision(models.Model):
    """Append-only: what a privacy officer decided about an alert, when and why."""

    alert = models.ForeignKey(AccessAlert, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=16, choices=AlertStatus.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=32, choices=DismissalReason.choices, blank=True)
    details = EncryptedTextField(blank=True, default="")
    # With a concern: who holds the EPR login, as the privacy officer knows it. Only a confirmed
    # identity becomes a weak signal about that person; the EPR user id is never taken as a staff
    # number (null: not asked, or a dismissal).
    subject_confirmed = models.BooleanField(null=True, blank=True)
    subject_name = EncryptedTextField(blank=True, default="")
    subject_role = EncryptedTextField(blank=True, default="")
    subject_staff_number = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.alert} → {self.status}"


class AlertEvidence(models.Model):
    """The access events behind an alert, as CSV, encrypted. Reporting's attachments take only
    images and PDFs, so the events stay here and the report links to them."""

    alert = models.OneToOneField(AccessAlert, on_delete=models.CASCADE, related_name="evidence")
    events_csv = EncryptedTextField()
    rows = models.PositiveIntegerField()
    attached_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"evidence for {self.alert}"
