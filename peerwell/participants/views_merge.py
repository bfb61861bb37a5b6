"""Possible duplicates, and merging one into a record: choose it from the suggestions
(or give its number), compare the two, confirm."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peerwell.audit.actions import record
from peerwell.contacts.models import Contact
from peerwell.core.access import get_visible_or_404, staff_view

from . import actions
from .access import open_record
from .duplicates import suggest_duplicates
from .merge import NO_SUCH_PARTICIPANT, MergeRefused, check_merge, merge_participants
from .models import Participant
from .models_duplicates import PossibleDuplicate


class MergeForm(forms.Form):
    # A number, not a list to choose from: an organization has thousands of records.
    number = forms.IntegerField(
        label=gettext_lazy("Number of the duplicate record"),
        min_value=1,
        help_text=gettext_lazy(
            "The number at the end of the address of its page, as in /participants/1234/."
        ),
    )


def _find_duplicate(request, keep: Participant, form: MergeForm) -> Participant | None:
    """The record the number names, or None with the reason on the form. A number of
    another organization gets the same answer as a number nobody has."""
    try:
        # Through the record-opening path: the comparison shows the duplicate's record.
        duplicate = open_record(
            request, form.cleaned_data["number"], Participant.objects.with_peer()
        )
    except Http404:  # the refusal is audited on the way
        form.add_error("number", str(NO_SUCH_PARTICIPANT))
        return None
    try:
        check_merge(user=request.user, keep=keep, duplicate=duplicate)
    except MergeRefused as refused:
        form.add_error("number", str(refused))
        return None
    return duplicate


PAIRS_PER_PAGE = 25


# Names, dates of birth and phones only: what a supervisor needs to decide to compare.
PAIR_FIELDS = [
    f"{side}__{name}"
    for side in ("newer", "older")
    for name in ("id", "first_name", "last_name", "date_of_birth", "phone")
]


@staff_view("admin", "supervisor")
def possible_duplicates(request):
    """Pairs of records that may be one person (stored as records are enrolled, edited
    and merged), each leading to the merge with both chosen, or set aside as two people.
    Opening either record is audited on its own."""
    pairs = (
        PossibleDuplicate.objects.visible_to(request.user)
        .undecided()
        .select_related("newer", "older")
        .only("reason", "newer_id", "older_id", *PAIR_FIELDS)
        .order_by("newer__last_name", "newer__first_name", "newer_id", "older_id")
    )
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    record(
        request=request,
        action="list",
        detail={"page": page.number, "pairs": [[p.newer_id, p.older_id] for p in page]},
    )
    return render(request, "participants/duplicates.html", {"page": page})


@staff_view("admin", "supervisor")
@require_POST
def not_duplicates(request, pair_id):
    """ "Not the same person": the pair leaves the list for good."""
    pair = get_visible_or_404(
        request, PossibleDuplicate.objects.select_related("newer", "older"), pk=pair_id
    )
    if actions.judge_different_people(request=request, pair=pair):
        messages.success(
            request,
            _("%(newer)s and %(older)s are kept as two people.")
            % {"newer": pair.newer.full_name, "older": pair.older.full_name},
        )
    return redirect("possible_duplicates")


@staff_view("admin", "supervisor")
def merge(request, participant_id):
    keep = open_record(request, participant_id, Participant.objects.with_peer())
    # The duplicate comes chosen (?number=) from a suggestion, or typed on this page.
    chosen = request.POST if request.method == "POST" else None
    if chosen is None and "number" in request.GET:
        chosen = request.GET
    form = MergeForm(chosen)
    duplicate = None
    if form.is_bound and form.is_valid():
        duplicate = _find_duplicate(request, keep, form)
        if duplicate is not None and request.method == "POST" and request.POST.get("confirm"):
            try:
                merge_participants(request=request, keep=keep, duplicate=duplicate)
            except MergeRefused as refused:
                form.add_error("number", str(refused))
                duplicate = None
            else:
                messages.success(
                    request,
                    _("Record %(number)s is merged into this one.") % {"number": duplicate.pk},
                )
                return redirect("participant_detail", participant_id=keep.pk)
    if duplicate is None:
        suggestions = suggest_duplicates(
            user=request.user,
            first_name=keep.first_name,
            last_name=keep.last_name,
            preferred_name=keep.preferred_name,
            date_of_birth=keep.date_of_birth,
            phone=keep.phone,
            exclude=keep.pk,
        )
        return render(
            request,
            "participants/merge.html",
            {"form": form, "keep": keep, "suggestions": suggestions},
        )
    contacts = Contact.objects.visible_to(request.user)
    return render(
        request,
        "participants/merge.html",
        {
            "form": form,
            "keep": keep,
            "duplicate": duplicate,
            "keep_contacts": contacts.filter(participant=keep).count(),
            "duplicate_contacts": contacts.filter(participant=duplicate).count(),
        },
    )
