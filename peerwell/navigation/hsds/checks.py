"""The checks that need every record of a file at hand: each value against its column
(and each schedule's recurrence rule), then each reference against the file and the
directory. Problems go to `problems.at(row, field, message)`."""

from django.utils.translation import gettext as _

from .. import opening
from ..models import Schedule
from . import tables


def check_values(rows: dict, problems):
    """Each value against its column, and each schedule's rule."""
    for entity, table in rows.items():
        cols = tables.columns(entity)
        for row in table.values():
            if tables.has_nul(row.more) or tables.has_nul(row.data):
                problems.add(
                    row.file,
                    row.record,
                    row.at(),
                    _("Text may not hold a NUL character."),
                    number=row.number,
                )
                continue
            for name, f in cols:
                try:
                    row.values[f.attname] = tables.convert(row.data.get(name), f)
                except ValueError as error:
                    problems.at(row, name, str(error))
            if entity == "attribute":
                link = row.values.get("link_id")
                row.values["service_id"] = (
                    link if row.data.get("link_entity") == "service" else None
                )
            if entity == "language" and row.values.get("code"):
                row.values["code"] = row.values["code"].lower()
            if entity == "schedule":
                try:
                    opening.check_rule(Schedule(**row.values))
                except (opening.BadRule, ValueError, TypeError) as error:
                    problems.at(row, "", str(error))


# Columns a row cannot do without, and what to say when they are missing.
NEEDED = {
    ("service_at_location", "service_id"): "service",
    ("service_at_location", "location_id"): "location",
    ("address", "location_id"): "location",
    ("attribute", "taxonomy_term_id"): "taxonomy_term",
    ("attribute", "link_id"): None,
}


def check_references(rows: dict, problems):
    """Every reference names a row of the file or of the directory."""
    wanted = {}  # entity -> {uuid: [(row, field name)]}
    for entity, table in rows.items():
        for row in table.values():
            for name, f in tables.columns(entity):
                target = _target(f)
                value = row.values.get(f.attname)
                if value is None:
                    if (entity, f.attname) in NEEDED:
                        message = _("This is missing: every %(entity)s needs one.")
                        problems.at(row, name, message % {"entity": entity.replace("_", " ")})
                    continue
                if target and str(value) not in rows[target]:
                    wanted.setdefault(target, {}).setdefault(value, []).append((row, name))
            if entity == "attribute" and row.values.get("service_id"):
                if str(row.values["service_id"]) not in rows["service"]:
                    wanted.setdefault("service", {}).setdefault(
                        row.values["service_id"], []
                    ).append((row, "link_id"))
    for target, refs in wanted.items():
        model = tables.MODELS[target]
        ids = list(refs)
        known = set()
        for start in range(0, len(ids), 500):
            known.update(
                model.objects.filter(id__in=ids[start : start + 500]).values_list("id", flat=True)
            )
        for value, where in refs.items():
            if value in known:
                continue
            for row, name in where:
                problems.at(
                    row,
                    name,
                    _("There is no %(entity)s with the id %(id)s in the file or in the directory.")
                    % {"entity": target.replace("_", " "), "id": value},
                )


def _target(f):
    if not f.is_relation:
        return None
    model = f.related_model
    return next((e for e, m in tables.MODELS.items() if m is model), None)
