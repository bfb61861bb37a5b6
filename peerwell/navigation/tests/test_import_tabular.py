"""Importing the HSDS tabular data package: a folder of CSVs, with or without
datapackage.json, or a .zip of one."""

import io
import json
import shutil
import zipfile

import pytest

from peerwell.navigation.hsds.importer import import_path, read_upload
from peerwell.navigation.models import Attribute, OpenPeriod, Service

from .test_import import DATA, table_counts

pytestmark = pytest.mark.django_db
CAFE = "6a5b2b73-8e9f-4cd3-8fb6-5ebf9e6b7c01"
RIDES = "6a5b2b73-8e9f-4cd3-8fb6-5ebf9e6b7c02"
COUNTS = {
    "taxonomies": 1,
    "taxonomy_terms": 1,
    "organizations": 1,
    "services": 2,
    "locations": 1,
    "service_at_locations": 1,
    "addresses": 1,
    "phones": 2,
    "schedules": 2,
    "languages": 1,
    "attributes": 1,
}


def test_a_folder_of_csvs_without_datapackage_json():
    result = import_path(DATA / "tabular")
    assert result.counts == COUNTS
    rides = Service.objects.get(pk=RIDES)
    assert rides.minimum_age == 18 and rides.organization.year_incorporated == 2011
    assert rides.phones.get().extension == 12
    assert Attribute.objects.get().service == rides
    # A table without a model of its own is kept with the record it belongs to.
    assert rides.more["contacts"][0]["name"] == "Marcus Lee"
    cafe = Service.objects.get(pk=CAFE)
    assert cafe.service_at_locations.get().schedules.get().byday == "MO,WE,FR"
    assert OpenPeriod.objects.filter(service=cafe).exists()
    assert OpenPeriod.objects.filter(service=rides).exists()


def test_a_folder_with_datapackage_json_naming_files_in_a_subfolder(tmp_path):
    shutil.copytree(DATA / "tabular", tmp_path / "data")
    resources = [
        {
            "name": path.stem.rstrip("s") if path.stem != "taxonomies" else "taxonomy",
            "path": f"data/{path.name}",
        }
        for path in (tmp_path / "data").glob("*.csv")
    ]
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "hsds", "resources": resources}))
    assert import_path(tmp_path).counts == COUNTS


def test_a_bad_datapackage_json(tmp_path):
    from peerwell.navigation.hsds.importer import HsdsImportError

    (tmp_path / "datapackage.json").write_text("{")
    with pytest.raises(HsdsImportError) as caught:
        import_path(tmp_path)
    assert caught.value.lines()[0].startswith("datapackage.json: This is not valid JSON")


def test_one_table_on_its_own(tmp_path):
    result = import_path(DATA / "tabular" / "organizations.csv")
    assert result.counts == {"organizations": 1}


def test_importing_the_package_again_changes_no_count(tmp_path):
    import_path(DATA / "tabular")
    before = table_counts()
    folder = shutil.copytree(DATA / "tabular", tmp_path / "package")
    text = (folder / "services.csv").read_text().replace("Recovery Cafe", "Recovery Cafe North")
    (folder / "services.csv").write_text(text)
    import_path(folder)
    assert table_counts() == before
    assert Service.objects.get(pk=CAFE).name == "Recovery Cafe North"


def zipped(folder, prefix="") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, prefix + path.name)
    return buffer.getvalue()


def test_a_zip_of_the_package_wrapped_in_a_folder():
    assert read_upload("directory.zip", zipped(DATA / "tabular", "hsds/")).counts == COUNTS


def test_a_file_that_is_not_a_zip():
    from peerwell.navigation.hsds.importer import HsdsImportError

    with pytest.raises(HsdsImportError) as caught:
        read_upload("directory.zip", b"not a zip")
    assert caught.value.lines() == [
        "directory.zip: This is not a .zip file we can read (File is not a zip file)."
    ]
