"""Importing from the web: upload, the worker's run, the progress page, bad uploads."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peerwell.navigation import imports
from peerwell.navigation.models import DirectoryImport, ImportStatus, Service

from .test_import import DATA, HARBOR, table_counts
from .test_import_tabular import COUNTS, zipped

pytestmark = pytest.mark.django_db
URL = reverse("directory_import")


def upload(client, name, content, capture):
    with capture(execute=True):
        return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def test_a_zip_of_csvs_is_imported_by_the_worker(
    as_user, admin, django_capture_on_commit_callbacks
):
    client = as_user(admin)
    response = upload(
        client, "northside.zip", zipped(DATA / "tabular"), django_capture_on_commit_callbacks
    )
    job = DirectoryImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("directory_import_status", kwargs={"import_id": job.pk})
    assert job.status == ImportStatus.DONE and job.counts == COUNTS
    assert Service.objects.count() == 2
    page = client.get(response.url)
    assert "Imported" in page.content.decode()
    assert '<th scope="row">Services</th><td>2</td>' in page.content.decode()
    # The stored upload is not kept once it is imported.
    assert job.stored_path and not Path(job.stored_path).exists()
    # The upload page lists it.
    assert "northside.zip" in client.get(URL).content.decode()


def test_a_json_file_with_a_problem_shows_every_problem_and_imports_nothing(
    as_user, supervisor, django_capture_on_commit_callbacks
):
    client = as_user(supervisor)
    text = (
        (DATA / "services.json")
        .read_text()
        .replace('"postal_code": "07102"', '"postal_code": 7102')
    )
    response = upload(client, "services.json", text.encode(), django_capture_on_commit_callbacks)
    job = DirectoryImport.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "file": "services.json",
            "record": f"record 1 (id {HARBOR}, “Harbor House Housing Help”)",
            "field": "service_at_locations[0].location.addresses[0].postal_code",
            "message": "7102 is not of type 'string'",
        }
    ]
    assert set(table_counts().values()) == {0}
    html = client.get(response.url).content.decode()
    assert "Nothing was imported" in html
    assert "service_at_locations[0].location.addresses[0].postal_code" in html


def test_a_running_import_shows_its_progress_and_polls(as_user, admin):
    job = DirectoryImport.objects.create(
        organization=admin.organization,
        started_by=admin,
        filename="statewide.json",
        status=ImportStatus.CHECKING,
        done=1200,
        total=20000,
    )
    client = as_user(admin)
    url = reverse("directory_import_status", kwargs={"import_id": job.pk})
    html = client.get(url).content.decode()
    assert '<progress id="import-bar" class="pw-full" max="20000" value="1200">' in html
    assert "1,200 of 20,000 records" in html
    assert 'hx-trigger="every 2s"' in html
    # htmx asks for the fragment only; once done, it stops polling.
    DirectoryImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE, counts={"services": 3}
    )
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="import-progress">')
    assert "hx-trigger" not in fragment and "<h1>" not in fragment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file to import."),
        (
            {"file": SimpleUploadedFile("directory.xlsx", b"PK")},
            "“directory.xlsx” is not a .json or .zip file.",
        ),
        ({"file": SimpleUploadedFile("directory.json", b"")}, "This file is empty."),
    ],
)
def test_a_bad_upload_shows_the_form_again(as_user, admin, data, message):
    response = as_user(admin).post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_too_large_a_file(as_user, admin, monkeypatch):
    monkeypatch.setattr("peerwell.navigation.forms_imports.MAX_UPLOAD_BYTES", 10)
    response = as_user(admin).post(
        URL, {"file": SimpleUploadedFile("big.json", b"[" + b" " * 20 + b"]")}
    )
    assert (
        "This file is 22\xa0bytes; the largest we take is 10\xa0bytes." in response.content.decode()
    )
    assert not DirectoryImport.objects.exists()


def test_a_repeated_task_imports_once(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import(
            by=admin, filename="services.json", chunks=[(DATA / "services.json").read_bytes()]
        )
    assert imports.run_import(job.pk) == ""
    assert DirectoryImport.objects.get().status == ImportStatus.DONE


def test_peers_cannot_import(as_user, peer):
    assert as_user(peer).get(URL).status_code == 403
