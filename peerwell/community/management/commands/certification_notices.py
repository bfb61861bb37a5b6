"""Daily: email staff whose certification expires in 60 or 30 days. Safe to run again,
or on two workers at once: each notice is claimed before it is sent."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from peerwell.community.notices import send_expiry_notices


class Command(BaseCommand):
    help = "Send the certification expiry notices due (60 and 30 days before)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                given = options["date"]
                raise CommandError(f"Give the date as YYYY-MM-DD, not {given!r}.") from None
        sent = send_expiry_notices(today=today)
        self.stdout.write(f"{sent} certification expiry notice(s) sent.")
