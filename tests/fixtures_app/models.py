"""Models used only by tests of the encrypted field and key rotation."""

from django.db import models

from rampart.core.fields import EncryptedTextField


class SecretNote(models.Model):
    text = EncryptedTextField()
    other = EncryptedTextField(null=True, blank=True)

    class Meta:
        app_label = "fixtures_app"

    def __str__(self) -> str:
        return f"note {self.pk}"


class SecretLetter(models.Model):
    """A second table with a column of the same name as SecretNote's, to move values between tables."""

    text = EncryptedTextField()

    class Meta:
        app_label = "fixtures_app"

    def __str__(self) -> str:
        return f"letter {self.pk}"
