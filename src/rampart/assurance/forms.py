from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms

from rampart.assurance.models import ActionStatus, AssessmentItem
from rampart.assurance.rules import ItemStatus
from rampart.core.forms import DateField

PERIOD = re.compile(r"^(\d{4})/(\d{2})$")
DATE_HELP = "For example, 27 3 2026"


def _period_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label="Period",
        max_length=7,
        help_text="The financial year, like 2025/26",
        error_messages={"required": "Enter the period, like 2025/26"},
        **kwargs,
    )


def clean_period(value: str) -> str:
    match = PERIOD.match(value.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise forms.ValidationError("Enter the period as a financial year, like 2025/26")
    return value.strip()


def _date_field(label: str, *, required: bool = False, past_only: bool = False, **kwargs: Any) -> DateField:
    return DateField(label=label, required=required, help_text=DATE_HELP, past_only=past_only, **kwargs)


def _today_is(form: forms.Form, today: date) -> None:
    """Dates that must be today or in the past are measured against the day the view passes in."""
    for field in form.fields.values():
        if isinstance(field, DateField):
            field.today = lambda: today


class StartAssessmentForm(forms.Form):
    framework = forms.ChoiceField(
        label="What are you assessing against?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are assessing against"},
    )
    period = _period_field()

    def __init__(self, *args: Any, frameworks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(f.code, f.title) for f in frameworks]

    def clean_period(self) -> str:
        return clean_period(self.cleaned_data["period"])


class ItemForm(forms.Form):
    status = forms.ChoiceField(
        label="How well is this met?",
        choices=[
            (ItemStatus.NOT_STARTED.value, "Not started"),
            (ItemStatus.PARTLY_MET.value, "Partly met"),
            (ItemStatus.MET.value, "Met"),
            (ItemStatus.EXCEEDED.value, "Exceeded"),
            (ItemStatus.NOT_APPLICABLE.value, "Not applicable"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how well this is met"},
    )
    not_applicable_reason = forms.CharField(
        label="If it does not apply, why not?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="The person accountable for this item, like 'Chief People Officer'",
        error_messages={"required": "Enter who owns this item"},
    )
    evidence_notes = forms.CharField(
        label="Evidence",
        required=False,
        max_length=10000,
        help_text="What shows this is happening: documents, data, audits, staff feedback",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("status") == ItemStatus.NOT_APPLICABLE
            and not data.get("not_applicable_reason", "").strip()
        ):
            self.add_error("not_applicable_reason", "Say why this item does not apply")
        return data


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the link"}
    )
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the web address",
            "invalid": "Enter a web address in the correct format, like https://intranet.example/policy",
        },
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("The web address must start with https://")
        return url


class EvidenceFileForm(forms.Form):
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    file = forms.FileField(
        label="File",
        help_text="PDF, Word, Excel, CSV, text, PNG or JPEG, smaller than 10MB",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )


class ActionForm(forms.Form):
    item = forms.TypedChoiceField(
        label="Which item is this action for?",
        coerce=int,
        error_messages={"required": "Choose the item this action is for"},
    )
    action = forms.CharField(
        label="Action",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the action"},
    )
    owner = forms.CharField(
        label="Owner", max_length=200, error_messages={"required": "Enter who owns this action"}
    )
    due_on = _date_field("Due date", required=True)
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        initial=ActionStatus.OPEN,
        error_messages={"required": "Choose the status of the action"},
    )

    def __init__(self, *args: Any, items: list[AssessmentItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "Choose an item")] + [
            (i.pk, f"{i.code} {i.text[:70]}") for i in items
        ]


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm this assessment is complete and ready for approval",
        error_messages={"required": "Confirm the assessment is complete and ready for approval"},
    )


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve and lock the assessment"), ("return", "Send it back for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve it or send it back"},
    )
    approver_name = forms.CharField(label="Your full name", max_length=200, required=False)
    approver_title = forms.CharField(
        label="Your executive role",
        max_length=200,
        required=False,
        help_text="For example, Chief People Officer",
    )
    reason = forms.CharField(
        label="If sending it back, what needs to change?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "approve":
            if not data.get("approver_name", "").strip():
                self.add_error("approver_name", "Enter your full name")
            if not data.get("approver_title", "").strip():
                self.add_error("approver_title", "Enter your executive role")
        elif data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", "Say what needs to change")
        return data


class WorkforceForm(forms.Form):
    period = _period_field()
    headcount = forms.IntegerField(
        label="Headcount",
        min_value=1,
        max_value=2_000_000,
        help_text="Staff employed during the period",
        error_messages={
            "required": "Enter the headcount",
            "invalid": "Headcount must be a whole number, like 4200",
            "min_value": "Headcount must be at least 1",
            "max_value": "Headcount must be 2,000,000 or fewer",
        },
    )
    elearning_completed = forms.IntegerField(
        label="Staff who completed the sexual misconduct e-learning (optional)",
        required=False,
        min_value=0,
        help_text="From your training records",
        error_messages={
            "invalid": "Staff who completed the e-learning must be a whole number",
            "min_value": "Staff who completed the e-learning cannot be negative",
        },
    )

    def clean_period(self) -> str:
        return clean_period(self.cleaned_data["period"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        done, headcount = data.get("elearning_completed"), data.get("headcount")
        if done is not None and headcount is not None and done > headcount:
            self.add_error(
                "elearning_completed", "Staff who completed the e-learning cannot be more than the headcount"
            )
        return data


class CharterProgressForm(forms.Form):
    charter_signed_on = _date_field("Date you signed up to the charter", past_only=True)
    checklist_completed_on = _date_field("Date you completed the self-assurance checklist", past_only=True)
    chaperone_policy_reviewed_on = _date_field("Date you reviewed your chaperone policy", past_only=True)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _today_is(self, today)


class ContactForm(forms.Form):
    contacted_on = _date_field(
        "Date the ICB contacted the provider", required=True, past_only=True, what="The date of contact"
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _today_is(self, today)
