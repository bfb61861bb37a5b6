"""The community's places: sites (the recovery center, partner sites, van stops) and the
vans. Planners edit them; volunteers read them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwell.core.access import get_visible_or_404, staff_view

from . import actions_schedule as actions
from .forms_schedule import EDIT_CONFLICT, SITE_FIELDS, SiteForm, VanForm
from .models import COMMUNITY_ROLES, PLANNER_ROLES, Event, Site, Van

PER_PAGE = 25


@staff_view(*COMMUNITY_ROLES)
def community_sites(request):
    sites = Site.objects.visible_to(request.user).order_by("-active", "name", "id")
    page = Paginator(sites, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/schedule/sites.html",
        {"page": page, "can_plan": request.user.role in PLANNER_ROLES},
    )


@staff_view(*COMMUNITY_ROLES)
def community_site(request, site_id):
    site = get_visible_or_404(request, Site.objects, pk=site_id)
    events = (
        Event.objects.visible_to(request.user)
        .filter(site=site, archived_at__isnull=True)
        .select_related("facilitator")
        .order_by("title", "id")
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/schedule/site.html",
        {"site": site, "page": page, "can_plan": request.user.role in PLANNER_ROLES},
    )


def _edit_site(request, site):
    initial = {"version": site.version} if site else {}
    form = SiteForm(
        request.POST or None, instance=site, initial=initial, organization=request.user.organization
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = actions.save_site(
                by=request.user,
                site=site,
                fields={name: data[name] for name in SITE_FIELDS},
                version=data["version"] or 0,
            )
        except actions.EditConflict:
            form.add_error(None, EDIT_CONFLICT)
        else:
            messages.success(request, _("Site saved."))
            return redirect("community_site", site_id=site.pk)
    return render(request, "community/schedule/site_form.html", {"form": form, "site": site})


@staff_view(*PLANNER_ROLES)
def community_site_new(request):
    return _edit_site(request, None)


@staff_view(*PLANNER_ROLES)
def community_site_edit(request, site_id):
    site = get_visible_or_404(request, Site.objects, pk=site_id)
    return _edit_site(request, site)


@staff_view(*COMMUNITY_ROLES)
def community_vans(request):
    can_plan = request.user.role in PLANNER_ROLES
    form = VanForm(request.POST or None)
    if request.method == "POST":
        # Volunteers read the list; only planners add a van.
        if not can_plan:
            return redirect("community_vans")
        if form.is_valid():
            name = form.cleaned_data["name"].strip()
            if Van.objects.visible_to(request.user).filter(name__iexact=name).exists():
                form.add_error("name", _("There is already a van with this name."))
            else:
                actions.add_van(by=request.user, name=name)
                messages.success(request, _("Van added."))
                return redirect("community_vans")
    vans = Van.objects.visible_to(request.user).order_by("-active", "name", "id")
    page = Paginator(vans, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/schedule/vans.html",
        {"page": page, "form": form, "can_plan": can_plan},
    )
