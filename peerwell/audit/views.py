import csv

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from peerwell.core.access import staff_view
from peerwell.core.paging import uncounted_page
from peerwell.orgs.models import User
from peerwell.participants.models import Participant
from peerwell.search.queries import search_participants

from .actions import record
from .forms import AuditFilterForm
from .models import AuditAction, AuditEntry
from .words import name_the_rows, what_happened

PAGE_SIZE = 50
# What a row of the list shows: the names only of the staff member and participant.
# Whole participant rows would decrypt each one's notes and parse each one's phone.
LIST_FIELDS = (
    *(f.name for f in AuditEntry._meta.concrete_fields),
    "actor__full_name",
    "participant__first_name",
    "participant__last_name",
    "participant__preferred_name",
)
EXPORT_LIMIT = 100_000


# What a spreadsheet reads as the start of a formula. Some spreadsheets drop leading
# spaces before deciding, so a formula after spaces counts too.
FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")


def _filtered(request):
    """The form, the entries it selects, and the filter applied (as plain values, for
    the export's own audit row): nothing when the form is not valid."""
    form = AuditFilterForm(request.GET or None, staff=User.objects.visible_to(request.user))
    entries = AuditEntry.objects.visible_to(request.user).select_related("actor", "participant")
    applied = {}
    if form.is_valid():
        data = form.cleaned_data
        if data.get("name"):
            # Participants the user may see whose name matches, as search finds them.
            found = [p.pk for p in search_participants(user=request.user, term=data["name"])]
            entries = entries.filter(participant_id__in=found)
            applied["participants"] = found
        if data.get("participant"):
            entries = entries.filter(participant_id=data["participant"])
            applied["participant"] = data["participant"]
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
            applied["actor"] = data["actor"].pk
        if data.get("action"):
            entries = entries.filter(action=data["action"])
            applied["action"] = data["action"]
    return form, entries, applied


@staff_view("admin", "supervisor")
def audit_list(request):
    form, entries, applied = _filtered(request)
    # No "of M": counting the whole trail grows with every page anyone opens.
    page = uncounted_page(entries.only(*LIST_FIELDS), request.GET.get("page"), PAGE_SIZE)
    page.object_list = name_the_rows(page.object_list, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    everyone = query.copy()
    everyone.pop("participant", None)
    one = None
    if "participant" in applied:
        one = Participant.objects.visible_to(request.user).filter(pk=applied["participant"]).first()
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "participant": one,
        "everyone": everyone.urlencode(),
    }
    return render(request, "audit/list.html", context)


@staff_view("admin", "supervisor")
def emergency_accesses(request):
    """Who opened a record outside their caseload with emergency access, whose, when and
    why, newest first: what a supervisor reviews."""
    entries = (
        AuditEntry.objects.visible_to(request.user)
        .filter(action=AuditAction.EMERGENCY)
        .select_related("actor", "participant")
        .only(*LIST_FIELDS)
    )
    page = uncounted_page(entries, request.GET.get("page"), PAGE_SIZE)
    return render(request, "audit/emergency.html", {"page": page, "query": ""})


class _Echo:
    def write(self, value):
        return value


def as_text(value) -> str:
    """The cell as a spreadsheet must show it: text that could run as a formula gets a
    leading single quote, as OWASP advises against CSV injection."""
    text = str(value)
    if text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


@staff_view("admin", "supervisor")
def audit_export(request):
    """CSV of the filtered trail; the export itself is audited."""
    _form, entries, applied = _filtered(request)
    record(request=request, action="export", detail={"what": "audit", "filter": applied})
    writer = csv.writer(_Echo())
    header = [
        _("When"),
        _("Staff member"),
        _("Action"),
        _("Record"),
        _("Record id"),
        _("Participant id"),
        _("Fields changed"),
        _("IP address"),
        _("Reason"),
        _("What happened"),
        _("Participant"),
    ]

    def rows():
        yield writer.writerow([as_text(cell) for cell in header])
        for e in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
            cells = [
                e.at.isoformat(),
                e.actor.email if e.actor else e.detail.get("email", ""),
                e.action,
                e.model,
                e.object_id,
                e.participant_id or "",
                " ".join(e.fields),
                e.ip_address or "",
                e.reason,
                what_happened(e),
                e.participant.display_name if e.participant else "",
            ]
            yield writer.writerow([as_text(cell) for cell in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response
