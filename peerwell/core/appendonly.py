"""Rows that are written once and never changed or deleted: the audit trail and the
disclosures of the accounting (42 CFR 2.24). The ORM refuses here; on PostgreSQL the
audit trail also has a trigger that refuses any client."""

from django.db import models


class AppendOnly(Exception):
    """An attempt to change or delete a row that may only be added."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes. Mix in before the model's own queryset."""

    def update(self, **kwargs):
        raise AppendOnly(f"{self.model._meta.label} rows cannot be changed.")

    def delete(self):
        raise AppendOnly(f"{self.model._meta.label} rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Saves only new rows; refuses to change or delete one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"{self._meta.label} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{self._meta.label} rows cannot be deleted.")
