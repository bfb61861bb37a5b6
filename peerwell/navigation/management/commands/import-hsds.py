"""`peerwell import-hsds PATH`: load HSDS 3.0 into the directory from a JSON file, a
folder of CSVs (the tabular data package) or a .zip of one, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peerwell.navigation.hsds.importer import HsdsImportError, import_path


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 into the resource directory: a JSON file (a service, an "
        "organization, or a list of them, in full form), a folder of CSVs named by HSDS "
        "table (with or without datapackage.json), or a .zip of one. Everything is "
        "checked first; on any problem nothing is imported. Importing the same data "
        "again updates the same entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .json, .csv or .zip file, or a folder of CSVs.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, path, no_progress=False, **opts):
        bars = {}

        def progress(stage, done, total):
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(
                    total=total, desc=stage, unit=" records", disable=no_progress
                )
            bar.update(done - bar.n)

        try:
            result = import_path(path, progress=progress)
        except HsdsImportError as failure:
            for bar in bars.values():
                bar.close()
            for line in failure.lines():
                self.stderr.write(line)
            raise CommandError("Nothing was imported.") from None
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(f"Imported {result.total} records:")
        for table, count in result.counts.items():
            self.stdout.write(f"  {table}: {count}")
