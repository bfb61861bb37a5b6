"""The staff schedule: what is on this week and next, the events (list, page, form,
archive) and the dates cancelled or moved. Planners change it; volunteers read it."""

from datetime import timedelta
from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.participants.models import Pathway

from . import actions_schedule as actions
from . import recurrence
from .forms_schedule import (
    EDIT_CONFLICT,
    EVENT_FIELDS,
    ChangeForm,
    EventFilterForm,
    EventForm,
    event_initial,
)
from .models import COMMUNITY_ROLES, PLANNER_ROLES, Event, EventChange
from .words import removed_changes_message, schedule_in_words

PER_PAGE = 25
# The event page lists this many coming dates, looking this far ahead for them.
NEXT_DATES = 8
LOOK_AHEAD_DAYS = 400


def _current(user):
    return (
        Event.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .select_related("site", "van", "facilitator")
    )


@staff_view(*COMMUNITY_ROLES)
def community(request):
    """This week and next, by day; a facilitator's own events first."""
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday())
    end = start + timedelta(days=13)
    found = recurrence.occurrences(_current(request.user), start, end)
    days = [(day, list(items)) for day, items in groupby(found, key=lambda o: o.date)]
    mine = [o for o in found if o.event.facilitator_id == request.user.pk and o.date >= today]
    return render(
        request,
        "community/schedule/home.html",
        {
            "days": days,
            "mine": mine,
            "today": today,
            "start": start,
            "end": end,
            "can_plan": request.user.role in PLANNER_ROLES,
        },
    )


@staff_view(*COMMUNITY_ROLES)
def community_events(request):
    form = EventFilterForm(request.GET or None, user=request.user)
    events = _current(request.user).order_by("title", "id")
    query = ""
    if form.is_valid():
        if form.cleaned_data["kind"]:
            events = events.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["site"]:
            events = events.filter(site=form.cleaned_data["site"])
        query = urlencode({k: request.GET[k] for k in ("kind", "site") if request.GET.get(k)})
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.in_words = schedule_in_words(event)
    return render(
        request,
        "community/schedule/events.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_plan": request.user.role in PLANNER_ROLES,
        },
    )


def _event(request, event_id):
    return get_visible_or_404(
        request, Event.objects.select_related("site", "van", "facilitator"), pk=event_id
    )


@staff_view(*COMMUNITY_ROLES)
def community_event(request, event_id):
    event = _event(request, event_id)
    today = timezone.localdate()
    coming = []
    if event.archived_at is None:
        coming = recurrence.occurrences([event], today, today + timedelta(days=LOOK_AHEAD_DAYS))
    return render(
        request,
        "community/schedule/event.html",
        {
            "event": event,
            "in_words": schedule_in_words(event),
            "pathway_label": dict(Pathway.choices).get(event.pathway, ""),
            "coming": coming[:NEXT_DATES],
            "changes": list(EventChange.objects.visible_to(request.user).filter(event=event)),
            "can_plan": request.user.role in PLANNER_ROLES,
        },
    )


def _edit_event(request, event):
    initial = event_initial(event) if event else {"repeat": "weekly", "is_public": True}
    form = EventForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = actions.save_event(
                by=request.user,
                event=event,
                fields={name: data[name] for name in EVENT_FIELDS},
                rule=data["built_rule"],
                version=data["version"] or 0,
            )
        except actions.EditConflict:
            form.add_error(None, EDIT_CONFLICT)
        except actions.VanClash as clash:
            form.add_error("van", str(clash))
        except recurrence.BadEvent as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Event saved."))
            if event.removed_changes:
                messages.warning(request, removed_changes_message(event.removed_changes))
            return redirect("community_event", event_id=event.pk)
    return render(request, "community/schedule/event_form.html", {"form": form, "event": event})


@staff_view(*PLANNER_ROLES)
def community_event_new(request):
    return _edit_event(request, None)


@staff_view(*PLANNER_ROLES)
def community_event_edit(request, event_id):
    return _edit_event(request, _event(request, event_id))


@staff_view(*PLANNER_ROLES)
@require_POST
def community_event_archive(request, event_id):
    event = _event(request, event_id)
    actions.archive_event(by=request.user, event=event)
    messages.success(request, _("The event is off the schedule. Its history is kept."))
    return redirect("community_event", event_id=event.pk)


@staff_view(*PLANNER_ROLES)
def community_change_new(request, event_id):
    event = _event(request, event_id)
    # The form opens on the next date it happens, the one most often cancelled.
    today = timezone.localdate()
    upcoming = recurrence.event_dates(event, today, today + timedelta(days=LOOK_AHEAD_DAYS))[:1]
    form = ChangeForm(
        request.POST or None,
        event=event,
        initial={"original_date": upcoming[0] if upcoming else None, "what": "cancel"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_date(
                by=request.user,
                event=event,
                original_date=data["original_date"],
                cancelled=data["what"] == "cancel",
                new_date=data["new_date"],
                new_starts_at=data["new_starts_at"],
                new_ends_at=data["new_ends_at"],
                note=data["note"],
            )
        except actions.VanClash as clash:
            form.add_error("new_date", str(clash))
        except recurrence.BadEvent as error:
            form.add_error("original_date", str(error))
        else:
            messages.success(request, _("The date is changed."))
            return redirect("community_event", event_id=event.pk)
    return render(request, "community/schedule/change_form.html", {"form": form, "event": event})


@staff_view(*PLANNER_ROLES)
@require_POST
def community_change_delete(request, change_id):
    change = get_visible_or_404(request, EventChange.objects, pk=change_id)
    actions.put_date_back(by=request.user, change=change)
    messages.success(request, _("The date is back on the schedule."))
    return redirect("community_event", event_id=change.event_id)
