"""The official HSDS 3.0 JSON Schemas (tag v3.0 of openreferral/specification, CC BY-SA
4.0), kept unchanged in `schema/` so validation needs no network. Their `$ref`s name
sibling files ("phone.json") and the OpenAPI file names them by their published
address; both resolve to these files through one registry."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"
PUBLISHED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
VERSION = "3.0"
PROFILE = "https://openreferral.org/specification/3.0/"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.rglob("*.json"):
        if path.name == "openapi.json":
            continue
        name = path.relative_to(SCHEMA_DIR).as_posix()
        resource = Resource.from_contents(_load(path), default_specification=DRAFT202012)
        resources.append((PUBLISHED + name, resource))
    return Registry().with_resources(resources)


@cache
def validator(entity: str) -> Draft202012Validator:
    """A validator for one HSDS entity ("service", "organization", "taxonomy_term", ...,
    or "compiled/service_list"), resolving every reference from disk."""
    return Draft202012Validator(
        {"$ref": f"{PUBLISHED}{entity}.json"},
        registry=registry(),
        # Formats are checked too: a bad UUID or date is an error, not a warning.
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def openapi() -> dict:
    return _load(SCHEMA_DIR / "openapi.json")
