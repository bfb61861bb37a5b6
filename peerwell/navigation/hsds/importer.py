"""Importing HSDS 3.0 into the directory: JSON (one record or a list, of services,
organizations or taxonomy terms, in full form; or lists keyed by table, such as
{"taxonomies": [...], "services": [...]}; or the HSDS API's paginated answer) and the
tabular data package (a folder of CSVs named by HSDS table, or a .zip of one).

Everything is checked before anything is written: each record against the official
JSON Schema, each value against its column, each schedule's recurrence rule, each
reference against the file and the directory. On any problem the import raises
`HsdsImportError` with every problem found (up to `MAX_PROBLEMS`) and writes nothing;
otherwise it writes every row in one transaction, keyed by the HSDS UUID, so importing
the same data again updates the same rows.
"""

import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import opening
from ..models import ServiceAtLocation
from . import schemas, tables
from .checks import check_references, check_values
from .flatten import flatten, kind_of

MAX_PROBLEMS = 100
# A .zip upload may hold at most this much once unpacked (a "zip bomb" stops here).
MAX_UNZIPPED = 500 * 1024 * 1024
# How often the progress callback hears of records checked or written.
PROGRESS_EVERY = 200


@dataclass
class Problem:
    """One thing wrong, located as precisely as the file allows."""

    file: str
    record: str = ""
    field: str = ""
    message: str = ""
    # The record's place in its file (1 for the first), to list problems in file order.
    number: int = 0

    def __str__(self):
        return ": ".join(
            part for part in (self.file, self.record, self.field, self.message) if part
        )

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "record": self.record,
            "field": self.field,
            "message": self.message,
        }


class HsdsImportError(Exception):
    """The file could not be imported; nothing was written. `problems` says why."""

    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = problems
        self.more = more  # problems past MAX_PROBLEMS, counted but not kept
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if self.more:
            out.append(_("… and %(count)s more problems.") % {"count": self.more})
        return out


@dataclass
class ImportResult:
    """What was written: rows per HSDS table ({"services": 12, ...})."""

    counts: dict = field(default_factory=dict)
    services: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Problems:
    """Collects problems up to the cap, and counts the rest."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.more = 0

    def add(self, *args, **kwargs):
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(Problem(*args, **kwargs))
        else:
            self.more += 1

    def at(self, row, name: str, message: str):
        """A problem with the field `name` of a flattened row."""
        self.add(row.file, row.record, row.at(name), message, number=row.number)

    def __bool__(self):
        return bool(self.kept)

    def raise_if_any(self):
        if self.kept:
            self.kept.sort(key=lambda p: (p.file, p.number))
            raise HsdsImportError(self.kept, self.more)


class Progress:
    """Calls `callback(stage, done, total)` now and then ("checking", then "loading")."""

    def __init__(self, callback, stage: str, total: int):
        self.callback, self.stage, self.total, self.done, self.told = callback, stage, total, 0, 0
        self.tell(force=True)

    def step(self, count: int = 1):
        self.done += count
        self.tell()

    def tell(self, force=False):
        if self.callback and (
            force or self.done - self.told >= PROGRESS_EVERY or self.done == self.total
        ):
            self.told = self.done
            self.callback(self.stage, self.done, self.total)


# --- Reading ---------------------------------------------------------------------


def _no_constant(name):
    raise ValueError(_("%(name)s is not a number JSON allows.") % {"name": name})


def read_json(name: str, data: bytes, problems: Problems) -> list:
    """The top-level records of a JSON document, or [] with its problem noted."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(name, message=_("This is not UTF-8 text (byte %(at)s).") % {"at": error.start})
        return []
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        problems.add(
            name,
            _("line %(line)s, column %(column)s") % {"line": error.lineno, "column": error.colno},
            message=_("This is not valid JSON: %(error)s.") % {"error": error.msg},
        )
        return []
    except (ValueError, RecursionError) as error:
        problems.add(name, message=_("This is not valid JSON: %(error)s") % {"error": error})
        return []
    # The HSDS API's paginated answer ({"contents": [...], ...}) holds its records.
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        document = document["contents"]
    if isinstance(document, list):
        records = [(None, None, record) for record in document]
    elif _keyed(document):
        # Lists keyed by table ({"organizations": [...], "services": [...]}): the key
        # says what each record is, which a taxonomy's fields alone would not.
        records = [
            (ENTITY_OF_KEY[key], f"{key}[{i}]", record)
            for key, listed in document.items()
            for i, record in enumerate(listed)
        ]
    else:
        records = [(None, None, document)]
    if not records:
        problems.add(name, message=_("The file holds no records."))
    return records


ENTITY_OF_KEY = {plural: entity for entity, plural in tables.PLURAL.items()}


def _keyed(document) -> bool:
    return (
        isinstance(document, dict)
        and bool(document)
        and all(key in ENTITY_OF_KEY and isinstance(v, list) for key, v in document.items())
    )


def label(number: int, record, *, line=False, place=None) -> str:
    """How a message names a record: "record 3 (id …, “Harbor House”)", or by its
    `place` in the document ("services[2] (id …)")."""
    text = place or (_("line %(number)s") if line else _("record %(number)s")) % {"number": number}
    if isinstance(record, dict):
        known = [f"id {record['id']}" if isinstance(record.get("id"), str) else ""]
        if isinstance(record.get("name"), str) and record["name"]:
            known.append(f"“{record['name'][:80]}”")
        known = [k for k in known if k]
        if known:
            text += f" ({', '.join(known)})"
    return text


