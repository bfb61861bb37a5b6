"""Assessment pages: recording an administration, the participant's assessments (trend,
change since intake, answers), and the organization's figures. A participant's pages
open the record through `open_record` (caseload rule and audit)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peerwell.core.access import staff_view
from peerwell.participants.access import open_record

from . import actions
from .charts import trend_svg
from .figures import change_to_six_months, latest_score_bands
from .forms import PREFIX, AdministrationForm
from .instruments import get, instruments
from .models import Administration
from .scoring import OUT_OF_SCALE, OutOfScale

RECORD_ROLES = ("admin", "supervisor", "peer")
DEFAULT_INSTRUMENT = "barc10"
# The trend and the table show the latest administrations, however many there are.
TREND_SHOWN = 24


def _instrument(code):
    instrument = get(code or DEFAULT_INSTRUMENT)
    if instrument is None:
        raise Http404
    return instrument


def trend(participant, instrument, *, shown=TREND_SHOWN) -> dict:
    """The participant's latest administrations of `instrument` (newest first), the
    complete ones as chart points (oldest first), and the change since intake: two
    queries whatever the history holds."""
    rows = list(
        Administration.objects.filter(participant=participant, instrument=instrument.code)
        .select_related("administered_by")
        .order_by("-administered_on", "-id")[:shown]
    )
    intake = (
        Administration.objects.filter(
            participant=participant, instrument=instrument.code, complete=True
        )
        .order_by("administered_on", "id")
        .only("id", "administered_on", "total")
        .first()
    )
    complete = [a for a in rows if a.complete]
    points = [(a.administered_on, a.total) for a in reversed(complete)]
    latest = complete[0] if complete else None
    change = None
    if intake is not None and latest is not None and latest.pk != intake.pk:
        change = latest.total - intake.total
    for administration in rows:
        administration.missing = len(instrument.items) - administration.answered
        answers = actions.answers_of(administration)
        administration.item_answers = [
            (item, answers.get(item.id), instrument.label_for(answers.get(item.id)))
            for item in instrument.items
        ]
    return {
        "instrument": instrument,
        "administrations": rows,
        "chart": trend_svg(instrument, points, chart_id=f"trend-{participant.pk}"),
        "points": points,
        "intake": intake,
        "latest": latest,
        "change": change,
        "shown": shown,
    }


def record_section(participant) -> dict:
    """What the participant's record shows of assessments: the BARC-10 trend."""
    section = trend(participant, _instrument(DEFAULT_INSTRUMENT), shown=8)
    section["new_url"] = reverse("assessment_new", args=[participant.pk])
    section["all_url"] = reverse("participant_assessments", args=[participant.pk])
    return section


@staff_view(*RECORD_ROLES)
def participant_assessments(request, participant_id):
    participant = open_record(request, participant_id)
    instrument = _instrument(request.GET.get("instrument"))
    context = trend(participant, instrument)
    context.update(
        participant=participant,
        instruments=instruments().values(),
        translated=instrument.speaks(get_language() or "en"),
    )
    return render(request, "assessments/participant.html", context)


@staff_view(*RECORD_ROLES)
def record_assessment(request, participant_id):
    participant = open_record(request, participant_id)
    instrument = _instrument(request.GET.get("instrument"))
    form = AdministrationForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            administration = actions.record_administration(
                by=request.user,
                participant=participant,
                instrument=instrument,
                administered_on=form.cleaned_data["administered_on"],
                answers=form.answers(),
                timepoint=form.cleaned_data["timepoint"],
                notes=form.cleaned_data["notes"],
                origin=request,
            )
        except OutOfScale as refused:
            form.add_error(PREFIX + refused.item_id, OUT_OF_SCALE)
        else:
            if administration.complete:
                messages.success(
                    request,
                    _("%(name)s saved: a total of %(total)s.")
                    % {"name": instrument.name, "total": administration.total},
                )
            else:
                missing = len(instrument.items) - administration.answered
                messages.warning(
                    request,
                    _(
                        "%(name)s saved as incomplete: %(missing)s of %(count)s items have no "
                        "answer, so it has no total."
                    )
                    % {"name": instrument.name, "missing": missing, "count": len(instrument.items)},
                )
            return redirect("participant_assessments", participant_id=participant.pk)
    return render(
        request,
        "assessments/form.html",
        {
            "form": form,
            "participant": participant,
            "instrument": instrument,
            "instruments": instruments().values(),
            "translated": instrument.speaks(get_language() or "en"),
        },
    )


@staff_view("admin", "supervisor")
def figures(request):
    instrument = _instrument(request.GET.get("instrument"))
    bands = latest_score_bands(request.user, instrument)
    people = sum(band["people"] for band in bands)
    for band in bands:
        band["share"] = round(100 * band["people"] / people) if people else 0
    return render(
        request,
        "assessments/figures.html",
        {
            "instrument": instrument,
            "instruments": instruments().values(),
            "bands": bands,
            "people": people,
            "six_months": change_to_six_months(request.user, instrument),
        },
    )
