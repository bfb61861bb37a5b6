"""Web imports of HSDS files: the upload is kept under the data directory, a
`DirectoryImport` row records it, and the worker loads it (the CLI imports in the
foreground instead). The row carries the progress the status page shows."""

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .hsds.importer import HsdsImportError, read_upload
from .models import DirectoryImport, ImportStatus

log = logging.getLogger(__name__)

# The largest file the page takes (a statewide directory as JSON is a few tens of MB).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
KINDS = (".json", ".zip")
STAGE_STATUS = {"checking": ImportStatus.CHECKING, "loading": ImportStatus.LOADING}


def upload_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def start_import(*, by, filename: str, chunks) -> DirectoryImport:
    """Keeps the uploaded file (`chunks` of bytes) and queues its import; the person
    watches it on the import's page."""
    from .tasks_imports import run_directory_import

    stored = upload_folder() / f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    with stored.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    try:
        with transaction.atomic():
            started = DirectoryImport.objects.create(
                organization=by.organization,
                started_by=by,
                filename=Path(filename).name[:300],
                stored_path=str(stored),
            )
            transaction.on_commit(lambda: run_directory_import.enqueue(started.pk))
    except BaseException:
        stored.unlink(missing_ok=True)  # no row names it: nothing would ever remove it
        raise
    return started


def run_import(import_id: int) -> str:
    """Loads a waiting import, once (a repeated task finds it taken and does nothing).
    Returns the status it ended with."""
    claimed = DirectoryImport.objects.filter(pk=import_id, status=ImportStatus.WAITING).update(
        status=ImportStatus.CHECKING
    )
    if not claimed:
        return ""
    job = DirectoryImport.objects.select_related("started_by").get(pk=import_id)

    def progress(stage, done, total):
        DirectoryImport.objects.filter(pk=import_id).update(
            status=STAGE_STATUS[stage], done=done, total=total
        )

    path = Path(job.stored_path)
    outcome = {"finished_at": timezone.now()}
    try:
        result = read_upload(job.filename, path.read_bytes(), by=job.started_by, progress=progress)
    except HsdsImportError as failure:
        errors = [p.as_dict() for p in failure.problems]
        if failure.more:
            errors.append({"file": "", "record": "", "field": "", "message": failure.lines()[-1]})
        outcome.update(status=ImportStatus.FAILED, errors=errors, counts={})
    except Exception:
        log.exception("HSDS import %s failed", import_id)
        message = _("Something went wrong on our side; nothing was imported. Please try again.")
        outcome.update(
            status=ImportStatus.FAILED,
            errors=[{"file": job.filename, "record": "", "field": "", "message": message}],
        )
    else:
        outcome.update(status=ImportStatus.DONE, counts=result.counts, errors=[])
    finally:
        path.unlink(missing_ok=True)
    DirectoryImport.objects.filter(pk=import_id).update(**outcome)
    return outcome["status"]
