from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from peerwell.orgs.models import Authenticator


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo user (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEMO:
            raise CommandError("Only in demo mode.")
        device = Authenticator.objects.filter(user__email=email.lower(), confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo user {email}.")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
