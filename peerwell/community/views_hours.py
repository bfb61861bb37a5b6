"""Volunteer hours: my hours and the form to log them, the supervisor's review of
pending hours, and the approved totals per person, month and program (with a CSV)."""

import csv
from datetime import date

from django.contrib import messages
from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page

from . import actions_hours as actions
from .forms_people import HoursForm, ReturnForm, YearForm
from .models import HoursStatus, Program, VolunteerHours

HOURS_ROLES = ("admin", "supervisor", "peer", "volunteer")
SUPERVISORS = ("admin", "supervisor")
PAGE_SIZE = 25


def duration(minutes: int) -> str:
    """Minutes as people say them: "1 h 30 min"."""
    return _("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def _month_and_year_totals(user) -> dict:
    """The person's approved minutes this month and this year, in one query."""
    today = timezone.localdate()
    year_start = date(today.year, 1, 1)
    month_start = today.replace(day=1)
    approved = VolunteerHours.objects.filter(
        person=user, status=HoursStatus.APPROVED, worked_on__gte=year_start
    )
    totals = approved.aggregate(
        year=Sum("minutes"), month=Sum("minutes", filter=Q(worked_on__gte=month_start))
    )
    return {
        "year_total": duration(totals["year"] or 0),
        "month_total": duration(totals["month"] or 0),
    }


@staff_view(*HOURS_ROLES)
def community_hours(request):
    """My hours, newest first, and the form to log more."""
    form = HoursForm(request.POST or None, initial={"worked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.log_hours(
                by=request.user,
                worked_on=data["worked_on"],
                minutes=data["total_minutes"],
                program=data["program"],
                what=data["what"],
            )
        except actions.HoursRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Hours logged. A supervisor will review them."))
            return redirect("community_hours")
    # "My" hours: everyone's own, supervisors included (they review others' elsewhere).
    mine = VolunteerHours.objects.visible_to(request.user).filter(person=request.user)
    page = uncounted_page(mine.select_related("reviewed_by"), request.GET.get("page"), PAGE_SIZE)
    for hours in page.object_list:
        hours.duration = duration(hours.minutes)
    context = {"form": form, "page": page, **_month_and_year_totals(request.user)}
    return render(request, "community/people/hours.html", context)


def _review_page(request, return_form=None, returned_id=None):
    pending = (
        VolunteerHours.objects.visible_to(request.user)
        .filter(status=HoursStatus.PENDING)
        .select_related("person")
        .order_by("worked_on", "id")
    )
    page = uncounted_page(pending, request.GET.get("page"), PAGE_SIZE)
    for hours in page.object_list:
        hours.duration = duration(hours.minutes)
        bound = return_form if hours.pk == returned_id else None
        hours.return_form = bound or ReturnForm(auto_id=f"id_return_{hours.pk}_%s")
    return render(request, "community/people/hours_review.html", {"page": page})


@staff_view(*SUPERVISORS)
def community_hours_review(request):
    """Pending hours, oldest first, each with "approve" and "return with a reason"."""
    return _review_page(request)


@staff_view(*SUPERVISORS)
@require_POST
def community_hours_approve(request, hours_id):
    hours = get_visible_or_404(request, VolunteerHours.objects.all(), pk=hours_id)
    try:
        actions.approve_hours(by=request.user, hours=hours)
    except actions.HoursRefused as refused:
        messages.warning(request, str(refused))
    else:
        messages.success(request, _("Hours approved."))
    return redirect("community_hours_review")


@staff_view(*SUPERVISORS)
@require_POST
def community_hours_return(request, hours_id):
    hours = get_visible_or_404(request, VolunteerHours.objects.all(), pk=hours_id)
    form = ReturnForm(request.POST, auto_id=f"id_return_{hours.pk}_%s")
    if not form.is_valid():
        if hours.status != HoursStatus.PENDING:  # not on the page: say why here
            messages.warning(request, _("These hours were already reviewed."))
        return _review_page(request, return_form=form, returned_id=hours.pk)
    try:
        actions.return_hours(by=request.user, hours=hours, reason=form.cleaned_data["reason"])
    except actions.HoursRefused as refused:
        messages.warning(request, str(refused))
    else:
        messages.success(request, _("Hours returned with your reason."))
    return redirect("community_hours_review")


def _totals(user, year: int) -> list[dict]:
    """Approved minutes per person, month and program for the year: one query."""
    rows = (
        VolunteerHours.objects.visible_to(user)
        .filter(status=HoursStatus.APPROVED, worked_on__year=year)
        .annotate(month=ExtractMonth("worked_on"))
        .values("person_id", "person__full_name", "month", "program")
        .annotate(minutes=Sum("minutes"))
        .order_by("month", "person__full_name", "person_id", "program")
    )
    programs = dict(Program.choices)
    found = []
    for row in rows:
        row["program_label"] = programs.get(row["program"], row["program"])
        row["month_label"] = date_format(date(year, row["month"], 1), "YEAR_MONTH_FORMAT")
        row["hours"] = f"{row['minutes'] / 60:.2f}"
        row["duration"] = duration(row["minutes"])
        found.append(row)
    return found


def _csv(rows, year) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="volunteer-hours-{year}.csv"'
    out = csv.writer(response)
    out.writerow([_("Month"), _("Person"), _("Program"), _("Hours")])
    for row in rows:
        name = row["person__full_name"]
        # A name starting with = + - @ would run as a formula in a spreadsheet.
        if name[:1] in ("=", "+", "-", "@"):
            name = "'" + name
        out.writerow([f"{year}-{row['month']:02d}", name, row["program_label"], row["hours"]])
    return response


@staff_view(*SUPERVISORS)
def community_hours_totals(request):
    """Approved hours per person, month and program for a chosen year; `?format=csv`
    downloads the same rows."""
    this_year = timezone.localdate().year
    form = YearForm(request.GET or None, initial={"year": this_year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else this_year
    rows = _totals(request.user, year)
    if request.GET.get("format") == "csv":
        return _csv(rows, year)
    total = sum(row["minutes"] for row in rows)
    context = {"form": form, "rows": rows, "year": year, "total": duration(total)}
    return render(request, "community/people/hours_totals.html", context)
