"""Fuzzing the importer: documents generated from the official service schema, and
valid documents with one value changed at random. Whatever comes in, the importer
raises nothing but its own error, and either imports the whole document or changes
nothing.

hypothesis-jsonschema 0.23.1 cannot draw objects with the Hypothesis installed here
(its `from_object_schema` calls `many.more()`, which Hypothesis removed), so the
schema is turned into strategies by `from_hsds_schema` below; hypothesis-jsonschema
still draws the plain values it can (strings of a format, numbers)."""

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from peerwell.navigation.hsds.importer import HsdsImportError, read_upload
from peerwell.navigation.hsds.schemas import SCHEMA_DIR
from peerwell.navigation.models import Service

from .test_import import services, table_counts

pytestmark = pytest.mark.django_db
# References between records are left out of generated documents (random UUIDs would
# name nothing, and every example would stop at that one error); nesting links them.
REFERENCES = {"organization_id", "service_id", "location_id", "service_at_location_id"}
REFERENCES |= {"phone_id", "taxonomy_term_id", "parent_id", "taxonomy_id", "link_id"}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def inlined(name: str, depth: int = 0) -> dict:
    """An HSDS schema with its `$ref`s replaced by the schemas they name, lists kept
    short so the documents stay small; nesting stops after a few levels."""
    schema = json.loads((SCHEMA_DIR / name).read_text())

    def walk(node, depth):
        if isinstance(node, dict):
            if "$ref" in node:
                if depth > 3:
                    return {"type": "object", "properties": {}, "maxProperties": 0}
                return inlined(node["$ref"], depth + 1)
            out = {
                k: walk(v, depth) for k, v in node.items() if k not in ("example", "constraints")
            }
            if out.get("type") == "array":
                out["maxItems"] = 1
            if isinstance(out.get("properties"), dict):
                out["properties"] = {
                    k: v for k, v in out["properties"].items() if k not in REFERENCES
                }
            return out
        if isinstance(node, list):
            return [walk(v, depth) for v in node]
        return node

    schema = walk(schema, depth)
    schema.pop("$schema", None)
    return schema


TEXT = st.text(max_size=40)
# HSDS keeps dates and times as strings and says which in `datapackage_type`.
TYPED = {
    "date": st.dates().map(str),
    "time": st.times().map(lambda t: t.isoformat(timespec="minutes")),
    "datetime": st.datetimes().map(lambda t: t.isoformat()),
}


def from_hsds_schema(schema: dict):
    """A strategy for documents valid against `schema` (an inlined HSDS schema): its
    required fields always, the others sometimes; mostly well-formed values."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type") or ("object" if "properties" in schema else "string")
    if kind == "object":
        props = schema.get("properties", {})
        required = [k for k in schema.get("required", []) if k in props]
        return st.fixed_dictionaries(
            {k: from_hsds_schema(props[k]) for k in required},
            optional={k: from_hsds_schema(v) for k, v in props.items() if k not in required},
        )
    if kind == "array":
        return st.lists(
            from_hsds_schema(schema.get("items", {})), max_size=schema.get("maxItems", 2)
        )
    if kind == "number":
        return from_schema({"type": "number"}) | st.integers(min_value=-5, max_value=200)
    if schema.get("format") == "uuid":
        return st.uuids().map(str)
    if schema.get("format") == "email":
        return from_schema({"type": "string", "format": "email"})
    if schema.get("datapackage_type") in TYPED:
        return TYPED[schema["datapackage_type"]] | TEXT
    return TEXT


SERVICE_DOCUMENTS = from_hsds_schema(inlined("service.json"))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)


def paths(node, here=()):
    """Every place in a document a value sits."""
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*here, i))


@st.composite
def mutated_documents(draw):
    document = services()
    place = draw(st.sampled_from(list(paths(document))[1:]))
    *parents, last = place
    holder = document
    for step in parents:
        holder = holder[step]
    if draw(st.booleans()) and isinstance(holder, dict):
        del holder[last]
    else:
        holder[last] = draw(JSON_VALUES)
    return document


def imports_all_or_nothing(document):
    before = table_counts()
    try:
        read_upload("fuzz.json", json.dumps(document).encode())
    except HsdsImportError as failure:
        assert failure.problems and all(str(p) for p in failure.problems)
        assert table_counts() == before
        return False
    records = document if isinstance(document, list) else [document]
    for record in records:
        if isinstance(record, dict) and "status" in record:
            assert Service.objects.filter(pk=uuid.UUID(record["id"])).exists()
    return True


@FUZZ
@given(document=SERVICE_DOCUMENTS)
def test_documents_from_the_service_schema(document):
    imports_all_or_nothing(document)


@FUZZ
@given(document=mutated_documents())
def test_valid_documents_with_one_value_changed(document):
    imports_all_or_nothing(document)
