from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Work e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your work e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@nhs.net",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "type": "email"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordAgainForm(forms.Form):
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecurityCodeForm(forms.Form):
    code = forms.RegexField(
        label="Security code",
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        help_text="The 6-digit code shown in your authenticator app",
        error_messages={
            "required": "Enter the 6-digit security code from your authenticator app",
            "invalid": "The security code must be 6 numbers, like 123456",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.RegexField(
        label="Recovery code",
        regex=r"^\s*[\d\s-]{10,14}\s*$",
        max_length=14,
        help_text="One of the 10-digit recovery codes you saved when you set up two-factor sign-in",
        error_messages={
            "required": "Enter one of your recovery codes",
            "invalid": "A recovery code is 10 numbers, like 0123456789",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        max_length=100,
        help_text="For example, 'Reporting script on my laptop'",
        error_messages={"required": "Enter what the token is for"},
    )


class MemberForm(forms.Form):
    """An administrator adds someone to their organisation with a role."""

    email = forms.EmailField(
        label="Work e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter their work e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@nhs.net",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Select their role"}
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from rampart.accounts.models import Role

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = Role.choices


PASSWORD_HINT = (
    "Use at least 12 characters. Do not use a common password, only numbers, or anything "
    "like your name or e-mail address. A few random words work well."
)


def _plain_password_fields(form: forms.Form) -> None:
    """Django's password forms carry HTML help text; the NHS.UK hint wants plain words."""
    for name, field in form.fields.items():
        field.widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password" if name == "old_password" else "new-password"}
        )
        field.help_text = PASSWORD_HINT if name == "new_password1" else ""
    form.fields["new_password2"].label = "Confirm new password"


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        _plain_password_fields(self)


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_password_fields(self)
