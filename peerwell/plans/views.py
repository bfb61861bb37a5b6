"""The wellness plan pages: all parts of the participant's record, opened through
`open_record` (caseload rule and audit)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.versions import EditConflict
from peerwell.participants.access import open_record

from . import actions
from .forms import (
    PLAN_CONFLICT,
    AgreeForm,
    PlanForm,
    RescheduleForm,
    StepForm,
    goal_formsets,
    goals_from,
)
from .history import VERSIONS_SHOWN, compare, states
from .models import (
    NOW_FIELDS,
    Dimension,
    PlanVersion,
    Step,
    StepStatus,
    WellnessPlan,
    current_plan,
)

RECORD_ROLES = ("admin", "supervisor", "peer")
# Where a step's buttons may send the user back to.
BACK_TO = {"follow_ups": "follow_ups"}
RECURRENCE_FIELDS = ("triggers", "warning_signs", "what_helps", "people_to_call", "support_wanted")


def dimensions_of(plan) -> list[dict]:
    """Each dimension with where they are now, its goals, and progress: steps done out
    of the steps not dropped."""
    goals = list(plan.goals.all())
    rows = []
    for dimension in Dimension:
        mine = [g for g in goals if g.dimension == dimension]
        steps = [s for g in mine for s in g.steps.all()]
        counted = [s for s in steps if s.status != StepStatus.DROPPED]
        rows.append(
            {
                "dimension": dimension,
                "now": getattr(plan, NOW_FIELDS[dimension]),
                "goals": mine,
                "done": sum(s.status == StepStatus.DONE for s in counted),
                "counted": len(counted),
            }
        )
    return rows


def _plan_or_404(request, participant, *, goals=False):
    plan = current_plan(request.user, participant, goals=goals)
    if plan is None:
        raise Http404
    return plan


@staff_view(*RECORD_ROLES)
def plan_detail(request, participant_id):
    participant = open_record(request, participant_id)
    plan = current_plan(request.user, participant, goals=True)
    context = {"participant": participant, "plan": plan, "today": timezone.localdate()}
    if plan is not None:
        context["dimensions"] = dimensions_of(plan)
        goals = [g for row in context["dimensions"] for g in row["goals"]]
        if goals:
            context["step_form"] = StepForm(plan=plan, goals=plan.goals.all())
    return render(request, "plans/detail.html", context)


@staff_view(*RECORD_ROLES)
def plan_edit(request, participant_id):
    """Starts the plan, or edits it: the plan's own words and its goals in one form."""
    participant = open_record(request, participant_id)
    plan = current_plan(request.user, participant, goals=True)
    goals = list(plan.goals.all()) if plan else []
    data = request.POST or None
    form = PlanForm(
        data,
        instance=plan or WellnessPlan(participant=participant),
        initial={"version": plan.version} if plan else {},
    )
    formsets = goal_formsets(data, plan, goals)
    for formset in formsets:
        formset.now = form[NOW_FIELDS[formset.dimension]]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        values = {name: form.cleaned_data[name] for name in actions.PLAN_FIELDS}
        try:
            if plan is None:
                plan = actions.start_plan(
                    by=request.user,
                    participant=participant,
                    started_on=form.cleaned_data["started_on"],
                    **values,
                )
                if goals_from(formsets):
                    actions.edit_plan(
                        by=request.user,
                        plan=plan,
                        version=plan.version,
                        goals=goals_from(formsets),
                    )
            else:
                actions.edit_plan(
                    by=request.user,
                    plan=plan,
                    version=form.cleaned_data["version"] or 0,
                    goals=goals_from(formsets),
                    reviewed=form.cleaned_data["reviewed"],
                    **values,
                )
        except EditConflict:
            form.add_error(None, PLAN_CONFLICT)
        else:
            messages.success(request, _("Wellness plan saved."))
            return redirect("plan_detail", participant_id=participant.pk)
    return render(
        request,
        "plans/edit.html",
        {
            "participant": participant,
            "plan": plan,
            "form": form,
            "formsets": formsets,
            "recurrence_fields": RECURRENCE_FIELDS,
        },
    )