def schema_path(error) -> str:
    """jsonschema's path as "phones[0].number"."""
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_json_records(name: str, records: list, rows: dict, problems: Problems, progress):
    """Each record against its entity's schema; the valid ones flattened into `rows`."""
    for index, (entity, place, record) in enumerate(records, start=1):
        where = label(index, record, place=place)
        entity = entity or kind_of(record)
        if not isinstance(record, dict):
            entity = None
        if entity is None:
            problems.add(name, where, message=_("A record must be a JSON object."), number=index)
            progress.step()
            continue
        errors = sorted(
            schemas.validator(entity).iter_errors(record),
            key=lambda e: list(map(str, e.absolute_path)),
        )
        for error in errors[:20]:
            problems.add(name, where, schema_path(error), error.message[:300], number=index)
        if not errors:
            flatten(entity, record, rows, file=name, record=where, number=index)
        progress.step()


def read_upload(name: str, data: bytes, *, by=None, progress=None) -> "ImportResult":
    """Imports an uploaded file: HSDS JSON, or a .zip of the tabular data package (or of
    JSON files)."""
    if name.lower().endswith(".zip"):
        with tempfile.TemporaryDirectory(prefix="hsds-") as folder:
            unzip(name, data, Path(folder))
            return import_path(folder, by=by, progress=progress)
    problems = Problems()
    records = read_json(Path(name).name, data, problems)
    problems.raise_if_any()
    return _import({Path(name).name: records}, {}, by=by, progress=progress)


def unzip(name: str, data: bytes, folder: Path):
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise HsdsImportError([Problem(name, message=_("Unpacked, this .zip is too large."))])
        archive.extractall(folder)  # extractall keeps every member inside `folder`
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError) as error:
        raise HsdsImportError(
            [
                Problem(
                    name,
                    message=_("This is not a .zip file we can read (%(error)s).")
                    % {"error": error},
                )
            ]
        ) from None


def import_path(path, *, by=None, progress=None) -> ImportResult:
    """Imports an HSDS file (.json, one table's .csv, a .zip) or a folder (the tabular data
    package, with or without datapackage.json, and any .json files). `progress(stage,
    done, total)` hears how far it got. Raises HsdsImportError, having written nothing,
    on any problem."""
    from .tabular import read_folder

    path = Path(path)
    if path.is_file() and path.suffix.lower() in (".json", ".zip"):
        return read_upload(path.name, path.read_bytes(), by=by, progress=progress)
    problems = Problems()
    if path.is_dir():
        folder = path
        csv_only = None
    elif path.is_file() and path.suffix.lower() == ".csv":
        folder, csv_only = path.parent, path.name
    else:
        raise HsdsImportError([Problem(str(path), message=_("There is no such file or folder."))])
    documents, tabular = read_folder(folder, problems, only=csv_only)
    json_records = {}
    for name, data in documents.items():
        json_records[name] = read_json(name, data, problems)
    if not documents and not tabular and not problems:
        problems.add(
            str(path),
            message=_(
                "No HSDS file here: expected .json files or services.csv and the other tables."
            ),
        )
    return _import(json_records, tabular, by=by, progress=progress, problems=problems)


# --- Checking and writing ---------------------------------------------------------


def _import(
    json_records: dict, tabular: dict, *, by=None, progress=None, problems=None
) -> ImportResult:
    from .tabular import check_tabular

    problems = problems or Problems()
    rows = {entity: {} for entity in tables.MODELS}
    total = sum(len(r) for r in json_records.values()) + sum(len(t.rows) for t in tabular.values())
    checking = Progress(progress, "checking", total)
    for name, records in json_records.items():
        check_json_records(name, records, rows, problems, checking)
    check_tabular(tabular, rows, problems, checking)
    check_values(rows, problems)
    # A reference to a record that had problems of its own would only repeat them.
    if not problems:
        check_references(rows, problems)
    problems.raise_if_any()
    return write(rows, progress)


def write(rows: dict, progress=None) -> ImportResult:
    total = sum(len(t) for t in rows.values())
    loading = Progress(progress, "loading", total)
    now = timezone.now()
    result = ImportResult()
    try:
        with transaction.atomic():
            for entity, table in rows.items():
                if table:
                    result.counts[tables.PLURAL[entity]] = tables.upsert(
                        entity, list(table.values()), now, done=loading.step
                    )
            result.services = touched_services(rows)
            for start in range(0, len(result.services), 2000):
                opening.refresh_open_periods(service_ids=result.services[start : start + 2000])
    except DatabaseError as error:
        # The directory changed between the check and the write (a row referred to was
        # deleted meanwhile): nothing was written.
        raise HsdsImportError(
            [
                Problem(
                    "",
                    message=_("The directory changed during the import; try again (%(error)s).")
                    % {"error": error},
                )
            ]
        ) from None
    return result


def touched_services(rows: dict) -> list:
    """Services whose schedules may have changed, for their open periods."""
    ids = set(rows["service"])
    ids.update(
        str(r.values["service_id"]) for r in rows["schedule"].values() if r.values.get("service_id")
    )
    places = [
        r.values["service_at_location_id"]
        for r in rows["schedule"].values()
        if r.values.get("service_at_location_id")
    ]
    ids.update(str(r.values["service_id"]) for r in rows["service_at_location"].values())
    for start in range(0, len(places), 500):
        ids.update(
            str(s)
            for s in ServiceAtLocation.objects.filter(
                id__in=places[start : start + 500]
            ).values_list("service_id", flat=True)
        )
    return sorted(ids)


__all__ = ["HsdsImportError", "ImportResult", "Problem", "import_path", "read_upload"]
