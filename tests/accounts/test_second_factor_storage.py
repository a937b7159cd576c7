"""Second factors are not stored in plain text: the authenticator's secret is encrypted with the keyring,
recovery codes are kept only as keyed digests, and the migration converts what was stored before."""

import base64
import importlib

from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rampart.accounts import services
from rampart.accounts.models import Authenticator, recovery_code_digest
from tests.factories import PASSWORD, current_code


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _forms_of(key_hex):
    raw = bytes.fromhex(key_hex)
    b32 = base64.b32encode(raw).decode()
    return {key_hex, key_hex.upper(), b32, b32.rstrip("=")}


def test_the_authenticator_secret_is_encrypted_in_the_database(alice):
    device = Authenticator.objects.get(user=alice)
    (stored,) = _raw(f"SELECT key FROM {Authenticator._meta.db_table} WHERE id = %s", [device.pk])
    assert stored.startswith("enc:")
    assert not any(form in stored for form in _forms_of(device.key))
    assert not TOTPDevice.objects.exists()  # nothing kept in django-otp's plain-text table


def test_recovery_codes_are_stored_only_as_digests(alice):
    codes = services.replace_recovery_codes(alice)
    stored = _raw(
        f"SELECT token FROM {StaticToken._meta.db_table} t JOIN otp_static_staticdevice d "
        "ON d.id = t.device_id WHERE d.user_id = %s",
        [alice.pk],
    )
    assert len(stored) == 10
    assert not set(stored) & set(codes)
    assert not any(code in value for value in stored for code in codes)


def test_the_encrypted_authenticator_still_signs_in(alice):
    client = Client()
    client.post("/sign-in/", {"email": alice.email, "password": PASSWORD})
    assert client.post("/sign-in/code/", {"code": current_code(alice)}).status_code == 302
    assert client.get("/home/").status_code == 200


def test_a_recovery_code_is_bound_to_its_user(alice, bob):
    assert recovery_code_digest(alice.pk, "0123456789") != recovery_code_digest(bob.pk, "0123456789")
    codes = services.replace_recovery_codes(alice)
    assert services.use_recovery_code(bob, codes[0]) is None
    assert services.use_recovery_code(alice, codes[0]) is not None


def test_the_migration_encrypts_old_secrets_and_hashes_old_codes(alice):
    migration = importlib.import_module("rampart.accounts.migrations.0003_encrypt_second_factors")
    Authenticator.objects.filter(user=alice).delete()
    old = TOTPDevice.objects.create(user=alice, name="Authenticator app", confirmed=True)
    services.replace_recovery_codes(alice)
    StaticToken.objects.filter(device__user=alice).delete()
    device = alice.staticdevice_set.get()
    device.token_set.create(token="0123456789")

    migration.encrypt_authenticators(django_apps, None)
    migration.hash_recovery_codes(django_apps, None)

    assert not TOTPDevice.objects.exists()
    moved = Authenticator.objects.get(user=alice)
    assert moved.key == old.key
    assert moved.confirmed
    (stored,) = _raw(f"SELECT key FROM {Authenticator._meta.db_table} WHERE id = %s", [moved.pk])
    assert old.key not in stored
    assert services.use_recovery_code(alice, "0123456789") is not None
    assert not StaticToken.objects.filter(token="0123456789").exists()


def test_demo_users_keep_their_documented_secret_and_recovery_codes(orgs):
    from rampart.organisations.management.commands.demo_data import (
        Command,
        demo_recovery_codes,
        demo_totp_key,
    )

    email = "alice.handler@riverside.example"
    for _ in range(2):  # safe to run twice
        Command()._user(email, "Alice", "Handler", "case_handler", orgs["trust_a"])
    device = Authenticator.objects.get(user__email=email)
    assert device.bin_key == demo_totp_key(email)
    (stored,) = _raw(f"SELECT key FROM {Authenticator._meta.db_table} WHERE id = %s", [device.pk])
    assert demo_totp_key(email).hex() not in stored
    assert services.use_recovery_code(device.user, demo_recovery_codes(email)[0]) is not None