@staff_view(*RECORD_ROLES)
def plan_step_add(request, participant_id):
    participant = open_record(request, participant_id)
    plan = _plan_or_404(request, participant)
    form = StepForm(request.POST or None, plan=plan, goals=plan.goals.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_step(
                by=request.user,
                goal=data["goal"],
                who=data["who"],
                who_name=data["who_name"],
                what=data["what"],
                due_on=data["due_on"],
            )
        except actions.StepBeforePlan:  # the plan's start cannot change; kept for safety
            form.add_error("due_on", _("A step cannot be due before the plan began."))
        else:
            messages.success(request, _("Step added."))
            return redirect("plan_detail", participant_id=participant.pk)
    return render(
        request, "plans/step_form.html", {"participant": participant, "plan": plan, "form": form}
    )


def _open_step(request, step_id):
    step = get_visible_or_404(request, Step.objects.select_related("plan"), pk=step_id)
    participant = open_record(request, step.plan.participant_id)
    return step, participant


def _back(request, participant):
    target = BACK_TO.get(request.POST.get("next") or request.GET.get("next", ""))
    if target:
        return redirect(target)
    return redirect("plan_detail", participant_id=participant.pk)


STATUS_MESSAGES = {
    StepStatus.DONE: _("Step marked done."),
    StepStatus.DROPPED: _("Step dropped. It no longer counts toward progress."),
    StepStatus.OPEN: _("Step open again."),
}


@staff_view(*RECORD_ROLES)
@require_POST
def plan_step_status(request, step_id):
    """Done, dropped, or open again (undo)."""
    step, participant = _open_step(request, step_id)
    status = request.POST.get("status", "")
    if status not in StepStatus.values:
        messages.error(request, _("Choose done, dropped or open."))
        return _back(request, participant)
    actions.set_step_status(by=request.user, step=step, status=status, participant=participant)
    messages.success(request, STATUS_MESSAGES[status])
    return _back(request, participant)


@staff_view(*RECORD_ROLES)
def plan_step_reschedule(request, step_id):
    step, participant = _open_step(request, step_id)
    form = RescheduleForm(request.POST or None, step=step, initial={"due_on": step.due_on})
    if request.method == "POST" and form.is_valid():
        actions.reschedule_step(
            by=request.user, step=step, due_on=form.cleaned_data["due_on"], participant=participant
        )
        messages.success(request, _("Step rescheduled."))
        return _back(request, participant)
    return render(
        request,
        "plans/reschedule.html",
        {
            "participant": participant,
            "step": step,
            "form": form,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


@staff_view(*RECORD_ROLES)
def plan_agree(request, participant_id):
    participant = open_record(request, participant_id)
    plan = _plan_or_404(request, participant)
    form = AgreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.agree_to_plan(
            by=request.user,
            plan=plan,
            name=data["name"],
            drawing=data["drawing"],
            agreed_on=data["agreed_on"],
        )
        messages.success(request, _("Agreement recorded."))
        return redirect("plan_detail", participant_id=participant.pk)
    return render(
        request, "plans/agree.html", {"participant": participant, "plan": plan, "form": form}
    )


def _version_number(value):
    return int(value) if str(value or "").isdigit() else None


@staff_view(*RECORD_ROLES)
def plan_versions(request, participant_id):
    """The saved versions, and what changed between two of them (?older=&newer=)."""
    participant = open_record(request, participant_id)
    plan = _plan_or_404(request, participant)
    versions = list(
        PlanVersion.objects.visible_to(request.user)
        .filter(plan=plan)
        .select_related("changed_by")[:VERSIONS_SHOWN]
    )
    found = states(plan, versions)
    older = _version_number(request.GET.get("older"))
    newer = _version_number(request.GET.get("newer"))
    changes = None
    if older in found and newer in found:
        older, newer = sorted((older, newer))
        changes = compare(found[older], found[newer])
    return render(
        request,
        "plans/versions.html",
        {
            "participant": participant,
            "plan": plan,
            "versions": versions,
            "numbers": sorted(found, reverse=True),
            "older": older,
            "newer": newer,
            "changes": changes,
        },
    )


@staff_view(*RECORD_ROLES)
def plan_print(request, participant_id):
    """The plan to take home, in the participant's language (English or Spanish)."""
    participant = open_record(request, participant_id)
    plan = _plan_or_404(request, participant, goals=True)
    language = participant.language if participant.language in {"en", "es"} else "en"
    with translation.override(language):
        return render(
            request,
            "plans/print.html",
            {
                "participant": participant,
                "plan": plan,
                "dimensions": dimensions_of(plan),
                "print_language": language,
            },
        )
