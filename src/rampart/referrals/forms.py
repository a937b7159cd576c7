"""Forms for referral records. Each carries the record version it was loaded with."""

from __future__ import annotations

from typing import Any

from django import forms

from rampart.core.forms import DateField
from rampart.referrals.models import NotificationAsk, ReferralStatus


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

    def __init__(self, *args: Any, due_editable: bool = False, delivered_to: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if delivered_to:
            # Delivered in Rampart: the recipient acknowledges it, and the sender says what it asks.
            self.fields["status"].choices = [
                c for c in ReferralStatus.choices if c[0] != ReferralStatus.ACKNOWLEDGED
            ]
            self.fields["asked"] = forms.ChoiceField(
                label=f"What do you ask of {delivered_to}?",
                choices=NotificationAsk.choices,
                initial=NotificationAsk.FOR_INFORMATION,
                widget=forms.RadioSelect,
                help_text=(
                    f"Marked sent, this notification is delivered to {delivered_to} in Rampart with "
                    "the case reference, your organisation, the subject's role and registration, the "
                    "categories of concern and this answer. No names and no case summary are sent."
                ),
                error_messages={
                    "required": "Select what you ask of the recipient",
                    "invalid_choice": "Select what you ask of the recipient",
                },
            )
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


class AcknowledgeForm(forms.Form):
    acknowledged_on = DateField(label="Date acknowledged", past_only=True)
