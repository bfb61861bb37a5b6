"""Fills the stored possible duplicates from every record, organization by organization:
how an existing install gets its list, and a check after a bulk import. Enrolling,
editing and merging keep the list current afterwards. Safe to run twice."""

from django.core.management.base import BaseCommand, CommandError

from peerwell.orgs.models import Organization
from peerwell.participants.pairs import BATCH_SIZE, rebuild_all


class Command(BaseCommand):
    help = "Find the possible duplicate records of each organization and store the pairs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization", help="Only this organization (its slug, as in its address)."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **opts):
        if opts["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        organizations = Organization.objects.order_by("pk")
        if opts["organization"]:
            organizations = organizations.filter(slug=opts["organization"])
            if not organizations.exists():
                raise CommandError(f"There is no organization {opts['organization']!r}.")
        totals = rebuild_all(organizations.iterator(), batch_size=opts["batch_size"])
        self.stdout.write(
            f"{totals['pairs']} possible duplicates in {totals['organizations']} organizations "
            f"({totals['added']} new, {totals['removed']} no longer matching)."
        )
