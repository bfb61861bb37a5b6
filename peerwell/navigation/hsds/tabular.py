"""The HSDS tabular data package: a folder of CSVs named by HSDS table (`services.csv`,
`phones.csv`, ...), with or without `datapackage.json`. Each CSV row is one flat record;
its text is turned into the schema's types (numbers), then checked against the same
JSON Schema as a JSON record."""

import csv
import io
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from . import schemas
from .flatten import flatten
from .tables import MODELS

# Tables we have no model for: their rows are kept in the `more` of the record they
# belong to, under HSDS's nested name, so an export gives them back.
KEPT_IN_MORE = {
    "contact": "contacts",
    "funding": "funding",
    "cost_option": "cost_options",
    "program": "programs",
    "required_document": "required_documents",
    "service_area": "service_areas",
    "accessibility": "accessibility",
    "organization_identifier": "organization_identifiers",
}
# Whose `more` they go in: the first of these references a row fills.
HOLDERS = ("service_at_location_id", "service_id", "location_id", "organization_id")
# Names people give the files besides the schema's own (it says "service_at_location.csv").
ALIASES = {"service_at_locations.csv": "service_at_location"}


@cache
def entity_of_file() -> dict:
    """ "services.csv" -> "service", from each schema's `path`."""
    out = dict(ALIASES)
    for path in schemas.SCHEMA_DIR.glob("*.json"):
        if path.name == "openapi.json":
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        if schema.get("path"):
            out[schema["path"]] = schema["name"]
    return out


@cache
def schema_of(entity: str) -> dict:
    return json.loads((schemas.SCHEMA_DIR / f"{entity}.json").read_text(encoding="utf-8"))


@dataclass
class Table:
    file: str
    entity: str
    rows: list = field(default_factory=list)  # (line, {column: text})


def _package_folder(folder: Path) -> Path:
    """The folder holding the package: `folder`, or the one folder a .zip wrapped it in."""
    known = set(entity_of_file()) | {"datapackage.json"}
    while True:
        names = {p.name for p in folder.iterdir()}
        if names & known or any(n.endswith(".json") for n in names):
            return folder
        subfolders = [
            p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
        ]
        if len(subfolders) != 1:
            return folder
        folder = subfolders[0]


def read_folder(folder: Path, problems, *, only: str | None = None):
    """({name: bytes} of its JSON documents, {name: Table} of its CSVs)."""
    folder = _package_folder(folder) if only is None else folder
    files = {}  # name shown in messages -> (path, entity)
    package = folder / "datapackage.json"
    if only is None and package.is_file():
        for resource in _resources(package, problems):
            path = folder / str(resource.get("path", ""))
            entity = resource.get("name") if resource.get("name") in schemas_known() else None
            entity = entity or entity_of_file().get(path.name)
            if entity and path.is_file() and path.resolve().is_relative_to(folder.resolve()):
                files[str(resource["path"])] = (path, entity)
    documents = {}
    for path in sorted(folder.iterdir()):
        if only and path.name != only:
            continue
        entity = entity_of_file().get(path.name)
        if entity and path.name not in files and path.is_file():
            files[path.name] = (path, entity)
        elif path.suffix.lower() == ".json" and path.name != "datapackage.json" and not entity:
            documents[path.name] = path.read_bytes()
    tables = {}
    for name, (path, entity) in files.items():
        table = read_csv(name, entity, path.read_bytes(), problems)
        if table:
            tables[name] = table
    return documents, tables


def schemas_known() -> set:
    return set(entity_of_file().values())


def _resources(package: Path, problems) -> list:
    try:
        document = json.loads(package.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        problems.add(
            "datapackage.json", message=_("This is not valid JSON: %(error)s") % {"error": error}
        )
        return []
    resources = document.get("resources") if isinstance(document, dict) else None
    if not isinstance(resources, list):
        problems.add(
            "datapackage.json", "resources", message=_("This should list the package's files.")
        )
        return []
    return [r for r in resources if isinstance(r, dict) and isinstance(r.get("path"), str)]


def read_csv(name: str, entity: str, data: bytes, problems) -> Table | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(name, message=_("This is not UTF-8 text (byte %(at)s).") % {"at": error.start})
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
        if not header:
            problems.add(
                name, message=_("The file is empty: it needs a first line naming its columns.")
            )
            return None
        required = schema_of(entity).get("required", [])
        missing = [c for c in required if c not in header]
        for column in missing:
            problems.add(
                name,
                _("line %(number)s") % {"number": 1},
                column,
                _("The column “%(column)s” is missing (%(file)s needs %(needed)s).")
                % {"column": column, "file": name, "needed": ", ".join(required)},
            )
        if missing:
            return None
        table = Table(name, entity)
        for cells in reader:
            if None in cells:
                problems.add(
                    name,
                    _("line %(number)s") % {"number": reader.line_num},
                    message=_("This line has more cells than the first line names."),
                )
                continue
            table.rows.append((reader.line_num, cells))
        return table
    except csv.Error as error:
        problems.add(name, _("line %(number)s") % {"number": reader.line_num}, message=str(error))
        return None


def typed(entity: str, cells: dict, where, problems) -> dict | None:
    """A CSV row as the schema's types: empty cells left out, numbers read as numbers.
    Columns the schema has as lists or objects (nested records) have no place in a CSV."""
    props = schema_of(entity)["properties"]
    out, ok = {}, True
    for column, text in cells.items():
        if text is None or text == "":
            continue
        kind = props.get(column, {}).get("type", "string")
        if kind == "number":
            try:
                number = float(text)
            except ValueError:
                problems.add(*where, column, _("“%(value)s” is not a number.") % {"value": text})
                ok = False
                continue
            out[column] = int(number) if number.is_integer() and "." not in text else number
        elif kind in ("array", "object"):
            continue
        else:
            out[column] = text
    return out if ok else None


def check_tabular(tables: dict, rows: dict, problems, progress):
    """Each CSV row against its schema; the valid ones added to `rows`."""
    from .importer import label, schema_path

    kept = []
    for name, table in tables.items():
        validator = schemas.validator(table.entity)
        for line, cells in table.rows:
            where = (name, label(line, cells, line=True))
            record = typed(table.entity, cells, where, problems)
            progress.step()
            if record is None:
                continue
            errors = list(validator.iter_errors(record))
            for error in errors[:20]:
                problems.add(*where, schema_path(error), error.message[:300])
            if errors:
                continue
            if table.entity in MODELS:
                flatten(table.entity, record, rows, file=name, record=where[1], number=line)
            elif table.entity in KEPT_IN_MORE:
                kept.append((table.entity, record, where))
    for entity, record, where in kept:
        _keep_in_holder(entity, record, where, rows, problems)


def _keep_in_holder(entity, record, where, rows, problems):
    import uuid

    for ref in HOLDERS:
        if record.get(ref):
            holder = rows[ref.removesuffix("_id")].get(str(uuid.UUID(record[ref])))
            if holder is None and not problems:  # not when its holder had a problem
                problems.add(
                    *where,
                    ref,
                    _("The %(entity)s this belongs to must be in the same package.")
                    % {"entity": ref.removesuffix("_id").replace("_", " ")},
                )
            elif holder is not None:
                holder.more.setdefault(KEPT_IN_MORE[entity], []).append(record)
            return
