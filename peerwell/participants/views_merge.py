"""Merging a duplicate into a record: pick it by number, compare the two, confirm."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwell.audit.actions import record
from peerwell.contacts.models import Contact
from peerwell.core.access import get_visible_or_404, staff_view

from .merge import NO_SUCH_PARTICIPANT, MergeRefused, check_merge, merge_participants
from .models import Participant


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
    number = form.cleaned_data["number"]
    duplicate = Participant.objects.with_peer().visible_to(request.user).filter(pk=number).first()
    if duplicate is None:
        record(
            request=request,
            action="refused",
            detail={"model": "participants.participant", "pk": str(number), "form": "merge"},
        )
        form.add_error("number", str(NO_SUCH_PARTICIPANT))
        return None
    try:
        check_merge(user=request.user, keep=keep, duplicate=duplicate)
    except MergeRefused as refused:
        form.add_error("number", str(refused))
        return None
    return duplicate


@staff_view("admin", "supervisor")
def merge(request, participant_id):
    keep = get_visible_or_404(request, Participant.objects.with_peer(), pk=participant_id)
    form = MergeForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        duplicate = _find_duplicate(request, keep, form)
        if duplicate is not None and request.POST.get("confirm"):
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
        if request.method == "GET":
            record(request=request, action="view", obj=keep, detail={"form": "merge"})
        return render(request, "participants/merge.html", {"form": form, "keep": keep})
    # The comparison shows both records: both reads go into the audit trail.
    for participant in (keep, duplicate):
        record(request=request, action="view", obj=participant, detail={"form": "merge"})
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
