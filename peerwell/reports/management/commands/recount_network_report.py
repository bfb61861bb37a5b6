"""Counts the network report's participants again from their rows. The database keeps
the counts as records change (reports/counts.py); this is for when they are doubted,
for instance after restoring a backup of some tables but not others."""

from django.core.management.base import BaseCommand

from peerwell.reports.counts import recount


class Command(BaseCommand):
    help = "Count the network report's participants again from the participant records."

    def handle(self, *args, **options):
        wrong = recount()
        if wrong:
            self.stdout.write(f"Counted again. Counts that were wrong, now right: {wrong}.")
        else:
            self.stdout.write("Counted again: every count was already right.")
