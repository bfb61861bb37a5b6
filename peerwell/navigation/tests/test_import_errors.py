"""Bad input: a precise message (file, record, field) for each problem, and nothing
changed in the directory."""

import shutil

import pytest

from peerwell.navigation.hsds.importer import HsdsImportError, import_path
from peerwell.navigation.models import Schedule, Service

from .test_import import DATA, HARBOR, services, table_counts, write

pytestmark = pytest.mark.django_db
HARBOR_LABEL = f"record 1 (id {HARBOR}, “Harbor House Housing Help”)"
JOBS_LABEL = "record 2 (id 2c1d8d3f-4a5b-4e9f-8b72-1a7b5a2d3e01, “Second Chance Jobs”)"


@pytest.fixture
def directory():
    """The example services already imported, as a directory in use would be."""
    import_path(DATA / "services.json")
    return table_counts()


def refused(path) -> list[str]:
    with pytest.raises(HsdsImportError) as caught:
        import_path(path)
    return caught.value.lines()


def test_malformed_json_names_its_line_and_column(tmp_path, directory):
    path = write(tmp_path, "bad.json", '[{"id": "' + HARBOR + '",\n "name": }]')
    assert refused(path) == [
        "bad.json: line 2, column 10: This is not valid JSON: Expecting value."
    ]
    assert table_counts() == directory


def test_a_schema_violation_deep_in_a_nested_record(tmp_path, directory):
    document = services()
    document[0]["alternate_name"] = "Renamed, but not imported"
    document[0]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = 7102
    document[1]["phones"][0]["extension"] = "twelve"
    assert refused(write(tmp_path, "services.json", document)) == [
        f"services.json: {HARBOR_LABEL}: "
        "service_at_locations[0].location.addresses[0].postal_code: 7102 is not of type 'string'",
        f"services.json: {JOBS_LABEL}: phones[0].extension: 'twelve' is not of type 'number'",
    ]
    assert table_counts() == directory
    assert Service.objects.get(pk=HARBOR).alternate_name == "Harbor House"


def test_an_invalid_schedule_rule(tmp_path, directory):
    document = services()
    document[0]["schedules"][0]["byday"] = "XX"
    document[1]["schedules"][0]["bymonthday"] = "32"
    document[1]["schedules"][0]["description"] = "Changed, but not imported"
    assert refused(write(tmp_path, "services.json", document)) == [
        f"services.json: {HARBOR_LABEL}: schedules[0]: "
        "The recurrence rule “FREQ=WEEKLY;BYDAY=XX” cannot be read: invalid 'BYDAY': XX",
        f"services.json: {JOBS_LABEL}: schedules[0]: “32” cannot be a bymonthday (from 1 to 31).",
    ]
    assert table_counts() == directory
    assert not Schedule.objects.filter(description="Changed, but not imported").exists()


def test_values_that_fit_no_column(tmp_path, directory):
    document = services()
    document[0]["schedules"][0]["valid_from"] = "2025-02-30"
    document[0]["schedules"][0]["opens_at"] = "9am"
    document[1]["alternate_name"] = "x" * 301
    document[1]["minimum_age"] = -1
    assert refused(write(tmp_path, "services.json", document)) == [
        f"services.json: {HARBOR_LABEL}: schedules[0].valid_from: "
        "“2025-02-30” is not a date (like 2025-01-31).",
        f"services.json: {HARBOR_LABEL}: schedules[0].opens_at: "
        "“9am” is not a time of day (like 09:00).",
        f"services.json: {JOBS_LABEL}: alternate_name: "
        "This is 301 characters long; at most 300 fit.",
        f"services.json: {JOBS_LABEL}: minimum_age: -1 is not between 0 and 32767.",
    ]
    assert table_counts() == directory


def test_a_reference_to_nothing(tmp_path, directory):
    document = services()[1]
    del document["organization"]
    document["organization_id"] = "9f4a1a62-7d8e-4bc2-9ea5-4dae8d5a6b99"
    assert refused(write(tmp_path, "one.json", document)) == [
        "one.json: record 1 (id 2c1d8d3f-4a5b-4e9f-8b72-1a7b5a2d3e01, “Second Chance Jobs”): "
        "organization_id: There is no organization with the id "
        "9f4a1a62-7d8e-4bc2-9ea5-4dae8d5a6b99 in the file or in the directory."
    ]
    assert table_counts() == directory


def test_a_csv_missing_a_required_column(tmp_path, directory):
    folder = shutil.copytree(DATA / "tabular", tmp_path / "package")
    text = (folder / "services.csv").read_text().replace(",status,", ",state,")
    (folder / "services.csv").write_text(text)
    assert refused(folder) == [
        "services.csv: line 1: status: "
        "The column “status” is missing (services.csv needs id, name, status)."
    ]
    assert table_counts() == directory


def test_a_csv_with_a_bad_uuid(tmp_path, directory):
    folder = shutil.copytree(DATA / "tabular", tmp_path / "package")
    text = (folder / "phones.csv").read_text().replace("5ebf9e6b7c02,,215", "5ebf9e6b7c2,,215")
    (folder / "phones.csv").write_text(text)
    assert refused(folder) == [
        "phones.csv: line 2 (id 6a5b2b73-8e9f-4cd3-8fb6-5ebf9e6b7c06): service_id: "
        "'6a5b2b73-8e9f-4cd3-8fb6-5ebf9e6b7c2' is not a 'uuid'"
    ]
    assert table_counts() == directory


def test_a_csv_number_that_is_not_one(tmp_path):
    folder = shutil.copytree(DATA / "tabular", tmp_path / "package")
    text = (folder / "locations.csv").read_text().replace("39.9526", "north")
    (folder / "locations.csv").write_text(text)
    assert refused(folder) == [
        "locations.csv: line 2 (id 6a5b2b73-8e9f-4cd3-8fb6-5ebf9e6b7c03, “Northside center”): "
        "latitude: “north” is not a number."
    ]
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_not_a_record_at_all(tmp_path):
    assert refused(write(tmp_path, "list.json", "[1]")) == [
        "list.json: record 1: A record must be a JSON object."
    ]


def test_an_empty_list(tmp_path):
    assert refused(write(tmp_path, "empty.json", "[]")) == [
        "empty.json: The file holds no records."
    ]


def test_no_such_path(tmp_path):
    assert refused(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: There is no such file or folder."
    ]


def test_a_folder_with_no_hsds_file(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    assert refused(tmp_path) == [
        f"{tmp_path}: No HSDS file here: expected .json files or services.csv and the other tables."
    ]


def test_many_problems_are_capped(tmp_path):
    document = [
        {"id": f"00000000-0000-4000-8000-{n:012d}", "name": "x", "status": "open"}
        for n in range(150)
    ]
    lines = refused(write(tmp_path, "many.json", document))
    assert len(lines) == 101 and lines[-1] == "… and 50 more problems."


def test_a_record_in_lists_keyed_by_table_is_named_by_its_place(tmp_path):
    document = {"services": services()}
    document["services"][1]["phones"][0]["number"] = 3
    assert refused(write(tmp_path, "export.json", document)) == [
        "export.json: services[1] (id 2c1d8d3f-4a5b-4e9f-8b72-1a7b5a2d3e01, “Second Chance Jobs”): "
        "phones[0].number: 3 is not of type 'string'"
    ]
