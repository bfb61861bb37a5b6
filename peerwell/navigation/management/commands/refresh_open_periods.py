from django.core.management.base import BaseCommand

from peerwell.navigation.opening import refresh_open_periods


class Command(BaseCommand):
    help = (
        "Rebuild the directory's open periods for the next two weeks from each schedule "
        "(the worker does it daily; safe to run twice)."
    )

    def handle(self, *args, **options):
        written = refresh_open_periods()
        self.stdout.write(f"Wrote {written} open periods for the next two weeks.")
