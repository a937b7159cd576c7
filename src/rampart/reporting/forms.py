"""One form per page of the public journey, each saying what it adds to the answers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms

from rampart.core.forms import DateField
from rampart.reporting.models import About, Affected, Anonymity

CATEGORIES = [
    ("unwanted_touching", "Touching without consent"),
    ("sexual_comments", "Sexual comments or jokes"),
    ("sexual_harassment", "Unwanted sexual attention or advances"),
    ("sexual_assault", "Sexual assault or rape"),
    ("inappropriate_examination", "An examination or procedure that did not feel right"),
    ("boundary_breach", "Getting too personal or close, or grooming"),
    ("indecent_images", "Sexual images, videos or messages"),
    ("indecent_exposure", "Exposing themselves"),
    ("stalking", "Following, watching or stalking"),
    ("inappropriate_records_access", "Looking at someone's records without a reason"),
    ("other", "Something else"),
]
MAX_TEXT = 10_000


class StepForm(forms.Form):
    """A page of the journey: `to_answers` gives what it records, `from_answers` fills it back in."""

    def to_answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    @classmethod
    def from_answers(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {name: answers.get(name) for name in cls.base_fields if answers.get(name) not in (None, "")}


def _radios(choices: Any, required_message: str, label: str, hints: dict[str, str] | None = None) -> Any:
    field = forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    field.item_hints = hints or {}  # type: ignore[attr-defined]
    return field


class OrganisationForm(StepForm):
    organisation = forms.CharField(
        max_length=12, error_messages={"required": "Select the organisation where it happened"}
    )

    def __init__(self, *args: Any, choices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices or []

    def clean_organisation(self) -> str:
        from rampart.organisations.models import Organisation

        code = self.cleaned_data["organisation"].strip().upper()
        if not Organisation.objects.filter(ods_code=code, accepts_reports=True).exists():
            raise forms.ValidationError("Select the organisation where it happened")
        return code


class AboutForm(StepForm):
    about = _radios(About.choices, "Select who your concern is about", "Who is your concern about?")


class AffectedForm(StepForm):
    affected = _radios(Affected.choices, "Select who was affected", "Who was affected?")


class WhatHappenedForm(StepForm):
    what_happened = forms.CharField(
        label="What happened?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Tell us in your own words. Include what was said or done, and who was there, if you can. "
        "You do not need to be sure it was wrong.",
        error_messages={
            "required": "Tell us what happened",
            "max_length": f"What happened must be {MAX_TEXT:,} characters or fewer",
        },
    )
    categories = forms.MultipleChoiceField(
        label="Which of these describe it? (optional)",
        choices=CATEGORIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select from the list"},
    )


class WhenWhereForm(StepForm):
    happened_on = DateField(
        label="When did it happen? (optional)",
        what="The date",
        required=False,
        help_text="If you know the date, for example, 15 3 2026. "
        "If it happened more than once, give the most recent.",
        past_only=True,
    )
    where = forms.CharField(
        label="Where did it happen? (optional)",
        max_length=500,
        required=False,
        help_text="For example, the ward, department, surgery or the person's home",
        error_messages={"max_length": "Where it happened must be 500 characters or fewer"},
    )

    def to_answers(self) -> dict[str, Any]:
        return {
            "happened_on": happened.isoformat()
            if (happened := self.cleaned_data.get("happened_on"))
            else None,
            "where": self.cleaned_data.get("where", ""),
        }

    @classmethod
    def from_answers(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"where": answers.get("where", "")}
        if answers.get("happened_on"):
            initial["happened_on"] = date.fromisoformat(answers["happened_on"])
        return initial


class SafetyForm(StepForm):
    still_happening = _radios(
        [("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure")],
        "Select whether it is still happening",
        "Is it still happening?",
    )
    someone_in_danger = _radios(
        [("yes", "Yes"), ("no", "No")],
        "Select whether anyone is in danger now",
        "Is anyone in danger right now?",
    )

    def to_answers(self) -> dict[str, Any]:
        return {
            "still_happening": self.cleaned_data["still_happening"],
            "someone_in_danger": self.cleaned_data["someone_in_danger"] == "yes",
        }

    @classmethod
    def from_answers(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        if answers.get("still_happening"):
            initial["still_happening"] = answers["still_happening"]
        if "someone_in_danger" in answers:
            initial["someone_in_danger"] = "yes" if answers["someone_in_danger"] else "no"
        return initial


ANONYMITY_HINTS = {
    Anonymity.NAMED: "The people looking into your concern will know who you are. They can contact you and "
    "keep you updated.",
    Anonymity.CONFIDENTIAL: "Only the case handler can see who you are, and only when they need to. "
    "Your name "
    "is not shared with the person you are reporting without your agreement.",
    Anonymity.ANONYMOUS: "Nobody can find out who you are. We do not keep your name, contact details, IP "
    "address or device. You get a receipt code to read replies and answer questions.",
}


class AnonymityForm(StepForm):
    anonymity = _radios(
        Anonymity.choices, "Select how you want to be known", "How do you want to be known?", ANONYMITY_HINTS
    )


PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


class ContactForm(StepForm):
    reporter_name = forms.CharField(
        label="Your name",
        max_length=200,
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 200 characters or fewer",
        },
    )
    reporter_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    reporter_phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        help_text="For example, 07700 900 982",
        error_messages={"max_length": "Enter a phone number, like 07700 900 982"},
    )

    def clean_reporter_phone(self) -> str:
        phone = self.cleaned_data.get("reporter_phone", "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("reporter_email") or data.get("reporter_phone")):
            self.add_error("reporter_email", "Enter an email address or a phone number so we can reach you")
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Add a file (optional)",
        required=False,
        help_text="Photos (JPEG or PNG) or PDF documents, up to 10MB each. "
        "We remove hidden details such as location and author before storing them.",
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 5,000 characters or fewer",
        },
    )


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label="Receipt code",
        max_length=40,
        help_text="The 16-digit code you were given when you sent your report",
        error_messages={"required": "Enter your receipt code"},
    )

    def clean_code(self) -> str:
        from rampart.reporting.codes import normalise_receipt_code

        code = normalise_receipt_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError("A receipt code is 16 numbers, like 1234 5678 9012 3456")
        return code


class SignInLinkForm(forms.Form):
    """A named reporter asks for a one-time sign-in link to the e-mail address they gave."""

    reference = forms.CharField(
        label="Report reference",
        max_length=20,
        help_text="On the page you saw when you sent your report, like RPT-7K3M-9Q2X",
        error_messages={"required": "Enter your report reference"},
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="The address you gave with your report",
        error_messages={
            "required": "Enter the e-mail address you gave with your report",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )


# What the case handler may put in an outcome statement. Built from the source documents: the
# national policy framework's disciplinary and conduct processes decide sanctions (seed 003, "these
# decisions would typically be governed by policies relating to managing conduct (disciplinary)"),
# and the response must be "compassionate, trauma-informed, fair and effective" (seed 001) and support
# those affected "to rebuild their confidence and trust" (seed 000). docs/reporter-way-back.md says more.
OUTCOME_GUIDANCE = (
    "Say that the concern was looked into, how (for example, an investigation or a review by "
    "senior staff) and whether the case is now closed.",
    "Say in general terms what the organisation has done or changed: for example training, "
    "chaperoning, supervision or changes to how a service is run.",
    "Do not name or describe any sanction, disciplinary outcome, health or personal matter about "
    "a named colleague or anyone else: those stay within the conduct and disciplinary process.",
    "Do not include anything the police have asked you not to share, or anything that would tell "
    "the reporter who else gave evidence.",
    "Say where the reporter can get support, and that they can reply in their inbox with questions.",
)


class OutcomeStatementForm(forms.Form):
    text = forms.CharField(
        label="Outcome statement for the reporter",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The reporter sees this in their inbox once the case is closed.",
        error_messages={
            "required": "Enter the outcome statement for the reporter",
            "max_length": "The outcome statement must be 5,000 characters or fewer",
        },
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "organisation": OrganisationForm,
    "about": AboutForm,
    "affected": AffectedForm,
    "what-happened": WhatHappenedForm,
    "when-where": WhenWhereForm,
    "safety": SafetyForm,
    "anonymity": AnonymityForm,
    "contact": ContactForm,
}
