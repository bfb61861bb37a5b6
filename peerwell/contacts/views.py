from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.audit.actions import record
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.versions import EditConflict, versions_of
from peerwell.participants.access import open_for_task, open_record

from . import actions
from .forms import CONTACT_CONFLICT, ContactForm
from .models import SUPPORT_KINDS, Contact, FollowUp, Mode

RECORD_ROLES = ("admin", "supervisor", "peer")
VERSIONS_SHOWN = 20


@staff_view(*RECORD_ROLES)
def log_contact(request, participant_id):
    participant = open_record(request, participant_id)
    initial = {"contact_date": timezone.localdate(), "mode": Mode.PHONE, "duration_minutes": 15}
    # "Log family support" on a family member's page chooses them already.
    if request.GET.get("family_member", "").isdigit():
        initial.update(family_member=int(request.GET["family_member"]), kind="family")
    form = ContactForm(
        request.POST or None, initial=initial, participant=participant, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        actions.log_contact(request=request, participant=participant, form=form)
        messages.success(request, _("Contact logged."))
        return redirect("participant_detail", participant_id=participant.pk)
    return render(request, "contacts/log.html", {"form": form, "participant": participant})


@staff_view(*RECORD_ROLES)
def edit_contact(request, contact_id):
    contact = get_visible_or_404(
        request, Contact.objects.select_related("participant"), pk=contact_id
    )
    participant = open_record(request, contact.participant_id)
    support = [name for name, _label in SUPPORT_KINDS if getattr(contact, name)]
    form = ContactForm(
        request.POST or None,
        instance=contact,
        initial={"support": support, "version": contact.version},
        participant=participant,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_contact(
                request=request,
                contact=contact,
                form=form,
                version=form.cleaned_data["version"] or 0,
            )
        except EditConflict:
            form.add_error(None, CONTACT_CONFLICT)
        else:
            messages.success(request, _("Contact updated."))
            return redirect("participant_detail", participant_id=participant.pk)
    return render(
        request,
        "contacts/log.html",
        {
            "form": form,
            "participant": participant,
            "contact": contact,
            "versions": versions_of(contact, request.user, VERSIONS_SHOWN),
        },
    )


@staff_view(*RECORD_ROLES)
def my_follow_ups(request):
    tasks = (
        FollowUp.objects.visible_to(request.user)
        .open()
        .filter(assigned_to=request.user)
        .select_related("participant")
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    record(request=request, action="list", detail={"follow_ups": [t.pk for t in page.object_list]})
    return render(
        request, "contacts/follow_ups.html", {"page": page, "today": timezone.localdate()}
    )


@staff_view(*RECORD_ROLES)
@require_POST
def follow_up_done(request, follow_up_id):
    """The person a follow-up is assigned to marks it done, even for someone no longer on
    their caseload; anyone else must be able to open the participant's record."""
    task = get_visible_or_404(request, FollowUp.objects.all(), pk=follow_up_id)
    participant = open_for_task(request, task)
    actions.complete_follow_up(request=request, follow_up=task, participant=participant)
    messages.success(request, _("Marked done."))
    return redirect("follow_ups")
