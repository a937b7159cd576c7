"""Forms for information sharing; each field renders as its NHS.UK component."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from rampart.cases import registration
from rampart.cases.models import Regulator
from rampart.core.forms import DateField
from rampart.sharing import rules
from rampart.sharing.models import PURPOSE_CHOICES, TOLD_CHOICES


def _bases(holder_kind: str) -> list[tuple[str, str]]:
    """Only the lawful bases the holder can rely on (`rules.bases_for`)."""
    return [(b.value, rules.BASIS_LABELS[b]) for b in rules.bases_for(holder_kind)]


def _text(
    label: str, *, max_length: int = 200, required: bool = True, help_text: str = "", area: bool = False
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if area else forms.TextInput,
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class ContactForm(forms.Form):
    name = _text("Name")
    role = _text("Role", help_text="For example, Head of People Services or Safeguarding lead")
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter an e-mail address",
            "invalid": "Enter an e-mail address like name@example.nhs.uk",
        },
    )
    phone = _text("Telephone (optional)", max_length=40, required=False)


CHECK_ARGUMENTS = (
    "candidate_name",
    "role",
    "purpose",
    "purpose_details",
    "regulator",
    "registration_number",
    "esr_number",
)


class CheckForm(forms.Form):
    identifier_kind = forms.ChoiceField(
        label="How will you identify the candidate?",
        choices=[("registration", "Professional registration number"), ("esr", "ESR person number")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you will identify the candidate"},
    )
    regulator = forms.ChoiceField(
        label="Regulator", choices=[("", "Choose a regulator"), *Regulator.choices], required=False
    )
    registration_number = _text("Registration number", max_length=20, required=False)
    esr_number = _text("ESR person number", max_length=20, required=False)
    candidate_name = _text("Candidate's full name")
    role = _text(
        "Role they are joining as", max_length=100, help_text="For example, staff nurse, locum registrar"
    )
    purpose = forms.ChoiceField(
        label="Why are you checking?",
        choices=PURPOSE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are checking: no purpose, no search"},
    )
    purpose_details = _text(
        "Details of the purpose",
        max_length=2000,
        area=True,
        help_text="For example, the post, the vacancy reference or the placement and its dates",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("identifier_kind") == "registration":
            if not data.get("regulator"):
                self.add_error("regulator", "Select the professional regulator")
            else:
                problem = registration.registration_problem(
                    data["regulator"], data.get("registration_number", "")
                )
                if problem:
                    self.add_error("registration_number", problem)
            data["esr_number"] = ""
        elif data.get("identifier_kind") == "esr":
            problem = registration.esr_problem(data.get("esr_number", ""))
            if problem:
                self.add_error("esr_number", problem)
            data["registration_number"] = ""
        return data

    def check_arguments(self) -> dict[str, str]:
        """The valid answers as `services.run_onboarding_check` takes them (page and API alike)."""
        return {name: self.cleaned_data.get(name, "") for name in CHECK_ARGUMENTS}


class RequestForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Why do you need this information?",
        choices=PURPOSE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need this information"},
    )
    purpose_details = _text("Details of the purpose", max_length=2000, area=True)
    basis_requested = forms.ChoiceField(
        label="Lawful basis you are asking the holder to rely on",
        help_text="The bases this holder can rely on (UK GDPR Article 6). No law obliges one employer to "
        "share with another, so legal obligation is not one of them.",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a lawful basis",
            "invalid_choice": "Select a lawful basis this holder can rely on",
        },
    )

    def __init__(self, *args: Any, holder_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis_requested"].choices = _bases(holder_kind)  # type: ignore[attr-defined]


class PrepareForm(forms.Form):
    findings = _text("Investigation findings", max_length=20000, area=True)
    dbs_information = _text("Relevant DBS information", max_length=5000, area=True)
    pattern_summary = _text(
        "Cumulative pattern summary",
        max_length=5000,
        area=True,
        help_text="Generated from your records: check and edit",
    )
    person_comments = _text(
        "The person's comments",
        max_length=10000,
        area=True,
        required=False,
        help_text="What the person said when you told them what you will share (their right to reply)",
    )
    person_told = forms.ChoiceField(
        label="Have you told the person what you will share?",
        choices=TOLD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether you have told the person what you will share",
            "invalid_choice": "Say whether you have told the person what you will share",
        },
    )
    person_told_on = DateField(label="Date you told them (if you have)", required=False)
    not_told_reason = _text(
        "Why they have not been told (if you have not)",
        max_length=5000,
        area=True,
        required=False,
        help_text="The requester will be asked not to tell them without speaking to you first",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for this disclosure",
        help_text="UK GDPR Article 6: the bases your organisation can rely on. No law obliges you to "
        "share this, so legal obligation is not one of them.",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the lawful basis",
            "invalid_choice": "Select a lawful basis your organisation can rely on",
        },
    )
    special_category = forms.TypedChoiceField(
        label="Does the disclosure include special category or criminal offence data?",
        help_text="For example an allegation of a sexual offence (criminal offence data, proven or not), "
        "or anything about someone's sex life or health.",
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether the disclosure includes special category or criminal offence data",
            "invalid_choice": "Say whether the disclosure includes special category or criminal offence data",
        },
    )
    condition = forms.ChoiceField(
        label="Data Protection Act 2018 Schedule 1 condition (if it does)",
        help_text="The condition for special category data (UK GDPR Article 9(2)(g)) and criminal "
        "offence data (Article 10) you rely on. Check it is covered by your appropriate policy document.",
        choices=(),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a condition your organisation can rely on"},
    )

    def __init__(self, *args: Any, holder_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holder_kind = holder_kind
        self.fields["lawful_basis"].choices = _bases(holder_kind)  # type: ignore[attr-defined]
        self.fields["condition"].choices = [  # type: ignore[attr-defined]
            (c.value, rules.CONDITION_LABELS[c]) for c in rules.conditions_for(holder_kind)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "person_told" in data and "person_told_on" not in self.errors:
            problem = rules.told_problem(
                data["person_told"],
                data.get("person_told_on"),
                data.get("not_told_reason", ""),
                timezone.localdate(),
            )
            if problem:
                self.add_error(*problem)
        if "special_category" in data and "condition" not in self.errors:
            problem = rules.condition_problem(
                data["special_category"], data.get("condition", ""), holder_kind=self._holder_kind
            )
            if problem:
                self.add_error(*problem)
        return data


class ReasonForm(forms.Form):
    reason = _text("Your reasons", max_length=5000, area=True)


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Investigations",
        choices=[("", "All"), ("ongoing", "Ongoing"), ("completed", "Completed")],
        required=False,
    )
    q = _text("Staff number, ESR number or case reference", max_length=40, required=False)
