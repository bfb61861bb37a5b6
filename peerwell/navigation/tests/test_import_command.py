"""`peerwell import-hsds PATH`: what it says when it imports, and when it refuses."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peerwell.navigation.models import Service

from .test_import import DATA, table_counts

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-hsds", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_folder_is_imported_and_counted():
    out, _err = run(str(DATA / "tabular"))
    assert out.splitlines()[:3] == [
        "Imported 14 records:",
        "  taxonomies: 1",
        "  taxonomy_terms: 1",
    ]
    assert "  services: 2" in out.splitlines()
    assert Service.objects.count() == 2


def test_a_file_with_problems_lists_them_and_imports_nothing(tmp_path):
    bad = tmp_path / "services.json"
    bad.write_text((DATA / "services.json").read_text().replace('"MO,TU,WE,TH,FR"', '"XX"'))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported."):
        call_command("import-hsds", str(bad), "--no-progress", stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "services.json: record 1 (id 1b0c7c2e-3f4a-4d8e-9a61-0f6a4f1c2d01, “Harbor House Housing "
        "Help”): schedules[0]: The recurrence rule “FREQ=WEEKLY;BYDAY=XX” cannot be read: "
        "invalid 'BYDAY': XX"
    ]
    assert set(table_counts().values()) == {0}


def test_the_peerwell_command_knows_import_hsds():
    """The hyphenated name works from the console command, as people type it."""
    peerwell = Path(sys.executable).parent / "peerwell"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    shown = subprocess.run(
        [str(peerwell), "help", "import-hsds"], capture_output=True, text=True, env=env, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert "Import HSDS 3.0 into the resource directory" in shown.stdout
