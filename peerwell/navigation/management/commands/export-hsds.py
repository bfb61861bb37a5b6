"""`peerwell export-hsds -o FILE`: the resource directory as HSDS 3.0 JSON (a list of
organizations in full form with their services; see navigation/hsds/export.py), which
`peerwell import-hsds FILE` reads back."""

import sys

from django.core.management.base import BaseCommand, CommandError

from peerwell.navigation.hsds.export import write_directory


class Command(BaseCommand):
    help = "Write the resource directory as HSDS 3.0 JSON (a list of organizations)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", default="-", help="The file to write (default: standard output)."
        )

    def handle(self, *args, output, **options):
        if output == "-":
            counts = write_directory(sys.stdout)
            return
        try:
            with open(output, "w", encoding="utf-8") as stream:
                counts = write_directory(stream)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stderr.write(
            f"Exported {counts['organizations']} organizations and "
            f"{counts['services']} services to {output}."
        )
