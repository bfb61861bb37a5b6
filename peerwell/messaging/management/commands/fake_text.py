"""`peerwell fake_text FROM BODY --organization SLUG`: a text "arrives" as if Twilio had
posted it to the webhook, through the same code (for the demo and for trying replies)."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from peerwell.messaging.inbound import receive_text
from peerwell.orgs.models import Organization


class Command(BaseCommand):
    help = "Receive a text as if it came from FROM (E.164, e.g. +12155550123)."

    def add_arguments(self, parser):
        parser.add_argument("sender", metavar="FROM")
        parser.add_argument("body", metavar="BODY")
        parser.add_argument("--organization", required=True, help="The organization's slug.")
        parser.add_argument("--to", default="", help="The number texted (optional).")

    def handle(self, *, sender, body, organization, to, **options):
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(f"No organization with the slug {organization!r}.")
        received = receive_text(
            organization=org,
            provider_id=f"fake-{uuid.uuid4().hex}",
            from_number=sender,
            to_number=to,
            body=body,
        )
        message = received.message
        self.stdout.write(f"Recorded text {message.pk}: {message.get_kind_display()}")
        if received.reply:
            self.stdout.write(f"Reply: {received.reply}")
