"""Staff users, their memberships of organisations, and personal API tokens."""

from __future__ import annotations

from binascii import unhexlify
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from rampart.core.crypto import keyed_hash
from rampart.core.fields import EncryptedTextField


class Role(models.TextChoices):
    CASE_HANDLER = "case_handler", "Case handler"
    REVIEW_GROUP_MEMBER = "review_group_member", "Review group member"
    INVESTIGATOR = "investigator", "Investigator"
    CLINICIAN = "clinician", "Clinician or chaperone"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    BOARD_MEMBER = "board_member", "Board member"
    ICB_LEAD = "icb_lead", "ICB lead"
    ANALYST = "analyst", "Regional or national analyst"
    ADMINISTRATOR = "administrator", "Administrator"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A member of staff who signs in with an e-mail address, a password and a second factor."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    # Raised by "sign out everywhere": sessions carrying an older value are ended.
    session_epoch = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False, help_text="Demo user created by `rampart demo-data`")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Membership(models.Model):
    """A user holds a role at an organisation. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")
        ]
        ordering = ["organisation__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


API_TOKEN_LIFETIME = timedelta(days=90)


def api_token_expiry() -> datetime:
    return timezone.now() + API_TOKEN_LIFETIME


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the token is kept; the token is shown once. It stops
    working after 90 days, and when revoked: by its owner, by signing out everywhere, by a password
    change, or when its owner no longer belongs to any organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=api_token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


def new_authenticator_key() -> str:
    """20 random bytes, hex-encoded, as django-otp makes them."""
    return random_hex(20)


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """A user's authenticator app (TOTP). django-otp's own `TOTPDevice` keeps the secret in plain hex;
    this is the same device with the secret encrypted by the keyring, and django-otp's checking."""

    key = EncryptedTextField(default=new_authenticator_key, help_text="The hex-encoded secret, encrypted")
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1, help_text="The time step of the last code accepted")

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(str(self.key).encode())

    # django-otp's TOTP checking, drift and throttling, and the otpauth:// URL, unchanged.
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


RECOVERY_DIGEST_LENGTH = 16  # django-otp's StaticToken.token holds 16 characters


def recovery_code_digest(user_id: int, code: str) -> str:
    """What is stored for a recovery code: an HMAC under RAMPART_INDEX_KEY (64 bits of it), bound to
    the user, so the database alone gives no code and no way to test one."""
    digest = keyed_hash(f"{user_id}:{code}", key=settings.RAMPART_INDEX_KEY, purpose="recovery_code")
    return digest[:RECOVERY_DIGEST_LENGTH]
