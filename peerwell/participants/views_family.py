"""Family members: served in their own right, reached only through a linked participant."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.core.access import get_visible_or_404, staff_view

from .access import open_record
from .forms import FamilyMemberForm
from .models import FamilyLink, FamilyMember

RECORD_ROLES = ("admin", "supervisor", "peer")


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
    """A family member's page lists only the participants linked to them."""
    member = get_visible_or_404(request, FamilyMember.objects.all(), pk=family_member_id)
    links = (
        FamilyLink.objects.visible_to(request.user)
        .filter(family_member=member, participant__merged_into__isnull=True)
        .select_related("participant")
    )
    record(request=request, action="view", obj=member)
    return render(request, "participants/family_member.html", {"member": member, "links": links})
