"""Chaperone records of intimate examinations, their addenda and the concerns raised from them.

The patient is referenced only by a pseudonymous identifier; free text is encrypted at rest. A record
may be changed for 24 hours after it is made (`rules.can_edit`); after that it never changes and
corrections are addenda, new rows with their author, time and reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rampart.chaperoning import rules
from rampart.core.fields import EncryptedTextField


class ChaperoneRecord(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="chaperone_records"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaperone_records_made"
    )
    recorder_role = models.CharField(max_length=12, choices=rules.RECORDER_ROLES)
    recorded_at = models.DateTimeField(db_index=True)
    examined_at = models.DateTimeField()
    # The examining clinician: a Rampart user when known, always a name for the reports.
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaperone_records_examined",
    )
    examiner_name = models.CharField(max_length=200)
    patient_ref = EncryptedTextField(help_text="Pseudonymous identifier, never a name")
    setting = models.CharField(max_length=16, choices=rules.SETTINGS)
    department = models.CharField(max_length=100)
    procedure = models.CharField(max_length=200)
    intimacy = models.CharField(max_length=12, choices=rules.INTIMACY)
    purpose_explained = models.BooleanField()
    purpose = EncryptedTextField(blank=True, default="")
    consent = models.CharField(max_length=16, choices=rules.CONSENT)
    capacity = models.CharField(max_length=16, choices=rules.CAPACITY)
    capacity_notes = EncryptedTextField(blank=True, default="")
    offer = models.CharField(max_length=20, choices=rules.OFFERS)
    # The chaperone: a Rampart user or a named person (e.g. bank staff). Training is looked up in the
    # learning records when the record is made and kept here, so the audit shows what was true then.
    chaperone_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaperone_records_chaperoned",
    )
    chaperone_name = models.CharField(max_length=200, blank=True)
    chaperone_staff_number = models.CharField(max_length=30, blank=True)
    chaperone_role = models.CharField(max_length=100, blank=True)
    chaperone_trained = models.BooleanField(null=True, blank=True)
    observed_throughout = models.BooleanField(null=True, blank=True)
    informal_companion = models.BooleanField()
    deferred = models.BooleanField()
    deferral_reason = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-examined_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "examined_at"]),
            models.Index(fields=["recorded_by", "-recorded_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deferred=False) | ~models.Q(deferral_reason=""),
                name="deferred_examination_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def has_chaperone(self) -> bool:
        return rules.chaperone_present(self.offer, self.deferred)

    def facts(self, concerns: int = 0) -> rules.RecordFacts:
        return rules.RecordFacts(
            examined_on=self.examined_at.date(),
            department=self.department,
            clinician=self.examiner_name,
            offer=self.offer,
            purpose_documented=bool(self.purpose.strip()),
            purpose_explained=self.purpose_explained,
            deferred=self.deferred,
            chaperone_trained=self.chaperone_trained,
            observed_throughout=self.observed_throughout,
            concerns=concerns,
        )


class Addendum(models.Model):
    """Append-only: a correction or addition after the 24 hours, with who wrote it, when and why."""

    record = models.ForeignKey(ChaperoneRecord, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    reason = EncryptedTextField()
    text = EncryptedTextField()

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"addendum to {self.record}"


class ChaperoneConcern(models.Model):
    """A concern raised from a record; it becomes a confidential report in the case handlers' triage
    queue at once (`report`)."""

    record = models.ForeignKey(ChaperoneRecord, on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    text = EncryptedTextField()
    # Whom it is about, as the person raising it said (`rules.ConcernAbout`; empty on concerns raised
    # before the question was asked). A weak signal is recorded only about a person named here.
    about = models.CharField(max_length=16, choices=rules.CONCERN_ABOUT, blank=True)
    about_name = EncryptedTextField(blank=True, default="")
    about_role = EncryptedTextField(blank=True, default="")
    about_staff_number = EncryptedTextField(blank=True, default="")
    report = models.OneToOneField(
        "reporting.Report", on_delete=models.PROTECT, related_name="chaperone_concern"
    )

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"concern on {self.record}"
