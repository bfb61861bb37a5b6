"""`peerwell export-hsds -o FILE`: the whole directory as HSDS 3.0 JSON that validates
against the official schemas."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerwell.navigation.hsds import export
from peerwell.navigation.hsds.schemas import validator
from peerwell.navigation.testing import make_directory_service

from .entries_data import rich_directory

pytestmark = pytest.mark.django_db


def exported(tmp_path):
    target = tmp_path / "directory.json"
    call_command("export-hsds", "-o", str(target))
    return target, json.loads(target.read_text(encoding="utf-8"))


def test_export_is_a_list_of_organizations_that_validates(tmp_path):
    service, second, lonely = rich_directory()
    _, document = exported(tmp_path)
    check = validator("compiled/organization")
    for organization in document:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(organization)]
        assert not errors, errors
    # Each service too, against the full service schema.
    for organization in document:
        for item in organization["services"]:
            assert not list(validator("compiled/service").iter_errors(item))
    by_name = {o["name"]: o for o in document}
    assert [s["name"] for s in by_name[service.organization.name]["services"]] == [
        service.name,
        second.name,
    ]
    # An organization without services, with its location, survives.
    assert by_name[lonely.name]["services"] == []
    assert by_name[lonely.name]["locations"][0]["addresses"][0]["postal_code"] == "07103"


def test_export_gives_back_the_fields_kept_from_an_import(tmp_path):
    service, _, _ = rich_directory()
    _, document = exported(tmp_path)
    organization = next(o for o in document if o["id"] == str(service.organization_id))
    assert organization["funding"][0]["source"] == "State grant"
    full = next(s for s in organization["services"] if s["id"] == str(service.pk))
    assert full["cost_options"][0]["option"] == "Free"
    assert full["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["name"] == "Peerwell needs"


def test_exporting_twice_gives_the_same_bytes(tmp_path):
    rich_directory()
    first, _ = exported(tmp_path)
    before = first.read_bytes()
    again, _ = exported(tmp_path)
    assert again.read_bytes() == before


def test_an_empty_directory_exports_an_empty_list(tmp_path):
    assert exported(tmp_path)[1] == []


def test_queries_grow_with_batches_not_rows(monkeypatch):
    rich_directory()
    monkeypatch.setattr(export, "BATCH", 1000)

    def count():
        with CaptureQueriesContext(connection) as context:
            list(export.organizations())
        return len(context)

    before = count()
    for number in range(5):
        make_directory_service(f"More help {number}")
    assert count() == before


def test_an_unwritable_file_is_a_plain_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export-hsds", "-o", str(tmp_path / "missing" / "directory.json"))


def test_the_peerwell_command_knows_export_hsds(tmp_path):
    environment = {**os.environ, "PEERWELL_DEMO": "1", "PEERWELL_DATA_DIR": str(tmp_path)}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "peerwell.cli", "help", "export-hsds"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert "-o OUTPUT" in result.stdout, result.stderr[-500:]
