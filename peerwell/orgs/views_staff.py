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
    LAST_ADMIN,
    InviteForm,
    OrganizationSettingsForm,
    StaffForm,
)
from .models import Invitation, Role, User


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
        data = form.cleaned_data
        yourself = staff.pk == request.user.pk
        if yourself and not data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        elif yourself and data["role"] != Role.ADMIN and not request.POST.get("confirmed"):
            # Giving up one's own admin role cannot be undone without another admin: ask.
            return render(
                request,
                "orgs/staff_demote_yourself.html",
                {"form": form, "staff": staff, "role": Role(data["role"]).label},
            )
        else:
            try:
                actions.change_staff(request=request, staff=staff, **data)
            except actions.LastAdmin:
                field = "is_active" if not data["is_active"] else "role"
                form.add_error(field, LAST_ADMIN % {"name": staff.full_name})
            else:
                messages.success(
                    request, _("Saved changes for %(name)s.") % {"name": staff.full_name}
                )
                return redirect("home" if yourself and data["role"] != Role.ADMIN else "staff_list")
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
