"""An HSDS import started from the web page: the uploaded file is checked and loaded by
the worker, and the page shows its progress. (The CLI imports in the foreground.)"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.tenancy import TenantModel, TenantQuerySet


class ImportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to start")
    CHECKING = "checking", _("Checking the file")
    LOADING = "loading", _("Loading")
    DONE = "done", _("Done")
    FAILED = "failed", _("Nothing was imported")


class DirectoryImportQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor"})


class DirectoryImport(TenantModel):
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The name of the uploaded file, as the person gave it, and where it is kept meanwhile.
    filename = models.CharField(_("file"), max_length=300)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    # Progress: records done out of total, for the progress bar.
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # What was imported ({"services": 12, ...}) or what was wrong ([{file, record, field,
    # message}, ...]).
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)

    objects = DirectoryImportQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-started_at"], name="directory_import_org")
        ]

    def __str__(self):
        return f"{self.filename} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
