"""Family members: served in their own right, reached only through a linked participant."""

from django.contrib import messages
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.audit.actions import record
from peerwell.checkins.views_enrolment import record_section
from peerwell.contacts.models import Contact
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.versions import EditConflict, versions_of
from peerwell.search.queries import MIN_PHONE_DIGITS, parse_term, phone_lookup, rank_by_name

from . import actions
from .access import open_family_member, open_record
from .forms import (
    FAMILY_EDIT_CONFLICT,
    FamilyLinkForm,
    FamilyMemberDetailsForm,
    FamilyMemberForm,
)
from .models import FamilyLink, FamilyMember

RECORD_ROLES = ("admin", "supervisor", "peer")
SERVICES_SHOWN = 50
FOUND_SHOWN = 10
ORDER = ("last_name", "first_name", "id")
# Longer than any name; what goes past it is not searched.
FIND_LENGTH = 100
VERSIONS_SHOWN = 20


def _find_family(request, participant, term: str):
    """Family members of the organization not yet linked to this participant, found by
    name as participant search finds people (a typo, a swapped name) or by phone. The
    term comes in the request body, never the URL."""
    term = parse_term(term[:FIND_LENGTH])
    found = FamilyMember.objects.visible_to(request.user).exclude(links__participant=participant)
    if term.kind == "phone":
        if len(term.text) < MIN_PHONE_DIGITS:
            return []
        return list(found.filter(phone_lookup(term.text)).order_by(*ORDER)[:FOUND_SHOWN])
    # Names only, then the few shown: an organization has hundreds of family members, and
    # loading a whole row parses its phone.
    names = found.annotate(names=Concat("first_name", Value(" "), "last_name"))
    best = rank_by_name(term.text, names.values_list("id", "names"), FOUND_SHOWN)
    shown = found.in_bulk(best)
    return [shown[pk] for pk in best]


def _family_page(request, participant, *, form, term="", refused=None):
    """The "add a family member" page: the search for someone already in Peerwell (with
    its results when `term` is given) and the form for someone new. `refused` is
    (family member, message) when linking a found person was refused: they are shown
    with the message on their field."""
    found = _find_family(request, participant, term)
    if refused and refused[0] not in found:
        found.insert(0, refused[0])
    if term:
        # Who saw which family members; the names typed stay out of the trail.
        record(
            request=request,
            action="list",
            participant=participant,
            detail={"family_search": [m.pk for m in found]},
        )
    return render(
        request,
        "participants/family_form.html",
        {
            "form": form,
            "participant": participant,
            "term": term,
            "found": found,
            "refused_id": refused[0].pk if refused else None,
            "refused_message": refused[1] if refused else "",
        },
    )


@staff_view(*RECORD_ROLES)
def add_family_member(request, participant_id):
    participant = open_record(request, participant_id)
    if request.method == "POST" and "find" in request.POST:
        term = request.POST["find"].strip()
        return _family_page(request, participant, form=FamilyMemberForm(), term=term)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            member = form.save(commit=False)
            member.organization_id = participant.organization_id
            member.save()
            FamilyLink.objects.create(
                organization_id=participant.organization_id,
                family_member=member,
                participant=participant,
                relationship=form.cleaned_data["relationship"],
            )
            record(
                request=request,
                action="create",
                obj=member,
                participant=participant,
                fields=form.changed_data,
            )
        messages.success(request, _("Family member added."))
        return redirect("participant_detail", participant_id=participant.pk)
    return _family_page(request, participant, form=form)


@staff_view(*RECORD_ROLES)
@require_POST
def link_family_member(request, participant_id, family_member_id):
    """Links a family member already in Peerwell (say, the mother of two participants)."""
    participant = open_record(request, participant_id)
    member = get_visible_or_404(request, FamilyMember.objects.all(), pk=family_member_id)
    form = FamilyLinkForm(request.POST)
    if not form.is_valid():
        # The search comes back as it was, with the message on this person's field.
        return _family_page(
            request,
            participant,
            form=FamilyMemberForm(),
            term=request.POST.get("find", "").strip(),
            refused=(member, form.errors["relationship"][0]),
        )
    with transaction.atomic():
        link, created = FamilyLink.objects.get_or_create(
            organization_id=participant.organization_id,
            family_member=member,
            participant=participant,
            defaults={"relationship": form.cleaned_data["relationship"]},
        )
        if created:
            record(request=request, action="create", obj=link, participant=participant)
    messages.success(
        request,
        _("%(name)s is linked.") % {"name": member}
        if created
        else _("%(name)s was already linked.") % {"name": member},
    )
    return redirect("participant_detail", participant_id=participant.pk)


@staff_view(*RECORD_ROLES)
def family_member(request, family_member_id):
    """A family member's page lists the participants linked to them whose records the
    user may open, and the services they received through those participants."""
    member, links = open_family_member(request, family_member_id)
    services = (
        Contact.objects.visible_to(request.user)
        .reached()
        .filter(family_member=member, participant__in=[link.participant_id for link in links])
        .annotate(staff_name=F("staff__full_name"))[:SERVICES_SHOWN]
    )
    return render(
        request,
        "participants/family_member.html",
        {
            "member": member,
            "links": links,
            "services": services,
            "shown": SERVICES_SHOWN,
            "checkins": record_section(family_member=member),
        },
    )


@staff_view(*RECORD_ROLES)
def edit_family_member(request, family_member_id):
    member, links = open_family_member(request, family_member_id)
    form = FamilyMemberDetailsForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_family_member(
                request=request,
                form=form,
                version=form.cleaned_data["version"] or 0,
                participants=[link.participant for link in links],
            )
        except EditConflict:
            form.add_error(None, FAMILY_EDIT_CONFLICT)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("family_member", family_member_id=member.pk)
    versions = versions_of(member, request.user, VERSIONS_SHOWN)
    return render(
        request,
        "participants/family_edit.html",
        {"form": form, "member": member, "versions": versions},
    )


@staff_view(*RECORD_ROLES)
@require_POST
def unlink_family_member(request, participant_id, family_member_id):
    """Ends a link made in error or no longer true. The family member's record and the
    services they received stay; the removal is audited."""
    participant = open_record(request, participant_id)
    member = get_visible_or_404(request, FamilyMember.objects.all(), pk=family_member_id)
    link = (
        FamilyLink.objects.visible_to(request.user)
        .filter(participant=participant, family_member=member)
        .first()
    )
    # A second press (or a second tab) finds it gone already: say so, change nothing.
    # Back to the participant: the family member may now be linked to nobody this user
    # may open.
    if link is None:
        messages.info(request, _("That family link was already removed."))
        return redirect("participant_detail", participant_id=participant.pk)
    with transaction.atomic():
        record(request=request, action="delete", obj=link, participant=participant)
        link.delete()
    messages.success(request, _("The family link is removed."))
    return redirect("participant_detail", participant_id=participant.pk)
