from __future__ import annotations

from typing import Any

from django import forms

from rampart.access_alerts.models import DismissalReason

IDENTITY_CHOICES = (
    ("confirmed", "Yes, I have confirmed who it is"),
    ("unconfirmed", "No, not yet"),
)

MAX_ALERTS_BYTES = 20_000_000
MAX_EVENTS_BYTES = 200_000_000


class _SizedFileField(forms.FileField):
    def __init__(self, *, max_bytes: int, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file and file.size > self.max_bytes:
            raise forms.ValidationError(
                f"The selected file must be smaller than {self.max_bytes // 1_000_000}MB; "
                "for a bigger scan, ask for it to be written to the server's scan directory"
            )
        return file


class UploadForm(forms.Form):
    alerts = _SizedFileField(
        max_bytes=MAX_ALERTS_BYTES,
        label="Alerts file",
        help_text="alerts.csv or alerts.parquet from access-audit scan",
        error_messages={"required": "Select the alerts file"},
    )
    events = _SizedFileField(
        max_bytes=MAX_EVENTS_BYTES,
        label="Access events file (optional)",
        help_text="The events .csv or .parquet the scan read. The events behind each alert are kept "
        "as evidence.",
        required=False,
    )
    summary = _SizedFileField(
        max_bytes=1_000_000,
        label="Scan summary (optional)",
        help_text="summary.json from the same scan",
        required=False,
    )


class ServerScanForm(forms.Form):
    scan = forms.ChoiceField(
        label="Scan",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a scan", "invalid_choice": "Select a scan from the list"},
    )

    def __init__(self, *args: Any, scans: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scan"].choices = [(s, s) for s in scans]


class DismissForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you dismissing this alert?",
        choices=DismissalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are dismissing the alert"},
    )
    details = forms.CharField(
        label="What did you find?",
        help_text="For example, who confirmed the care and how. This is kept with the alert.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter what you found",
            "max_length": "Enter 2,000 characters or fewer",
        },
    )


class ConcernForm(forms.Form):
    identity = forms.ChoiceField(
        label="Have you confirmed who holds this EPR login?",
        help_text="For example from the EPR's user directory or the smartcard registration. The "
        "EPR user id is never taken as a staff number.",
        choices=IDENTITY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether you have confirmed who holds this EPR login",
            "invalid_choice": "Say whether you have confirmed who holds this EPR login",
        },
    )
    staff_name = forms.CharField(
        label="Their full name",
        help_text="If you have not confirmed it, a name you think it may be goes to the case handlers "
        "as unconfirmed, and nothing is recorded about that person.",
        max_length=200,
        required=False,
    )
    staff_role = forms.CharField(
        label="Their role", help_text="For example, ward clerk", max_length=100, required=False
    )
    staff_number = forms.CharField(
        label="Their staff number (optional)",
        help_text="As in ESR or the payroll, not the EPR user id",
        max_length=30,
        required=False,
    )
    details = forms.CharField(
        label="What should the case handlers know?",
        help_text="What you checked and why you think this access needs looking into. The case "
        "handlers see this, the alert's reasons and its access events.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter what the case handlers should know",
            "max_length": "Enter 5,000 characters or fewer",
        },
    )
