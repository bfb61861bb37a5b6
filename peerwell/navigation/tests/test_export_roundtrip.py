"""Export, wipe, import, export again: the same JSON, byte for byte. What the export
writes is what `peerwell import-hsds` reads, and nothing is lost on the way."""

import pytest
from django.core.management import call_command

from peerwell.navigation.hsds.importer import import_path
from peerwell.navigation.models import (
    Attribute,
    DirectoryOrganization,
    Location,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from peerwell.navigation.testing import make_directory_service

from .entries_data import rich_directory

pytestmark = pytest.mark.django_db


def export(path):
    call_command("export-hsds", "-o", str(path))
    return path.read_text(encoding="utf-8")


def wipe():
    Attribute.objects.all().delete()
    DirectoryOrganization.objects.all().delete()
    Location.objects.all().delete()
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()
    assert not Service.objects.exists()


def test_export_then_import_gives_the_same_directory(tmp_path):
    service, second, lonely = rich_directory()
    make_directory_service("Camden Help", postal_code="08102", languages=("es",))
    first = export(tmp_path / "first.json")
    wipe()
    result = import_path(tmp_path / "first.json")
    assert result.counts["services"] == 3 and result.counts["organizations"] == 3
    assert export(tmp_path / "second.json") == first
    # The rows are back under their HSDS ids, with what the columns do not hold.
    again = Service.objects.get(pk=service.pk)
    assert again.more["cost_options"][0]["option"] == "Free"
    assert DirectoryOrganization.objects.get(pk=lonely.pk).locations.count() == 1


def test_importing_the_export_again_changes_nothing(tmp_path):
    rich_directory()
    first = export(tmp_path / "first.json")
    import_path(tmp_path / "first.json")
    assert export(tmp_path / "second.json") == first
