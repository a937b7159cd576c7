"""Information sharing: who to contact, onboarding checks (every search with its purpose) and
disclosures between organisations (status as append-only rows; the disclosure's text encrypted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rampart.core.fields import EncryptedTextField
from rampart.sharing import rules

USER = settings.AUTH_USER_MODEL

PURPOSE_CHOICES = [(p.value, rules.PURPOSE_LABELS[p]) for p in rules.Purpose]
BASIS_CHOICES = [(b.value, rules.BASIS_LABELS[b]) for b in rules.LawfulBasis]
CONDITION_CHOICES = [(c.value, rules.CONDITION_LABELS[c]) for c in rules.Condition]
STATUS_CHOICES = [(s.value, rules.STATUS_LABELS[s]) for s in rules.Status]
TOLD_CHOICES = [(t.value, rules.TOLD_LABELS[t]) for t in rules.Told]


class SharingContact(models.Model):
    """Who other organisations should contact about concerns: one per organisation."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="sharing_contact"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"sharing contact for {self.organisation_id}"


class OnboardingCheck(models.Model):
    """One search by a recruiting organisation, with its purpose. The identifier searched is kept
    encrypted, with a keyed hash to find repeated searches; never in the clear."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(db_index=True)
    regulator = models.CharField(max_length=8, blank=True)
    identifier = EncryptedTextField()
    identifier_key = models.CharField(max_length=64, db_index=True)
    candidate_name = EncryptedTextField()
    role = models.CharField(max_length=100)
    purpose = models.CharField(max_length=16, choices=PURPOSE_CHOICES)
    purpose_details = EncryptedTextField()
    professional = models.ForeignKey(
        "patterns.Professional", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # [{"organisation": ods code, "categories": [...]}]: categories only, never content.
    result = models.JSONField(default=list)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"onboarding check {self.pk}"


class Disclosure(models.Model):
    """A request from one organisation to another to share what it holds about a professional, and
    the disclosure the holder prepares. `status` mirrors the latest DisclosureStatusChange row."""

    reference = models.CharField(max_length=20, unique=True)
    professional = models.ForeignKey("patterns.Professional", on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    onboarding_check = models.ForeignKey(
        OnboardingCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=16, choices=PURPOSE_CHOICES)
    purpose_details = EncryptedTextField()
    basis_requested = models.CharField(max_length=40, choices=BASIS_CHOICES)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=rules.Status.REQUESTED)
    # The disclosure itself, written by the holder.
    findings = EncryptedTextField(blank=True, default="")
    dbs_information = EncryptedTextField(blank=True, default="")
    pattern_summary = EncryptedTextField(blank=True, default="")
    person_comments = EncryptedTextField(blank=True, default="")
    # Whether the person was told what will be shared (`rules.told_problem`), and when, or why not.
    person_told = models.CharField(max_length=10, choices=TOLD_CHOICES, blank=True)
    person_told_on = models.DateField(null=True, blank=True)
    not_told_reason = EncryptedTextField(blank=True, default="")
    lawful_basis = models.CharField(max_length=40, choices=BASIS_CHOICES, blank=True)
    # Whether it includes special category or criminal offence data, and then the Data Protection Act
    # 2018 Schedule 1 condition relied on (`rules.condition_problem`); null until prepared.
    special_category = models.BooleanField(null=True, blank=True)
    condition = models.CharField(max_length=16, choices=CONDITION_CHOICES, blank=True)
    prepared_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["holder", "status"]),
            models.Index(fields=["requester", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def status_label(self) -> str:
        return rules.STATUS_LABELS[rules.Status(self.status)]

    @property
    def told_statement(self) -> str:
        return rules.told_statement(self.person_told, self.person_told_on)

    @property
    def basis_label(self) -> str:
        return rules.BASIS_LABELS[rules.LawfulBasis(self.lawful_basis)] if self.lawful_basis else ""

    @property
    def condition_label(self) -> str:
        """The Schedule 1 condition as the letter prints it ("" before it is prepared)."""
        if self.condition:
            return rules.CONDITION_LABELS[rules.Condition(self.condition)]
        if self.special_category is False:
            return "Not needed: the disclosure includes no special category or criminal offence data"
        return ""


class DisclosureStatusChange(models.Model):
    """Append-only: every status a disclosure has had, who set it, when and why."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=STATUS_CHOICES)
    reason = EncryptedTextField(blank=True, default="")
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'}→{self.to_status}"
