"""Importing HSDS files from the web: the upload form with the recent imports, and each
import's page, which follows its progress while the worker loads it."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page

from .forms_imports import DirectoryImportForm
from .imports import start_import
from .models import DirectoryImport, ImportStatus

RUNNING = (ImportStatus.WAITING, ImportStatus.CHECKING, ImportStatus.LOADING)
PER_PAGE = 20
TABLES = {
    "taxonomies": _("Taxonomies"),
    "taxonomy_terms": _("Taxonomy terms"),
    "organizations": _("Organizations"),
    "services": _("Services"),
    "locations": _("Locations"),
    "service_at_locations": _("Services at locations"),
    "addresses": _("Addresses"),
    "phones": _("Phones"),
    "schedules": _("Schedules"),
    "languages": _("Languages"),
    "attributes": _("Taxonomy links (attributes)"),
}


@staff_view("admin", "supervisor")
def directory_import(request):
    posted = request.method == "POST"
    form = DirectoryImportForm(request.POST, request.FILES) if posted else DirectoryImportForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        started = start_import(by=request.user, filename=upload.name, chunks=upload.chunks())
        return redirect("directory_import_status", import_id=started.pk)
    recent = DirectoryImport.objects.visible_to(request.user).select_related("started_by")
    page = uncounted_page(recent, request.GET.get("page"), PER_PAGE)
    return render(request, "navigation/import.html", {"form": form, "page": page})


@staff_view("admin", "supervisor")
def directory_import_status(request, import_id):
    job = get_visible_or_404(
        request, DirectoryImport.objects.select_related("started_by"), pk=import_id
    )
    counts = [(TABLES.get(table, table), n) for table, n in job.counts.items()]
    context = {"job": job, "running": job.status in RUNNING, "counts": counts}
    if request.headers.get("HX-Request"):
        return render(request, "navigation/_import_progress.html", context)
    return render(request, "navigation/import_status.html", context)
