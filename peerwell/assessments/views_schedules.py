"""Assessment schedules (the admin's choice and windows), the due and overdue list, and
the export of one administration to a treatment provider, as FHIR, under a consent."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwell.audit.actions import record, record_many
from peerwell.consents import actions as consents
from peerwell.consents.models import Consent, Information
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.participants.access import open_record
from peerwell.participants.models import Participant

from . import fhir
from . import schedules as actions
from .due import due_list, instrument_name
from .forms_schedules import DueFilterForm, ExportForm, ScheduleChoiceForm, WindowForm
from .models import Administration, DisclosedAdministration, ScheduleRule

RECORD_ROLES = ("admin", "supervisor", "peer")
SUPERVISORS = ("admin", "supervisor")
PAGE_SIZE = 25
NO_CONSENT = gettext_lazy(
    "No valid consent covers assessments. Record the participant's consent naming the "
    'provider and "Assessments" first; nothing has been sent.'
)


@staff_view(*RECORD_ROLES)
def due(request):
    """Assessments due now and overdue: a peer's caseload; for a supervisor the whole
    organization, or one peer's caseload."""
    user = request.user
    form, peer = None, None
    if user.role in SUPERVISORS:
        form = DueFilterForm(request.GET or None, user=user)
        participants = Participant.objects.visible_to(user)
        if form.is_valid() and form.cleaned_data["peer"]:
            peer = form.cleaned_data["peer"]
            participants = participants.filter(assigned_peer=peer)
    else:
        participants = Participant.objects.caseload_of(user)
    rules = list(ScheduleRule.objects.visible_to(user))
    rows = due_list(participants, rules=rules)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list({row.participant.pk: row.participant for row in page.object_list}.values())
    record_many(
        request=request,
        action="view" if shown else "list",
        participants=shown,
        detail={"page": "assessments_due", "peer": peer.pk if peer else None},
    )
    context = {
        "page": page,
        "form": form,
        "peer": peer,
        "query": f"peer={peer.pk}" if peer else "",
        "has_rules": bool(rules),
    }
    return render(request, "assessments/due.html", context)


@staff_view("admin")
def schedules(request):
    """Which shipped schedules the organization uses, and each timepoint's window."""
    organization = request.user.organization
    shipped = actions.shipped_schedules()
    using = actions.schedules_in_use(organization.pk)
    form = ScheduleChoiceForm(
        request.POST or None, shipped=shipped, initial={"schedules": sorted(using)}
    )
    if request.method == "POST" and form.is_valid():
        actions.choose_schedules(
            by=request.user, organization=organization, keys=form.cleaned_data["schedules"]
        )
        messages.success(request, _("The schedules are saved."))
        return redirect("assessment_schedules")
    rules = list(ScheduleRule.objects.visible_to(request.user))
    grouped = []
    for key, schedule in shipped.items():
        used = [rule for rule in rules if rule.schedule == key]
        grouped.append(
            {
                "name": _(schedule.name),
                "description": _(schedule.description),
                "used": bool(used),
                # The organization's timepoints, or the file's for a schedule not used yet.
                "rules": [_timepoint(rule) for rule in used or schedule.rules],
            }
        )
    return render(request, "assessments/schedules.html", {"form": form, "schedules": grouped})


def _timepoint(rule) -> dict:
    """A row of the schedules page, from a rule of the organization (with the link to
    change it) or of a shipped file."""
    if isinstance(rule, dict):
        rule, url = ScheduleRule(**rule), None
    else:
        url = reverse("assessment_schedule_rule", args=[rule.pk])
    return {
        "label": _(rule.label),
        "instrument": instrument_name(rule.instrument),
        "anchor": rule.get_anchor_display(),
        "rule": rule,
        "url": url,
    }


@staff_view("admin")
def schedule_rule(request, rule_id):
    """One timepoint's day and window."""
    rule = get_visible_or_404(request, ScheduleRule.objects.all(), pk=rule_id)
    form = WindowForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        actions.change_window(by=request.user, rule=rule, **form.values())
        messages.success(request, _("The window is saved."))
        return redirect("assessment_schedules")
    if request.method == "POST":
        rule.refresh_from_db()  # the heading shows what is stored, not the refused input
    context = {"form": form, "rule": rule, "label": _(rule.label)}
    return render(request, "assessments/schedule_rule.html", context)


def _open_administration(request, participant_id, administration_id):
    participant = open_record(request, participant_id)
    administration = get_visible_or_404(
        request,
        Administration.objects.select_related("administered_by"),
        pk=administration_id,
        participant=participant,
    )
    administration.participant = participant
    return participant, administration


def _covering_consents(request, participant):
    return (
        Consent.objects.visible_to(request.user)
        .filter(participant=participant)
        .valid()
        .covering([Information.ASSESSMENTS])
        .order_by("signed_on", "id")
    )


@staff_view(*RECORD_ROLES)
def export(request, participant_id, administration_id):
    """Export for a provider: a recipient the participant's consent names for
    assessments, and the purpose; the disclosure is recorded (the accounting lists it)
    and the FHIR file is downloaded. Without such a consent nothing is sent."""
    participant, administration = _open_administration(request, participant_id, administration_id)
    form = ExportForm(request.POST or None, consents=_covering_consents(request, participant))
    if request.method == "POST" and form.is_valid():
        try:
            sent = fhir.disclose_administration(
                request=request,
                participant=participant,
                administration=administration,
                recipient=form.cleaned_data["recipient"],
                purpose=form.cleaned_data["purpose"],
            )
        except consents.DisclosureRefused as refused:
            form.add_error("recipient", str(refused))
        else:
            messages.success(request, _("Disclosure recorded. The file is downloading."))
            return redirect(
                "assessment_export_file", participant_id=participant.pk, export_id=sent.pk
            )
    context = {
        "form": form,
        "participant": participant,
        "administration": administration,
        "instrument": instrument_name(administration.instrument),
        "no_consent": NO_CONSENT,
    }
    return render(request, "assessments/export.html", context)


@staff_view(*RECORD_ROLES)
def export_file(request, participant_id, export_id):
    """The FHIR file of one disclosure, with its redisclosure notice: fetched again, it
    is the same administration under the same disclosure, never a new one."""
    participant = open_record(request, participant_id)
    sent = get_visible_or_404(
        request,
        DisclosedAdministration.objects.select_related(
            "disclosure", "administration__administered_by"
        ),
        pk=export_id,
        administration__participant=participant,
    )
    administration = sent.administration
    administration.participant = participant
    record(
        request=request,
        action="export",
        obj=administration,
        participant=participant,
        detail={"disclosure": sent.disclosure_id, "format": "FHIR R4 Bundle"},
    )
    body = fhir.bundle(administration, notice=sent.disclosure.notice)
    response = HttpResponse(
        json.dumps(body, indent=2, ensure_ascii=False), content_type="application/fhir+json"
    )
    name = f"{administration.instrument}-{administration.administered_on:%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}-{sent.pk}.json"'
    return response
