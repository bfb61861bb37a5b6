"""Organization admins manage staff and settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.core.access import get_visible_or_404, staff_view

from . import actions
from .forms import (
    ALREADY_INVITED,
    EMAIL_HAS_ACCOUNT,
    InviteForm,
    OrganizationSettingsForm,
    StaffForm,
)
from .models import Invitation, User


@staff_view("admin", "supervisor")
def staff_list(request):
    staff = User.objects.visible_to(request.user).order_by("-is_active", "full_name")
    invitations = (
        Invitation.objects.visible_to(request.user)
        .filter(accepted_at__isnull=True)
        .order_by("-created_at")[:50]
    )
    return render(request, "orgs/staff_list.html", {"staff": staff, "invitations": invitations})


@staff_view("admin")
def staff_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite_staff(request=request, **form.cleaned_data)
        except actions.EmailTaken:
            form.add_error("email", EMAIL_HAS_ACCOUNT)
        except actions.AlreadyInvited:
            form.add_error("email", ALREADY_INVITED)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("staff_list")
    return render(request, "orgs/staff_invite.html", {"form": form})


@staff_view("admin")
def staff_edit(request, user_id):
    staff = get_visible_or_404(request, User.objects.all(), pk=user_id)
    form = StaffForm(
        request.POST or None, initial={"role": staff.role, "is_active": staff.is_active}
    )
    if request.method == "POST" and form.is_valid():
        if staff.pk == request.user.pk and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            actions.change_staff(request=request, staff=staff, **form.cleaned_data)
            messages.success(request, _("Saved changes for %(name)s.") % {"name": staff.full_name})
            return redirect("staff_list")
    return render(request, "orgs/staff_edit.html", {"form": form, "staff": staff})


@staff_view("admin")
def organization_settings(request):
    form = OrganizationSettingsForm(request.POST or None, instance=request.user.organization)
    if request.method == "POST" and form.is_valid():
        organization = form.save()
        record(request=request, action="update", obj=organization, fields=form.changed_data)
        messages.success(request, _("Settings saved."))
        return redirect("organization_settings")
    return render(request, "orgs/settings.html", {"form": form})
