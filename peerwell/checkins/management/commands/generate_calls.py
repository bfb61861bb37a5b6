"""Daily: make the day's check-in calls (and text check-ins). Idempotent, so the worker's
clock, cron or a person may run it more than once a day, or again after a crash."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peerwell.checkins.queue import generate_calls


class Command(BaseCommand):
    help = "Make the check-in calls due on a day (today unless --date is given)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day, as YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        day = timezone.localdate()
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                given = options["date"]
                raise CommandError(f"Give the date as YYYY-MM-DD, not {given!r}.") from None
        made = generate_calls(day=day)
        self.stdout.write(f"{made} check-ins made for {day.isoformat()}.")
