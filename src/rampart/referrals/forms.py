"""Forms for referral records. Each carries the record version it was loaded with."""

from __future__ import annotations

from typing import Any

from django import forms

from rampart.core.forms import DateField
from rampart.referrals.models import ReferralStatus


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=ReferralStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    sent_on = DateField(label="Date sent (if sent or acknowledged)", required=False)
    recipient_reference = forms.CharField(
        label="The recipient's reference (optional)", max_length=100, required=False
    )
    reason = forms.CharField(
        label="Reason or note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if the referral is not needed, or if you change a referral that was sent",
    )

    def __init__(self, *args: Any, due_editable: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if due_editable:
            self.fields["due_on"] = DateField(
                label="Due date (optional)",
                required=False,
                help_text="The duty sets no deadline, so you may set one. For example, 15 3 2026",
            )


class ChecklistForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ticked = forms.MultipleChoiceField(
        label="Evidence gathered",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everything you have gathered for this referral",
        error_messages={"invalid_choice": "Select items from the checklist"},
    )

    def __init__(self, *args: Any, items: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ticked"].choices = [(item.code, item.text) for item in items]
