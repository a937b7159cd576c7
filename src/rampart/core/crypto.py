"""Authenticated field encryption (AES-256-GCM) with a key id per value, and keyed lookup hashes.

Stored form: ``enc:v2:<key id>:<base64(nonce || ciphertext+tag)>``. The key id lets keys rotate: the
first configured key encrypts, every configured key decrypts. A v2 value is bound by its associated data
to the version, its key id and a context (for a model field, ``<db_table>.<column>``), so a value copied
to another column or table does not decrypt. ``enc:v1:`` values (before associated data, none bound) still
decrypt until ``rampart rotate-data-key`` rewrites them as v2. No Django imports: keys are passed in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:v2:"
PREFIX_V1 = "enc:v1:"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A stored value could not be decrypted: not encrypted, unknown key id, altered or misplaced."""


def _associated_data(key_id: str, context: str) -> bytes:
    return b"rampart:enc:v2\0" + key_id.encode() + b"\0" + context.encode()


@dataclass(frozen=True)
class Keyring:
    keys: Sequence[tuple[str, bytes]]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        raise DecryptionError(f"no key with id {key_id!r} is configured")

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt for one place (``context``, e.g. ``<db_table>.<column>``): it decrypts only there."""
        if not context:
            raise ValueError("a value is encrypted for a place: give its context")
        key_id, key = self.keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), _associated_data(key_id, context))
        return f"{PREFIX}{key_id}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str, *, context: str) -> str:
        version, key_id, blob = _parse(stored)
        associated = _associated_data(key_id, context) if version == 2 else b""
        try:
            plain = AESGCM(self.key(key_id)).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated)
        except InvalidTag as exc:
            raise DecryptionError(
                "the stored value was altered, belongs to another column or table, or the key is wrong"
            ) from exc
        return plain.decode()

    def needs_rotation(self, stored: str) -> bool:
        """True unless the value is v2 under the current key: v1 values and anything else are rewritten."""
        return not stored.startswith(f"{PREFIX}{self.current_id}:")


def is_encrypted(stored: str) -> bool:
    return stored.startswith((PREFIX, PREFIX_V1))


def version_of(stored: str) -> int:
    if stored.startswith(PREFIX):
        return 2
    if stored.startswith(PREFIX_V1):
        return 1
    raise DecryptionError("the value is not in Rampart's encrypted form")


def key_id_of(stored: str) -> str:
    version_of(stored)
    return stored[len(PREFIX) :].split(":", 1)[0]


def _parse(stored: str) -> tuple[int, str, bytes]:
    version = version_of(stored)
    key_id, _, encoded = stored[len(PREFIX) :].partition(":")
    try:
        blob = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise DecryptionError("the value is not in Rampart's encrypted form") from exc
    if not key_id or len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("the value is not in Rampart's encrypted form")
    return version, key_id, blob


def keyed_hash(value: str, *, key: bytes, purpose: str) -> str:
    """A lookup index for a secret value: HMAC-SHA256 under a key kept apart from the data keys."""
    return hmac.new(key, purpose.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()
