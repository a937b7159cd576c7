"""Training records: who completed which course and when it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper


class Course(models.TextChoices):
    SPECIALIST_INVESTIGATION = "specialist_investigation", "Specialist sexual misconduct investigation"
    CHAPERONE = "chaperone", "Chaperone training"
    SEXUAL_SAFETY_ELEARNING = "sexual_safety_elearning", "Sexual safety e-learning"
    RESPONSIBLE_OFFICER = "responsible_officer", "Responsible officer sexual misconduct training"
    TRAIN_THE_TRAINER = "train_the_trainer", "Train the trainer"


class TrainingRecord(models.Model):
    """One completion of a course by a person at an organisation. A Rampart user is linked when the
    person has an account; others (e.g. bank chaperones) are recorded by name and staff number."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="training_records"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_records",
    )
    person_name = models.CharField(max_length=200)
    staff_number = models.CharField(max_length=30, blank=True)
    course = models.CharField(max_length=40, choices=Course.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_name", "course", "-completed_on"]
        indexes = [
            models.Index(fields=["organisation", "course", "expires_on"]),
            # Staff numbers are matched ignoring case (a chaperone's training): the index is on
            # UPPER(staff_number), the expression the lookups compare, so the database can use it.
            models.Index(Upper("staff_number"), name="learning_staff_number_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("completed_on")),
                name="training_expires_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}: {self.get_course_display()} ({self.completed_on})"
