"""Cumulative patterns: one linked record per professional across the installation, the case parties
and weak signals linked to it, and the alerts raised when that record crosses a threshold.

A `Professional` is created and joined only on an exact identifier (registration number with its
regulator, ESR person number, or staff number within one employer) or on a person's confirmation of an
uncertain name + date-of-birth match. Names alone never join records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rampart.cases.identifiers import ESR, REGISTRATION, IdentifierKeyField, KeepsIdentifierKeys
from rampart.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class Professional(KeepsIdentifierKeys):
    """The same person, as known across every organisation on this installation."""

    created_at = models.DateTimeField()
    # Normalised (see identifiers.normalise) and encrypted; found only through the keyed hashes
    # (cases.identifiers), which are unique when present.
    regulator = models.CharField(max_length=8, blank=True)
    registration_number = EncryptedTextField(blank=True, default="")
    registration_key = IdentifierKeyField(
        kind=REGISTRATION, source="registration_number", regulator_field="regulator", db_index=True
    )
    esr_number = EncryptedTextField("ESR person number", blank=True, default="")
    esr_key = IdentifierKeyField(kind=ESR, source="esr_number", db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration_key"],
                condition=~models.Q(registration_key=""),
                name="professional_registration_once",
            ),
            models.UniqueConstraint(
                fields=["esr_key"], condition=~models.Q(esr_key=""), name="professional_esr_once"
            ),
        ]

    def __str__(self) -> str:
        return f"professional {self.pk}"


class LinkMethod(models.TextChoices):
    REGISTRATION = "registration", "Same professional registration number"
    ESR = "esr", "Same ESR person number"
    STAFF_NUMBER = "staff_number", "Same staff number at the same employer"
    ACCOUNT = "account", "Same Rampart user account"
    CONFIRMED = "confirmed", "Name and date of birth, confirmed by a person"
    NEW = "new", "First record of this person"


class PersonLink(models.Model):
    """Which professional a case person (a party, or the subject of a weak signal) is."""

    person = models.OneToOneField("cases.Person", on_delete=models.CASCADE, related_name="link")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="links")
    method = models.CharField(max_length=16, choices=LinkMethod.choices)
    linked_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.person} is {self.professional}"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a person to decide"
    CONFIRMED = "confirmed", "Confirmed: the same person"
    REJECTED = "rejected", "Rejected: different people"


class MatchCandidate(models.Model):
    """An uncertain match (similar name, same date of birth) waiting for a case handler's decision.
    Never shown to anyone as a match until confirmed; a rejection is kept so it is not asked again."""

    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="match_candidates")
    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="candidates")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING)
    found_at = models.DateTimeField()
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "professional"], name="match_candidate_once"),
        ]

    def __str__(self) -> str:
        return f"possible match {self.pk}"


class SignalKind(models.TextChoices):
    BOUNDARIES = "boundaries", "Blurred professional boundaries"
    COMMENTS = "comments", "Sexual or inappropriate comments or jokes"
    CHAPERONE_REFUSED = "chaperone_refused", "Refused or discouraged a chaperone"
    PATIENT_UNSURE = "patient_unsure", "A patient seemed unsure whether something was appropriate"
    CONTACT = "contact", "Unwanted contact or attention outside work"
    CHAPERONE_CONCERN = "chaperone_concern", "Concern from a chaperone record"
    RECORD_ACCESS = "record_access", "Unusual access to patient records"
    OTHER = "other", "Something else that did not feel right"


class WeakSignal(models.Model):
    """A below-threshold worry about a colleague. Confidential to the organisation's case handlers."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="weak_signals"
    )
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="weak_signals")
    kinds = models.JSONField(default=list)
    description = EncryptedTextField()
    observed_on = models.DateField()
    recorded_at = models.DateTimeField(db_index=True)
    # Null when recorded by Rampart itself from a chaperone concern or an access alert.
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Where it came from when not typed by a person, e.g. "chaperone record CH-…", "access alert …".
    source = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"weak signal {self.pk}"


class AlertStatus(models.TextChoices):
    OPEN = "open", "To review"
    REVIEWED = "reviewed", "Reviewed"
    SUPERSEDED = "superseded", "Replaced by a newer alert about the same person"


class PatternAlert(models.Model):
    """A professional's linked record crossed a threshold; one alert per organisation involved."""

    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="alerts")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="pattern_alerts"
    )
    raised_at = models.DateTimeField(db_index=True)
    reasons = models.JSONField(default=list)  # threshold codes from thresholds.py
    # The linked items when raised: [{"kind": "case"|"signal", "id": …, "organisation": …, "at": …}]
    items = models.JSONField(default=list)
    # A digest of the items, so the same set of items never raises a second alert.
    items_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["professional", "organisation", "items_key"], name="pattern_alert_once"
            ),
        ]

    def __str__(self) -> str:
        return f"pattern alert {self.pk}"


class PatternDecisionKind(models.TextChoices):
    NO_ACTION = "no_action", "No further action: keep on record"
    MONITOR = "monitor", "Keep under review"
    OPEN_CASE = "open_case", "Open a case"
    SHARE = "share", "Contact the other organisation to share information"


class PatternDecision(models.Model):
    """Append-only: a case handler's review of a pattern alert, with reasons."""

    alert = models.ForeignKey(PatternAlert, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=16, choices=PatternDecisionKind.choices)
    reasons = EncryptedTextField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"decision on {self.alert}"
