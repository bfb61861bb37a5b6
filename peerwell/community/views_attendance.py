"""Recording attendance from a phone: start a session for an occurrence, then the
session page (head count, notes, known participants signed in, self check-ins to
confirm), and the printable QR code for the door."""

from datetime import timedelta

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.audit.actions import record, record_many
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.participants.models import Participant
from peerwell.search.forms import SearchForm
from peerwell.search.queries import search_participants

from . import actions_attendance as actions
from .checkin_links import token_for
from .forms_attendance import SessionForm, StartSessionForm
from .models import Attendee, AttendeeStatus, Event, Session
from .recurrence import occurrences

# A volunteer records the head count and notes of the events they facilitate.
ATTENDANCE_ROLES = ("admin", "supervisor", "peer", "volunteer")
# Who signs known participants in, whatever the caseload: attendance is the job.
SIGN_IN_ROLES = ("admin", "supervisor", "peer")
# The dates offered on the start page: the last four weeks.
RECENT_DAYS = 28


def page_name(request) -> str:
    match = getattr(request, "resolver_match", None) or resolve(request.path_info)
    return match.url_name or ""


def check_facilitator(request, event) -> None:
    """A volunteer reaches only the events they facilitate (a 404, audited, otherwise)."""
    if request.user.role == "volunteer" and event.facilitator_id != request.user.pk:
        record(
            request=request,
            action="refused",
            obj=event,
            detail={"page": page_name(request), "why": "not their event"},
        )
        raise Http404


def open_event(request, event_id) -> Event:
    event = get_visible_or_404(request, Event.objects.select_related("site"), pk=event_id)
    check_facilitator(request, event)
    return event


def _start_page(request, event, form, *, status=200):
    today = actions.site_today(event)
    recent = [
        o
        for o in occurrences([event], today - timedelta(days=RECENT_DAYS), today)
        if not o.cancelled and o.original_date <= today
    ]
    held = dict(
        Session.objects.filter(
            event=event, held_on__in=[o.original_date for o in recent]
        ).values_list("held_on", "id")
    )
    dates = [(o, held.get(o.original_date)) for o in reversed(recent)]
    return render(
        request,
        "community/attendance/start.html",
        {"event": event, "form": form, "dates": dates},
        status=status,
    )


@staff_view(*ATTENDANCE_ROLES)
def session_start(request, event_id):
    """The session of an occurrence: made (or found) by a POST of its original date."""
    event = open_event(request, event_id)
    form = StartSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.start_session(
                by=request.user, event=event, held_on=form.cleaned_data["held_on"]
            )
        except actions.AttendanceRefused as refused:
            form.add_error("held_on", str(refused))
        else:
            return redirect("community_session", session_id=session.pk)
    return _start_page(request, event, form)


def _open_participant(request, participant_id) -> Participant:
    """The participant being signed in, whatever the caseload, with the audit row."""
    participant = get_visible_or_404(request, Participant.objects.all(), pk=participant_id)
    record(
        request=request,
        action="view",
        obj=participant,
        detail={"page": page_name(request), "task": "attendance"},
    )
    return participant


def search_found(request, find: SearchForm):
    if not find.is_valid():
        return None
    term = find.cleaned_data["q"]
    results = search_participants(user=request.user, term=term)
    # The term stays out of the trail, as participant search keeps it out.
    record(
        request=request,
        action="list",
        detail={"search": term.kind, "ids": [p.pk for p in results], "page": page_name(request)},
    )
    return results


def _session_form(session, data=None) -> SessionForm:
    return SessionForm(
        data,
        initial={
            "head_count": session.head_count,
            "notes": session.notes,
            "version": session.version,
        },
    )


def _stepped(data):
    """The −/+ buttons submit the form with `step`: the count typed, moved by one."""
    data = data.copy()
    try:
        count = int(data.get("head_count") or 0) + int(data.get("step"))
    except (TypeError, ValueError):
        return data
    data["head_count"] = str(max(0, count))
    return data


