"""Edits that keep earlier versions: optimistic versioning, the stored earlier values,
and how people read them on a history page.

A versioned model has a `version` number and a `versions` relation to a `RecordVersion`
subclass. An edit calls `claim_version` (refused with `EditConflict` when someone saved
since the form was opened), saves, then `keep_version`."""

import json
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from peerwell.core.fields import EncryptedTextField
from peerwell.core.signature import as_svg
from peerwell.core.tenancy import RecordQuerySet, TenantModel

# Fields that hold a staff member's id, in any model that keeps versions.
STAFF_FIELDS = {"assigned_peer", "services_consent_witness", "staff"}
DRAWINGS = {"services_consent_drawing", "signature_drawing"}


class EditConflict(Exception):
    """Someone else saved the record since this edit began."""


def claim_version(instance, version: int, fields) -> str:
    """Takes the next version number of `instance` if it is still at `version`, and
    returns the stored values of `fields` before the edit, as JSON text. Raises
    EditConflict when someone else saved first: their save stands, never overwritten."""
    model = type(instance)
    before = (model.objects.filter(pk=instance.pk).values(*fields).first() or {}) if fields else {}
    if not model.objects.filter(pk=instance.pk, version=version).update(version=version + 1):
        raise EditConflict
    instance.version = version + 1
    return json.dumps(before, cls=DjangoJSONEncoder, default=str)


def keep_version(instance, *, version: int, user, fields, previous: str) -> None:
    """Stores what `fields` held at `version`, who changed them and when."""
    if fields:
        instance.versions.create(
            organization_id=instance.organization_id,
            version=version,
            changed_by=user,
            fields=list(fields),
            previous_values=previous,
        )


class RecordVersion(TenantModel):
    """The values a record had before an edit (encrypted: they hold the record's
    details). Subclasses add the foreign key to their record, with related_name
    "versions", and set `versioned_model`."""

    versioned_model = None

    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    fields = models.JSONField(default=list)
    previous_values = EncryptedTextField()

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-version"]

    @cached_property
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


def versions_of(instance, user, limit: int) -> list:
    """The latest `limit` earlier versions of `instance` that `user` may see, newest
    first, each with `.changes` to show."""
    relation = type(instance).versions.rel
    versions = list(
        relation.related_model.objects.visible_to(user)
        .filter(**{relation.field.name: instance})
        .select_related("changed_by")[:limit]
    )
    # Staff named in the earlier values (a previous peer, a witness): one query for all.
    ids = set().union(*(version.staff_ids() for version in versions))
    names = get_user_model().objects.names_for(user, ids)
    for version in versions:
        version.changes = version.previous_items(names)
    return versions
