"""Reports of concerns, anonymous receipts, the two-way inbox, attachments and signposting."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rampart.core.fields import EncryptedTextField


class Anonymity(models.TextChoices):
    NAMED = "named", "Named"
    CONFIDENTIAL = "confidential", "Confidential"
    ANONYMOUS = "anonymous", "Anonymous"


class About(models.TextChoices):
    PATIENT = "patient", "A patient"
    STAFF = "staff", "A member of staff"
    STUDENT = "student", "A student or trainee"
    CONTRACTOR = "contractor", "A contractor or agency worker"
    VISITOR = "visitor", "A visitor"
    OTHER = "other", "Someone else"


class Affected(models.TextChoices):
    ME = "me", "Me"
    PATIENT = "patient", "A patient"
    STAFF = "staff", "A member of staff"
    STUDENT = "student", "A student or trainee"
    VISITOR = "visitor", "A visitor"
    OTHER = "other", "Someone else"


class ReportStatus(models.TextChoices):
    """What the reporter sees."""

    RECEIVED = "received", "Received"
    UNDER_REVIEW = "under_review", "Being looked at"
    IN_PROGRESS = "in_progress", "Action being taken"
    CLOSED = "closed", "Closed"


class Report(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="reports"
    )
    anonymity = models.CharField(max_length=16, choices=Anonymity.choices)
    about = models.CharField(max_length=16, choices=About.choices)
    affected = models.CharField(max_length=16, choices=Affected.choices, blank=True)
    what_happened = EncryptedTextField()
    categories = models.JSONField(default=list, blank=True)
    happened_on = models.DateField(null=True, blank=True)
    where = EncryptedTextField(blank=True, default="")
    still_happening = models.CharField(max_length=8, blank=True)
    someone_in_danger = models.BooleanField(default=False)
    # Identity: empty for anonymous reports; for confidential ones shown only through "reveal".
    reporter_name = EncryptedTextField(blank=True, default="")
    reporter_email = EncryptedTextField(blank=True, default="")
    reporter_phone = EncryptedTextField(blank=True, default="")
    received_at = models.DateTimeField(db_index=True)
    # The latest ReportStatusChange, kept here so queues can filter; written in the same transaction.
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["organisation", "status", "-received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(anonymity="anonymous")
                | (models.Q(reporter_name="") & models.Q(reporter_email="") & models.Q(reporter_phone="")),
                name="anonymous_report_has_no_identity",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def keeps_time_of_day(self) -> bool:
        """An anonymous report keeps only the day of its times (`journey.kept_time`), so pages show
        no time of day for it; the rule is asked here, never written again in a template."""
        return self.anonymity != Anonymity.ANONYMOUS

    @property
    def reporter_has_inbox(self) -> bool:
        """Whether the reporter can read the case team's messages: they hold a receipt code (every
        report sent through the web pages, and anonymous ones through the API), or they are named
        and gave an e-mail address, so they can ask for a sign-in link."""
        named_with_email = self.anonymity == Anonymity.NAMED and bool(self.reporter_email)
        return named_with_email or hasattr(self, "receipt")


class ReportStatusChange(models.Model):
    """Append-only: the reporter-visible status over time, with who changed it and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=16, choices=ReportStatus.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} → {self.status}"


class Receipt(models.Model):
    """A reporter's key to the inbox: every report sent through the web journey has one (named,
    confidential and anonymous alike); through the API only anonymous ones (CONTRACTS.md §2). The
    code itself is never stored: only a slow salted hash (Argon2) and a keyed lookup index (HMAC
    with RAMPART_INDEX_KEY) to find the row."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="receipt")
    lookup = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"receipt for {self.report}"


class Sender(models.TextChoices):
    REPORTER = "reporter", "You"
    CASE_TEAM = "case_team", "Case team"


class Message(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=16, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = EncryptedTextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.sender} message on {self.report}"


class OutcomeStatement(models.Model):
    """What the case handler tells the reporter about the outcome, within what the policy allows
    (the guidance on the form says what may be shared). Append-only: a corrected statement is a new
    row, and the reporter's inbox shows the latest, only once the case (or the report) is closed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="outcome_statements")
    text = EncryptedTextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The day only for an anonymous report (journey.kept_time), like its messages.
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"outcome statement on {self.report}"


class SignInLink(models.Model):
    """A named reporter's one-time way into the inbox, e-mailed to the address they gave. The link
    carries a signed random nonce (django.core.signing, expiring); only the nonce's SHA-256 is kept
    here, and the row is deleted when the link is used, so it works once. Expired rows are swept."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    nonce_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"sign-in link for {self.report}"


class Attachment(models.Model):
    """A file sent with a report, metadata stripped, stored encrypted in the database."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    draft = models.ForeignKey(
        "ReportDraft", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = EncryptedTextField(help_text="base64 of the cleaned file, encrypted")

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class ReportDraft(models.Model):
    """Answers kept between the pages of the public journey, encrypted; deleted on submission and
    swept after two hours. Identified by a random token in a cookie, never linked to the report."""

    token_hash = models.CharField(max_length=64, unique=True)
    answers = EncryptedTextField(default="{}")
    updated_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"draft {self.pk}"


class SupportService(models.Model):
    """Where an organisation signposts reporters: ISVA, occupational health, FTSU Guardian, ..."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="support_services"
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["organisation", "order", "name"]

    def __str__(self) -> str:
        return self.name


class HandlerNotice(models.Model):
    """An e-mail to the case handlers waiting for its moment: a public report or a reporter's message
    is told to them 5 to 60 minutes later (chosen at random), so the e-mail's time does not say when
    the reporter acted. The sweeper sends it once and deletes the row; no creation time is kept."""

    class Kind(models.TextChoices):
        NEW_REPORT = "new_report", "New report"
        REPORTER_MESSAGE = "reporter_message", "Message from the reporter"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.report} due {self.due_at:%Y-%m-%d %H:%M}"
