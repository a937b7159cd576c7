import base64

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from rampart.core import fields
from rampart.core.crypto import DecryptionError, Keyring, key_id_of, keyed_hash
from tests.fixtures_app.models import SecretNote

KEY_A = ("a1", b"a" * 32)
KEY_B = ("b2", b"b" * 32)


@given(st.text(max_size=500))
def test_encrypt_then_decrypt_gives_back_the_text(text):
    ring = Keyring([KEY_A])
    assert ring.decrypt(ring.encrypt(text)) == text


def test_each_value_names_the_key_that_encrypted_it():
    assert key_id_of(Keyring([KEY_B, KEY_A]).encrypt("x")) == "b2"


def test_the_same_text_encrypts_differently_each_time():
    ring = Keyring([KEY_A])
    assert ring.encrypt("same") != ring.encrypt("same")


def test_an_altered_value_is_refused():
    ring = Keyring([KEY_A])
    stored = ring.encrypt("the patient's account")
    blob = bytearray(base64.b64decode(stored.rsplit(":", 1)[1]))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError, match="altered"):
        ring.decrypt(stored.rsplit(":", 1)[0] + ":" + base64.b64encode(bytes(blob)).decode())


def test_a_value_under_an_unknown_key_is_refused():
    stored = Keyring([KEY_B]).encrypt("x")
    with pytest.raises(DecryptionError, match="no key"):
        Keyring([KEY_A]).decrypt(stored)


def test_plain_text_is_not_mistaken_for_an_encrypted_value():
    with pytest.raises(DecryptionError, match="not in Rampart's encrypted form"):
        Keyring([KEY_A]).decrypt("hello")


def test_keyed_hash_depends_on_key_and_purpose():
    assert keyed_hash("123", key=b"k" * 32, purpose="receipt") != keyed_hash(
        "123", key=b"j" * 32, purpose="receipt"
    )
    assert keyed_hash("123", key=b"k" * 32, purpose="receipt") != keyed_hash(
        "123", key=b"k" * 32, purpose="other"
    )


def _stored_text(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM fixtures_app_secretnote WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_database_holds_no_plain_text():
    note = SecretNote.objects.create(text="He touched me during the examination")
    stored = _stored_text(note.pk)
    assert "touched" not in stored
    assert stored.startswith("enc:v1:")
    assert SecretNote.objects.get(pk=note.pk).text == "He touched me during the examination"


@pytest.mark.django_db
def test_rotate_data_key_re_encrypts_under_the_new_key(settings):
    old = settings.RAMPART_DATA_KEYS
    note = SecretNote.objects.create(text="account", other=None)
    assert key_id_of(_stored_text(note.pk)) == old[0][0]
    new_keys = [("n9", b"n" * 32), *old]
    with override_settings(RAMPART_DATA_KEYS=new_keys):
        fields.keyring.cache_clear()
        call_command("rotate_data_key")
        assert key_id_of(_stored_text(note.pk)) == "n9"
    # Once rotated, the old key can be removed and the value still reads.
    with override_settings(RAMPART_DATA_KEYS=[("n9", b"n" * 32)]):
        fields.keyring.cache_clear()
        assert SecretNote.objects.get(pk=note.pk).text == "account"
    fields.keyring.cache_clear()
