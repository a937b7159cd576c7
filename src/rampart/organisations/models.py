"""NHS England region → integrated care board → provider, identified by ODS code."""

from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    NATIONAL = "national", "National body"
    REGION = "region", "NHS England region"
    ICB = "icb", "Integrated care board"
    NHS_TRUST = "nhs_trust", "NHS trust"
    PRIMARY_CARE = "primary_care", "Primary care provider"
    INDEPENDENT_PROVIDER = "independent_provider", "Independent provider"
    SOCIAL_CARE = "social_care", "Social care provider"


PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.NHS_TRUST,
        OrganisationKind.PRIMARY_CARE,
        OrganisationKind.INDEPENDENT_PROVIDER,
        OrganisationKind.SOCIAL_CARE,
    }
)

# The settings that change an organisation's duties, by kind, when it is set up and nobody says otherwise
# (organisations.services.upsert_organisation): (CQC-registered, regulated activity provider). Providers
# of health or social care in England register with the CQC (Health and Social Care Act 2008, s10) and
# their clinicians' and carers' work is regulated activity (Safeguarding Vulnerable Groups Act 2006,
# Schedule 4), so a missing answer must not quietly drop the CQC and DBS duties; commissioners and
# national bodies provide no care themselves.
DUTY_DEFAULTS: dict[str, tuple[bool, bool]] = {
    OrganisationKind.NATIONAL: (False, False),
    OrganisationKind.REGION: (False, False),
    OrganisationKind.ICB: (False, False),
    **{kind: (True, True) for kind in PROVIDER_KINDS},
}

# Which kind of organisation may sit directly under which.
ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    OrganisationKind.NATIONAL: frozenset(),
    OrganisationKind.REGION: frozenset({OrganisationKind.NATIONAL}),
    OrganisationKind.ICB: frozenset({OrganisationKind.REGION}),
    **{kind: frozenset({OrganisationKind.ICB}) for kind in PROVIDER_KINDS},
}


class Organisation(models.Model):
    ods_code = models.CharField("ODS code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    cqc_registered = models.BooleanField("CQC-registered", default=False)
    regulated_activity_provider = models.BooleanField(default=False)
    accepts_reports = models.BooleanField(default=True, help_text="Shown in the public reporting journey")
    # ICBs merge and regions change: keep the structure as dated data.
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

    @property
    def is_provider(self) -> bool:
        return self.kind in PROVIDER_KINDS

    def ancestors(self) -> list[Organisation]:
        """Parent, grandparent, ... (at most four levels, so a loop of queries is fine)."""
        chain: list[Organisation] = []
        node = self.parent
        while node is not None and len(chain) < 5:
            chain.append(node)
            node = node.parent
        return chain
