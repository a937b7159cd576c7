"""The audit log and the reminder rows that the sweeper sends."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from rampart.core.hashchain import GENESIS


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    READ = "read", "Viewed"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Wrong security code"
    LOCKED_OUT = "locked_out", "Account locked"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_OUT_EVERYWHERE = "sign_out_everywhere", "Signed out everywhere"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Set up two-factor sign-in"
    RECOVERY_CODE_USED = "recovery_code_used", "Used a recovery code"
    PERMISSION_DENIED = "permission_denied", "Permission denied"
    EXPORT = "export", "Exported"
    KEY_ROTATED = "key_rotated", "Data key rotated"


class AuditEntry(models.Model):
    """One append-only entry, chained by an HMAC under RAMPART_AUDIT_KEY (`core.hashchain`) and
    numbered 1, 2, 3 ... by `core.audit.record`. Never updated or deleted by the application.

    On PostgreSQL triggers refuse UPDATE, DELETE (migration 0002) and TRUNCATE (0005), and the
    application's role has only INSERT and SELECT on the table (`rampart audit grant-app-role`);
    `rampart audit verify` recomputes the chain and checks it against the signed checkpoints kept
    outside the database, to find any entry changed or removed behind the application's back.
    """

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, default=GENESIS)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organisation", "-id"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "-id"]),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_type}"

    def chained_fields(self) -> dict[str, Any]:
        """Exactly the fields the hash covers."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "organisation": self.organisation_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "detail": self.detail,
        }


class Reminder(models.Model):
    """A reminder due at a time; the sweeper sends each exactly once (sent_at is set in the same
    transaction that queues the e-mail task)."""

    due_at = models.DateTimeField(db_index=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    topic = models.CharField(
        max_length=100, blank=True, help_text="What the reminder is about, e.g. case:123"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.subject} (due {self.due_at:%Y-%m-%d %H:%M})"


class RateLimitBucket(models.Model):
    """A counter per key and time window. Keys are hashes or coarse names, never IP addresses."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="unique_bucket")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start:%H:%M}"
