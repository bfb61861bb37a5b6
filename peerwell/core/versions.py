"""Earlier versions of a record, as people read them on a history page."""

import json

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext

from peerwell.core.signature import as_svg

# Fields that hold a staff member's id, in any model that keeps versions.
STAFF_FIELDS = {"assigned_peer", "services_consent_witness", "staff"}
DRAWINGS = {"services_consent_drawing", "signature_drawing"}


class VersionMixin:
    """For a model with `previous_values` (JSON text, encrypted) and `versioned_model`."""

    versioned_model = None

    @property
    def previous(self) -> dict:
        return json.loads(self.previous_values or "{}")

    def staff_ids(self) -> set:
        """Ids of staff named in the earlier values, to look their names up at once."""
        return {
            value
            for name, value in self.previous.items()
            if name in STAFF_FIELDS and isinstance(value, int)
        }

    def previous_items(self, staff_names=None) -> list[tuple[str, object]]:
        """(label, value) of each field as it was before the edit: choices by their
        label, staff by name, a drawn signature as its image."""
        items = []
        for name, value in self.previous.items():
            try:
                field = self.versioned_model._meta.get_field(name)
            except FieldDoesNotExist:
                items.append((name, value))
                continue
            label = capfirst(field.verbose_name)
            if name in STAFF_FIELDS and value is not None:
                value = (staff_names or {}).get(value, value)
            elif name in DRAWINGS:
                value = as_svg(value, label)
            elif field.choices and value:
                value = dict(field.flatchoices).get(value, value)
            elif isinstance(value, bool):
                value = _yes_no(value)
            items.append((label, value))
        return items


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def with_changes(versions, user) -> list:
    """The versions, each with `.changes` to show; staff names come in one query."""
    from django.contrib.auth import get_user_model

    versions = list(versions)
    ids = set().union(*(version.staff_ids() for version in versions))
    names = get_user_model().objects.names_for(user, ids)
    for version in versions:
        version.changes = version.previous_items(names)
    return versions
