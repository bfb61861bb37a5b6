"""The caller's pages: today's queue, taking and giving back a call, the call page with
its log form, and the crisis screen."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page

from . import calls
from .access import CALLER_ROLES, may_open, open_call, open_call_list
from .escalations import HandOff, record_hand_off
from .forms_calls import CallLogForm, HandOffForm, QueueFilterForm
from .models import CallAttempt, CallStatus, Channel, CheckInCall, Escalation, rules_for

RECORD_ROLES = {"admin", "supervisor", "peer"}
CALLS_PER_PAGE = 25
MINE_SHOWN = 20
# What a row of the queue shows: a first name, the language, the window, the attempts.
ROW_FIELDS = (
    "organization",
    "enrolment",
    "participant",
    "family_member",
    "due_date",
    "try_on",
    "language",
    "attempts",
    "status",
    "claimed_by",
    "enrolment__organization",
    "enrolment__window_start",
    "enrolment__window_end",
    "enrolment__time_zone",
    "enrolment__caller_preference",
    "participant__organization",
    "participant__first_name",
    "participant__preferred_name",
    "family_member__organization",
    "family_member__first_name",
)

TAKEN = gettext_lazy("Someone else just took this call. Choose another one below.")
NOT_YOURS = gettext_lazy(
    "You do not hold this call, so nothing was recorded. Take it from the queue first."
)


def _rows(queryset):
    return queryset.select_related("enrolment", "participant", "family_member").only(*ROW_FIELDS)


@staff_view(*CALLER_ROLES)
def queue(request):
    """Today's calls waiting for a caller, oldest first, and the calls the user holds."""
    user, today = request.user, timezone.localdate()
    # Calls taken and forgotten come back before anyone looks (the worker does it too).
    calls.return_stale_claims(now=timezone.now(), organization_id=user.organization_id)
    mine_all = CheckInCall.objects.visible_to(user).filter(
        status=CallStatus.CLAIMED, claimed_by=user
    )
    mine = list(_rows(mine_all).order_by("try_on", "pk")[:MINE_SHOWN])
    waiting = CheckInCall.objects.visible_to(user).filter(
        channel=Channel.CALL,
        status__in=calls.CLAIMABLE,
        claimed_by__isnull=True,
        try_on__lte=today,
    )
    filters = QueueFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    if chosen.get("language"):
        waiting = waiting.filter(language=chosen["language"])
    if chosen.get("caller"):
        waiting = waiting.filter(enrolment__caller_preference__in=["", chosen["caller"]])
    page = uncounted_page(
        _rows(waiting).order_by("try_on", "pk"), request.GET.get("page"), CALLS_PER_PAGE
    )
    open_call_list(request, [*mine, *page.object_list])
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    return render(
        request,
        "checkins/queue.html",
        {"filters": filters, "page": page, "mine": mine, "query": query},
    )


@staff_view(*CALLER_ROLES)
@require_POST
def claim(request, call_id):
    """ "Take this call": the call page if the user got it, else back to the queue."""
    call = get_visible_or_404(request, CheckInCall.objects.all(), pk=call_id)
    # A second press of the button (the call is already the user's) just opens it.
    if not _holds(request.user, call) and not calls.claim_call(by=request.user, call_id=call.pk):
        messages.error(request, TAKEN)
        return redirect("checkins_queue")
    open_call(request, call.pk)
    return redirect("checkins_call", call_id=call.pk)


@staff_view(*CALLER_ROLES)
@require_POST
def release(request, call_id):
    """Gives the call back to the queue for someone else."""
    call = open_call(request, call_id)
    try:
        calls.release_call(by=request.user, call=call)
    except calls.NotYourCall:
        messages.error(request, _("This call is not yours to give back."))
        return redirect("checkins_call", call_id=call.pk)
    messages.success(request, _("The call is back in the queue for someone else."))
    return redirect("checkins_queue")


def _holds(user, call) -> bool:
    return call.status == CallStatus.CLAIMED and call.claimed_by_id == user.pk


def _call_page(request, call, form=None, status=200):
    """The minimum a call needs: first name, phone, language, best window, safety notes
    and the last two summaries; a link to the record for those who keep records."""
    summaries = list(
        CallAttempt.objects.filter(call__enrolment_id=call.enrolment_id)
        .exclude(summary="")
        .select_related("caller")
        .only("called_at", "outcome", "summary", "caller__full_name", "call__enrolment_id")
        .order_by("-called_at", "-pk")[:2]
    )
    holds = _holds(request.user, call)
    if holds and form is None:
        form = CallLogForm(initial={"maintaining_recovery": ""})
    return render(
        request,
        "checkins/call.html",
        {
            "call": call,
            "person": call.participant or call.family_member,
            "summaries": summaries,
            "holds": holds,
            "form": form,
            "waiting": may_open(request.user, call) and not holds and call.status != "claimed",
            "record_link": request.user.role in RECORD_ROLES and call.participant_id,
        },
        status=status,
    )


@staff_view(*CALLER_ROLES)
def call_page(request, call_id):
    return _call_page(request, open_call(request, call_id))


@staff_view(*CALLER_ROLES)
def log(request, call_id):
    """Logs the call the user holds; a crisis flag goes on to the crisis screen."""
    call = open_call(request, call_id)
    if not _holds(request.user, call):
        if request.method != "POST":
            return _call_page(request, call)
        messages.error(request, NOT_YOURS)
        return _call_page(request, call, status=403)
    form = CallLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calls.log_call(by=request.user, call=call, **data)
        except calls.NotYourCall:
            messages.error(request, NOT_YOURS)
            return redirect("checkins_queue")
        if "crisis" in data["flags"]:
            return redirect("checkins_crisis", call_id=call.pk)
        messages.success(request, _("Call logged. Thank you."))
        return redirect("checkins_queue")
    return _call_page(request, call, form)


@staff_view(*CALLER_ROLES)
def crisis(request, call_id):
    """The crisis screen: 988 and emergency numbers, the on-call number, and where the
    caller handed the person (kept on the call's crisis escalation)."""
    call = open_call(request, call_id)
    form = HandOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_hand_off(by=request.user, call=call, handed_to=form.cleaned_data["handed_to"])
        messages.success(request, _("The hand-off is recorded, and the peer will follow up."))
        return redirect("checkins_crisis", call_id=call.pk)
    escalation = Escalation.objects.filter(call=call, kind="crisis").order_by("-pk").first()
    handed = dict(HandOff.CHOICES).get(escalation.handed_to) if escalation else None
    return render(
        request,
        "checkins/crisis.html",
        {
            "call": call,
            "person": call.participant or call.family_member,
            "form": form,
            "on_call": rules_for(call.organization_id).on_call_number,
            "handed": handed,
            "queue_url": reverse("checkins_queue"),
        },
    )
