"""Family members: served in their own right, reached only through a linked participant."""

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.contacts.models import Contact
from peerwell.core.access import get_visible_or_404, staff_view

from .access import open_record
from .forms import FamilyMemberDetailsForm, FamilyMemberForm
from .models import FamilyLink, FamilyMember

RECORD_ROLES = ("admin", "supervisor", "peer")
SERVICES_SHOWN = 50


@staff_view(*RECORD_ROLES)
def add_family_member(request, participant_id):
    participant, refusal = open_record(request, participant_id)
    if refusal:
        return refusal
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            member = form.save(commit=False)
            member.organization_id = participant.organization_id
            member.save()
            FamilyLink.objects.create(
                organization_id=participant.organization_id,
                family_member=member,
                participant=participant,
                relationship=form.cleaned_data["relationship"],
            )
            record(
                request=request,
                action="create",
                obj=member,
                participant=participant,
                fields=form.changed_data,
            )
        messages.success(request, _("Family member added."))
        return redirect("participant_detail", participant_id=participant.pk)
    return render(
        request, "participants/family_form.html", {"form": form, "participant": participant}
    )


@staff_view(*RECORD_ROLES)
def family_member(request, family_member_id):
    """A family member's page lists only the participants linked to them, and the
    services they received themselves."""
    member = get_visible_or_404(request, FamilyMember.objects.all(), pk=family_member_id)
    links = (
        FamilyLink.objects.visible_to(request.user)
        .filter(family_member=member, participant__merged_into__isnull=True)
        .select_related("participant")
    )
    services = (
        Contact.objects.visible_to(request.user)
        .filter(family_member=member)
        .annotate(staff_name=F("staff__full_name"))[:SERVICES_SHOWN]
    )
    record(request=request, action="view", obj=member)
    return render(
        request,
        "participants/family_member.html",
        {"member": member, "links": links, "services": services, "shown": SERVICES_SHOWN},
    )


@staff_view(*RECORD_ROLES)
def edit_family_member(request, family_member_id):
    member = get_visible_or_404(request, FamilyMember.objects.all(), pk=family_member_id)
    form = FamilyMemberDetailsForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request=request, action="update", obj=member, fields=form.changed_data)
        messages.success(request, _("Changes saved."))
        return redirect("family_member", family_member_id=member.pk)
    if request.method == "GET":
        record(request=request, action="view", obj=member, detail={"form": "edit"})
    return render(request, "participants/family_edit.html", {"form": form, "member": member})
