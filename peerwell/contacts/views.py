from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import CharField
from django.db.models.functions import Cast
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.templatetags.peerwell import phone_display
from peerwell.core.versions import EditConflict, versions_of
from peerwell.navigation.followups import open_for_caseload_referrals, referrals_to_follow_up
from peerwell.participants.access import open_for_own_tasks, open_for_task, open_record
from peerwell.plans.followups import caseload_steps, open_for_caseload_plans, reviews_due

from . import actions
from .forms import CONTACT_CONFLICT, ContactForm
from .models import SUPPORT_KINDS, Contact, FollowUp, Mode

RECORD_ROLES = ("admin", "supervisor", "peer")
VERSIONS_SHOWN = 20
# Follow-ups marked done this recently stay listed, with "Undo".
UNDO_DAYS = 7
DONE_SHOWN = 10


def _follow_up_from(request, participant):
    """The user's own open follow-up this contact answers ("Log a contact" on the
    follow-up list adds ?follow_up=<id>), or None."""
    follow_up_id = request.GET.get("follow_up", "")
    if not follow_up_id.isdigit():
        return None
    return (
        FollowUp.objects.visible_to(request.user)
        .open()
        .filter(pk=int(follow_up_id), participant=participant, assigned_to=request.user)
        .first()
    )


@staff_view(*RECORD_ROLES)
def log_contact(request, participant_id):
    participant = open_record(request, participant_id)
    initial = {"contact_date": timezone.localdate(), "mode": Mode.PHONE, "duration_minutes": 15}
    # "Log family support" on a family member's page chooses them already.
    if request.GET.get("family_member", "").isdigit():
        initial.update(family_member=int(request.GET["family_member"]), kind="family")
    follow_up = _follow_up_from(request, participant)
    form = ContactForm(
        request.POST or None, initial=initial, participant=participant, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = actions.log_contact(
            by=request.user,
            participant=participant,
            support=data["support"],
            follow_up_date=data.get("follow_up_date"),
            follow_up_reason=data.get("follow_up_reason", ""),
            answers=follow_up,
            **{name: data[name] for name in actions.EDITABLE if name in data},
        )
        if follow_up is None:
            messages.success(request, _("Contact logged."))
            return redirect("participant_detail", participant_id=participant.pk)
        if contact.is_attempt:
            messages.success(
                request, _("Attempt logged. The follow-up stays on your list until you reach them.")
            )
        else:
            messages.success(request, _("Contact logged. The follow-up is done."))
        return redirect("follow_ups")
    return render(
        request,
        "contacts/log.html",
        {"form": form, "participant": participant, "follow_up": follow_up},
    )


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
            data = form.cleaned_data
            actions.edit_contact(
                by=request.user,
                contact=contact,
                version=data["version"] or 0,
                support=data["support"],
                **{name: data[name] for name in actions.EDITABLE if name in data},
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


# As many as the other lists: each task is a card with its own forms and links.
TASKS_PER_PAGE = 25
TASK_FIELDS = (
    *(f.name for f in FollowUp._meta.concrete_fields),
    "participant__first_name",
    "participant__last_name",
    "participant__preferred_name",
    "participant__may_call",
    "participant__safe_times",
    "participant__voicemail_may_mention_program",
    "contact__kind",
    "contact__contact_date",
)
# What a task done lately shows: the name and when.
DONE_FIELDS = (
    *(f.name for f in FollowUp._meta.concrete_fields),
    "participant__first_name",
    "participant__last_name",
    "participant__preferred_name",
)
# A number no record has, replaced in a reversed address by each row's own.
URL_SLOT = 987654321987


@staff_view(*RECORD_ROLES)
def my_follow_ups(request):
    """The user's open follow-ups, each with what a call needs (phone, safe times, the
    voicemail rule, the reason), and those done lately, which can be undone."""
    mine = FollowUp.objects.visible_to(request.user).filter(assigned_to=request.user)
    # Only what a task shows: whole rows would decrypt every participant's and contact's
    # notes; the phone comes as its stored E.164 text rather than parsed for each task.
    tasks = (
        mine.open()
        .select_related("participant", "contact")
        .only(*TASK_FIELDS)
        .annotate(phone_e164=Cast("participant__phone", CharField()))
    )
    page = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    # Each row's links from one reversed address each, rather than three reverses a row.
    detail_url = reverse("participant_detail", args=[URL_SLOT])
    log_url = reverse("log_contact", args=[URL_SLOT])
    done_url = reverse("follow_up_done", args=[URL_SLOT])
    for task in page.object_list:
        task.phone_text = phone_display(task.phone_e164)
        task.detail_url = detail_url.replace(str(URL_SLOT), str(task.participant_id))
        task.log_url = log_url.replace(str(URL_SLOT), str(task.participant_id))
        task.done_url = done_url.replace(str(URL_SLOT), str(task.pk))
    done = list(
        mine.done_since(timezone.now() - timedelta(days=UNDO_DAYS))
        .select_related("participant")
        .only(*DONE_FIELDS)[:DONE_SHOWN]
    )
    open_for_own_tasks(request, [*page.object_list, *done])
    # Wellness plan steps with a due date, and plan reviews that have come, beside them.
    steps, reviews = caseload_steps(request.user), reviews_due(request.user)
    open_for_caseload_plans(request, steps, reviews)
    # Referrals sent or accepted whose follow-up date has come, until they are closed.
    referrals = referrals_to_follow_up(request.user)
    open_for_caseload_referrals(request, referrals)
    return render(
        request,
        "contacts/follow_ups.html",
        {
            "page": page,
            "done": done,
            "today": timezone.localdate(),
            "undo_days": UNDO_DAYS,
            "plan_steps": steps,
            "plan_reviews": reviews,
            "referrals": referrals,
        },
    )


@staff_view(*RECORD_ROLES)
@require_POST
def follow_up_done(request, follow_up_id):
    """The person a follow-up is assigned to marks it done, even for someone no longer on
    their caseload; anyone else must be able to open the participant's record."""
    task = get_visible_or_404(request, FollowUp.objects.all(), pk=follow_up_id)
    participant = open_for_task(request, task)
    actions.complete_follow_up(by=request.user, follow_up=task, participant=participant)
    messages.success(request, _("Marked done. If that was a mistake, undo it below."))
    return redirect("follow_ups")


@staff_view(*RECORD_ROLES)
@require_POST
def follow_up_undo(request, follow_up_id):
    """Puts a follow-up marked done back on the list (a mistaken tap, a call that fell
    through); the same people may do it as may mark it done."""
    task = get_visible_or_404(request, FollowUp.objects.all(), pk=follow_up_id)
    participant = open_for_task(request, task)
    actions.reopen_follow_up(by=request.user, follow_up=task, participant=participant)
    messages.success(request, _("The follow-up is open again."))
    return redirect("follow_ups")
