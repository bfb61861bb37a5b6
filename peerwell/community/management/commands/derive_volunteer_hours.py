"""Daily: pending volunteer hours from the check-in calls people made and the sessions
they facilitated. Safe to run again: each day's calls and each session count once."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peerwell.community.actions_hours import derive_hours
from peerwell.community.tasks import DERIVE_LOOKBACK_DAYS


class Command(BaseCommand):
    help = "Make pending volunteer hours from calls made and sessions facilitated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help=f"First day, as YYYY-MM-DD (default: {DERIVE_LOOKBACK_DAYS} days ago).",
        )
        parser.add_argument("--person", help="Only this person's hours (their email).")

    def handle(self, *args, **options):
        since = timezone.localdate() - timedelta(days=DERIVE_LOOKBACK_DAYS)
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                given = options["since"]
                raise CommandError(f"Give the date as YYYY-MM-DD, not {given!r}.") from None
        person = None
        if options["person"]:
            person = get_user_model().objects.filter(email=options["person"].lower()).first()
            if person is None:
                raise CommandError(f"Nobody has the email {options['person']!r}.")
        made = derive_hours(by=None, person=person, since=since)
        self.stdout.write(f"{made} pending volunteer hours rows made since {since.isoformat()}.")
