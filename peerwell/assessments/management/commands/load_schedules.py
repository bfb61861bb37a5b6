"""Load the shipped assessment schedules for an organization (or a schedule file of its
own). Safe to run again: it adds only the timepoints missing, keeping adjusted windows,
unless --reset asks for the file's windows back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peerwell.assessments.schedules import (
    ScheduleFileError,
    load_schedule,
    read_schedule,
    shipped_schedules,
)
from peerwell.orgs.models import Organization


class Command(BaseCommand):
    help = "Load assessment schedules (all shipped ones unless --schedule) for an organization."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="The organization's slug.")
        parser.add_argument(
            "--schedule",
            action="append",
            default=[],
            help="A shipped schedule's name (e.g. suprt) or a path to a .json file; repeatable.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Put back the file's windows where changed."
        )

    def handle(self, *args, **options):
        try:
            organization = Organization.objects.get(slug=options["organization"])
        except Organization.DoesNotExist:
            slug = options["organization"]
            raise CommandError(f"No organization has the slug {slug!r}.") from None
        try:
            shipped = shipped_schedules()
            chosen = [self._schedule(name, shipped) for name in options["schedule"]]
        except ScheduleFileError as error:
            raise CommandError(str(error)) from None
        for schedule in chosen or shipped.values():
            counts = load_schedule(
                organization=organization, schedule=schedule, reset=options["reset"]
            )
            self.stdout.write(
                f"{schedule.key}: {counts['created']} added, {counts['reset']} reset, "
                f"{counts['kept']} already there."
            )

    def _schedule(self, name, shipped):
        if name in shipped:
            return shipped[name]
        if name.endswith(".json"):
            return read_schedule(Path(name))
        known = ", ".join(sorted(shipped))
        raise CommandError(f"No shipped schedule is called {name!r} (there are: {known}).")
