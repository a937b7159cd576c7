"""Second factors out of plain text: each django-otp TOTPDevice becomes an accounts.Authenticator with
its secret encrypted by the keyring (the plain row is deleted), and each recovery code (StaticToken) is
replaced by its keyed digest. Signed-in sessions must give their security code again."""

from django.db import migrations

from rampart.accounts.models import RECOVERY_DIGEST_LENGTH, recovery_code_digest

COPIED = ("user_id", "name", "confirmed", "key", "step", "t0", "digits", "tolerance", "drift", "last_t")


def encrypt_authenticators(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    Authenticator = apps.get_model("accounts", "Authenticator")
    for device in TOTPDevice.objects.all():
        made = Authenticator.objects.create(**{name: getattr(device, name) for name in COPIED})
        Authenticator.objects.filter(pk=made.pk).update(
            created_at=device.created_at, last_used_at=device.last_used_at
        )
        device.delete()


def decrypt_authenticators(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    Authenticator = apps.get_model("accounts", "Authenticator")
    for device in Authenticator.objects.all():
        TOTPDevice.objects.create(**{name: getattr(device, name) for name in COPIED})
        device.delete()


def hash_recovery_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.select_related("device"):
        if len(token.token) != RECOVERY_DIGEST_LENGTH:  # a digest already has this length; codes never
            token.token = recovery_code_digest(token.device.user_id, token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_authenticator_encrypted"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(encrypt_authenticators, decrypt_authenticators),
        # A digest cannot be turned back into a code: going back leaves codes to be made again.
        migrations.RunPython(hash_recovery_codes, migrations.RunPython.noop),
    ]
