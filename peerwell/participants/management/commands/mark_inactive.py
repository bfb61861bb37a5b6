"""Daily: mark participants inactive after each organization's period without contact.
Idempotent, so a scheduler may run it more than once a day."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from peerwell.orgs.models import Organization
from peerwell.participants.actions import mark_inactive_participants


class Command(BaseCommand):
    help = "Mark participants inactive when they have had no contact for too long."

    def handle(self, *args, **options):
        today = timezone.localdate()
        total = 0
        for organization in Organization.objects.order_by("pk"):
            total += mark_inactive_participants(organization=organization, today=today)
        self.stdout.write(f"{total} participants marked inactive.")
