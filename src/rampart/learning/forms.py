from __future__ import annotations

from typing import Any

from django import forms

from rampart.core.forms import DateField
from rampart.learning.models import Course


class TrainingRecordForm(forms.Form):
    person_name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    email = forms.EmailField(
        label="Work e-mail address (optional)",
        required=False,
        help_text="Links the record to their Rampart account, if they have one",
        error_messages={"invalid": "Enter an e-mail address in the correct format"},
    )
    staff_number = forms.CharField(label="Staff number (optional)", max_length=30, required=False)
    course = forms.ChoiceField(
        label="Course",
        choices=Course.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the course"},
    )
    completed_on = DateField(
        label="Completed on",
        what="The date they completed it",
        help_text="For example, 1 3 2026",
    )
    expires_on = DateField(
        label="Expires on (optional)",
        what="The expiry date",
        required=False,
        help_text="Leave blank if it does not expire. For example, 1 3 2029",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("expires_on") and data.get("completed_on") and data["expires_on"] < data["completed_on"]:
            self.add_error("expires_on", "The expiry date must be on or after the completion date")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: person_name, staff_number, email, course, "
        "completed_on, expires_on (dates like 2026-03-01)",
        error_messages={"required": "Select a CSV file"},
    )
