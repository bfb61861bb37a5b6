"""The second factors a staff member signs in with: the authenticator app (TOTP,
RFC 6238), its secret encrypted at rest, and single-use recovery codes, kept as digests.

django-otp's own TOTPDevice keeps the secret as plain hex: whoever reads a copy of the
database could then make any user's codes. This device works the same way (django-otp
finds it, verifies and throttles it, and `match_token` tries it) with the secret in an
`EncryptedTextField`. Its static tokens are plain text too, hence `RecoveryCodes`."""

import hashlib
import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from peerwell.core.fields import EncryptedTextField


def new_secret() -> str:
    """20 random bytes, hex-encoded: the length authenticator apps expect for SHA-1."""
    return random_hex(20)


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    key = EncryptedTextField(_("secret"), default=new_secret)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    # Steps before or after now that are still accepted (clock differences).
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The step of the last accepted code: a code is never accepted twice.
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            token = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(token, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    @property
    def config_url(self) -> str:
        """The otpauth:// URI an authenticator app reads from the QR code."""
        issuer = getattr(settings, "OTP_TOTP_ISSUER", "").replace(":", "")
        label = f"{issuer}:{self.user.get_username()}" if issuer else self.user.get_username()
        params = {
            "secret": b32encode(self.bin_key),
            "algorithm": "SHA1",
            "digits": self.digits,
            "period": self.step,
        }
        query = urlencode(params) + (f"&issuer={quote(issuer)}" if issuer else "")
        return f"otpauth://totp/{quote(label)}?{query}"


def digest(code: str) -> str:
    """Recovery codes are random (80 bits), so a plain SHA-256 is enough to keep them
    unusable from a copy of the database; spaces, dashes and case are forgiven."""
    normalized = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalized.encode()).hexdigest()


class RecoveryCodes(ThrottlingMixin, Device):
    """A staff member's single-use recovery codes, for a lost phone. Only their digests
    are stored: the codes are shown once, when made."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        # Deleting is the check: a code works once, even with two requests at a time.
        used, _rows = RecoveryCode.objects.filter(device=self, digest=digest(str(token))).delete()
        if used:
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["device", "digest"], name="recovery_code_lookup")]

    def __str__(self):
        return f"{self.device_id}:{self.digest[:8]}"
