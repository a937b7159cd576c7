"""Test settings: the real settings, with fixed test keys and a small model for encryption tests."""

import os

os.environ.setdefault("RAMPART_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("RAMPART_DATA_KEY", "t1:" + "A" * 43 + "=")
os.environ.setdefault("RAMPART_INDEX_KEY", "i1:" + "B" * 43 + "=")
os.environ.setdefault("RAMPART_AUDIT_KEY", "a1:" + "C" * 43 + "=")
os.environ.setdefault("RAMPART_DEBUG", "false")
os.environ.setdefault("RAMPART_DEMO", "false")
os.environ.setdefault("RAMPART_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from rampart.settings import *  # noqa: F403
from rampart.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.fixtures_app"]
# Fast hashing in tests; production uses Argon2 (checked in tests/accounts/test_passwords.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