@staff_view(*ATTENDANCE_ROLES)
def session_page(request, session_id):
    session = get_visible_or_404(
        request, Session.objects.select_related("event__site"), pk=session_id
    )
    check_facilitator(request, session.event)
    names = request.user.role in SIGN_IN_ROLES
    form, find, found = _session_form(session), SearchForm() if names else None, None
    if request.method == "POST" and names and "find" in request.POST:
        find = SearchForm(request.POST)
        found = search_found(request, find)
    elif request.method == "POST" and names and "sign_in" in request.POST:
        return _sign_in(request, session, request.POST["sign_in"])
    elif request.method == "POST":
        form = _session_form(session, _stepped(request.POST))
        if form.is_valid():
            try:
                actions.save_session(by=request.user, session=session, **form.cleaned_data)
            except actions.StaleSession as stale:
                form = _session_form(Session.objects.get(pk=session.pk))
                form.is_valid()  # shows the error beside the saved numbers
                messages.error(request, str(stale))
            except actions.AttendanceRefused as refused:
                form.add_error("head_count", str(refused))
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("community_session", session_id=session.pk)
    attendees = []
    if names:
        attendees = list(
            session.attendees.select_related("participant").order_by(
                "status", "checked_in_at", "id"
            )
        )
        shown = [a.participant for a in attendees]
        record_many(
            request=request,
            action="view" if shown else "list",
            participants=shown,
            detail={"page": page_name(request), "session": session.pk},
        )
    signed_in = {a.participant_id for a in attendees if a.status == AttendeeStatus.CONFIRMED}
    return render(
        request,
        "community/attendance/session.html",
        {
            "session": session,
            "event": session.event,
            "form": form,
            "find": find,
            "found": found,
            "names": names,
            "confirmed": [a for a in attendees if a.status == AttendeeStatus.CONFIRMED],
            "pending": [a for a in attendees if a.status == AttendeeStatus.PENDING],
            "signed_in": signed_in,
        },
    )


def _sign_in(request, session, participant_id):
    participant = _open_participant(request, participant_id)
    before = session.head_count
    actions.sign_in(by=request.user, session=session, participant=participant)
    after = Session.objects.values_list("head_count", flat=True).get(pk=session.pk)
    said = _("%(name)s is signed in.") % {"name": participant.display_name}
    if after > before:
        said += " " + _("The head count went up to %(count)s to include everyone signed in.") % {
            "count": after
        }
    if session.event.is_class:
        said += " " + _("Their class attendance is counted (they are enrolled if they were not).")
    messages.success(request, said)
    return redirect("community_session", session_id=session.pk)


def _open_attendee(request, attendee_id) -> Attendee:
    """An attendee, whatever the caseload (attendance is the job), the opening audited."""
    attendee = get_visible_or_404(
        request, Attendee.objects.select_related("participant", "session"), pk=attendee_id
    )
    record(
        request=request,
        action="view",
        obj=attendee,
        participant=attendee.participant,
        detail={"page": page_name(request)},
    )
    return attendee


@staff_view(*SIGN_IN_ROLES)
@require_POST
def attendee_confirm(request, attendee_id):
    attendee = _open_attendee(request, attendee_id)
    actions.confirm(by=request.user, attendee=attendee)
    messages.success(
        request, _("%(name)s is signed in.") % {"name": attendee.participant.display_name}
    )
    return redirect("community_session", session_id=attendee.session_id)


@staff_view(*SIGN_IN_ROLES)
@require_POST
def attendee_decline(request, attendee_id):
    """Declines a self check-in, or undoes a sign-in made by mistake."""
    attendee = _open_attendee(request, attendee_id)
    was_confirmed = attendee.status == AttendeeStatus.CONFIRMED
    actions.remove(by=request.user, attendee=attendee)
    name = attendee.participant.display_name
    if was_confirmed:
        said = _("%(name)s is no longer signed in, and the contact it logged is removed.")
    else:
        said = _("The check-in for %(name)s is declined.")
    messages.success(request, said % {"name": name})
    return redirect("community_session", session_id=attendee.session_id)


@staff_view(*ATTENDANCE_ROLES)
def event_qr(request, event_id):
    """A page to print and put at the door: the QR code and the short address of the
    event's self check-in form."""
    event = open_event(request, event_id)
    url = request.build_absolute_uri(
        reverse(
            "public_check_in",
            kwargs={"organization_slug": event.organization.slug, "token": token_for(event)},
        )
    )
    qr = segno.make(url, error="m").svg_inline(
        scale=8, title=_("QR code for checking in to %(title)s") % {"title": event.title}, border=2
    )
    return render(request, "community/attendance/qr.html", {"event": event, "qr": qr, "url": url})
