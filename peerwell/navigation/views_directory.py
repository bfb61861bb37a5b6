"""The directory's entry pages: one service (everything a peer on a phone needs), its
edit form and "I checked this today", an organization with its services, and the list
of entries to check again. Every signed-in staff role but funders reads the directory;
admins and supervisors edit it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.core.access import staff_view
from peerwell.core.paging import uncounted_page
from peerwell.core.versions import EditConflict

from . import actions_directory as actions
from .forms_directory import (
    ADDRESS_FIELDS,
    LANGUAGES,
    SERVICE_CONFLICT,
    SERVICE_FIELDS,
    ServiceForm,
)
from .hours import DAYS, in_words
from .models import (
    VERIFY_EVERY,
    Attribute,
    DirectoryOrganization,
    Need,
    OpenPeriod,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from .opening import rule_text
from .testing import NEEDS_TAXONOMY

READERS = ("admin", "supervisor", "peer", "volunteer")
EDITORS = ("admin", "supervisor")
PER_PAGE = 25
LANGUAGE_NAMES = dict(LANGUAGES)


def _service_or_404(queryset, service_id):
    service = queryset.filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


def _entry(service_id):
    """The service with everything its page shows, in a fixed number of queries."""
    schedules = Schedule.objects.order_by("id")
    queryset = Service.objects.select_related("organization", "verified_by").prefetch_related(
        Prefetch("phones", queryset=Phone.objects.order_by("id")),
        "languages",
        Prefetch("schedules", queryset=schedules),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses",
                Prefetch("location__phones", queryset=Phone.objects.order_by("id")),
                Prefetch("schedules", queryset=schedules),
            ),
        ),
        Prefetch(
            "attributes", queryset=Attribute.objects.select_related("taxonomy_term__taxonomy")
        ),
    )
    return _service_or_404(queryset, service_id)


def _need_label(term):
    if term.taxonomy_id and term.taxonomy.name == NEEDS_TAXONOMY and term.code in Need.values:
        return Need(term.code).label
    return term.name


def _language_order(language):
    """The form's order (English, Spanish, ...), then others by name."""
    codes = list(LANGUAGE_NAMES)
    known = language.code in LANGUAGE_NAMES
    return (not known, codes.index(language.code) if known else 0, language.name)


def entry_facts(service) -> dict:
    """What the page shows, gathered from the prefetched rows."""
    places = [at.location for at in service.service_at_locations.all()]
    schedules = {s.id: s for s in service.schedules.all()}
    for at in service.service_at_locations.all():
        schedules.update({s.id: s for s in at.schedules.all()})
    phones = list(service.phones.all()) + [p for place in places for p in place.phones.all()]
    return {
        "places": places,
        "addresses": [a for place in places for a in place.addresses.all()],
        "phones": phones,
        "hours": [
            in_words(s) for s in sorted(schedules.values(), key=lambda s: s.id) if in_words(s)
        ],
        "has_hours": any(s.opens_at for s in schedules.values()),
        "languages": [
            LANGUAGE_NAMES.get(lang.code, lang.name or lang.code)
            for lang in sorted(service.languages.all(), key=_language_order)
        ],
        "needs": [_need_label(a.taxonomy_term) for a in service.attributes.all()],
    }


def _participant_id(request):
    text = request.GET.get("participant", "")
    return int(text) if text.isdigit() else None


@staff_view(*READERS)
def directory_service(request, service_id):
    service = _entry(service_id)
    now = timezone.now()
    context = {
        "service": service,
        "facts": entry_facts(service),
        "open_now": OpenPeriod.objects.filter(
            service=service, starts_at__lte=now, ends_at__gt=now
        ).exists(),
        "can_edit": request.user.role in EDITORS,
        # Search adds the participant a peer is finding a service for; the page only
        # passes the number on to the referral form (it never opens the record).
        "participant_id": _participant_id(request),
    }
    return render(request, "navigation/service.html", context)


def _initial(service) -> dict:
    if service is None:
        return {"status": "active", "languages": ["en"]}
    initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
    initial["version"] = service.version
    initial["organization_name"] = service.organization.name if service.organization_id else ""
    phone = service.phones.order_by("id").first()
    initial["phone"] = phone.number if phone else ""
    place = actions.first_location(service)
    address = place.addresses.order_by("id").first() if place else None
    if address:
        initial.update({name: getattr(address, name) for name in ADDRESS_FIELDS})
    schedule = actions.first_schedule(service)
    if schedule:
        initial.update(
            opens_at=schedule.opens_at,
            closes_at=schedule.closes_at,
            hours_description=schedule.description,
        )
        days = schedule.byday.split(",") if schedule.byday else []
        if schedule.freq == "WEEKLY" and not schedule.interval and set(days) <= set(DAYS):
            initial["days"] = days
        elif schedule.freq:
            initial["rule"] = rule_text(schedule)
    initial["languages"] = list(service.languages.values_list("code", flat=True))
    initial["needs"] = list(
        service.attributes.filter(taxonomy_term__taxonomy__name=NEEDS_TAXONOMY).values_list(
            "taxonomy_term__code", flat=True
        )
    )
    return initial


def _edit(request, service):
    form = ServiceForm(request.POST or None, initial=_initial(service))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = {name: data[name] for name in ADDRESS_FIELDS} if data["address_1"] else None
        try:
            service = actions.save_service(
                by=request.user,
                service=service,
                version=data["version"] or 0,
                organization_name=data["organization_name"],
                fields={name: data[name] for name in SERVICE_FIELDS},
                phone=data["phone"],
                address=address,
                schedule=data["schedule"],
                languages=data["languages"],
                needs=data["needs"],
            )
        except EditConflict:
            form.add_error(None, SERVICE_CONFLICT)
        else:
            messages.success(request, _("Directory entry saved."))
            return redirect("directory_service", service_id=service.pk)
    return render(request, "navigation/service_edit.html", {"form": form, "service": service})


@staff_view(*EDITORS)
def directory_service_new(request):
    return _edit(request, None)


@staff_view(*EDITORS)
def directory_service_edit(request, service_id):
    return _edit(
        request, _service_or_404(Service.objects.select_related("organization"), service_id)
    )


@staff_view(*EDITORS)
@require_POST
def directory_service_verify(request, service_id):
    service = _service_or_404(Service.objects.all(), service_id)
    actions.verify_service(by=request.user, service=service)
    messages.success(request, _("Marked as checked today."))
    return redirect("directory_service", service_id=service.pk)


@staff_view(*READERS)
def directory_organization(request, directory_organization_id):
    organization = DirectoryOrganization.objects.filter(pk=directory_organization_id).first()
    if organization is None:
        raise Http404
    services = organization.services.order_by("name", "id")
    page = Paginator(services, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "navigation/organization.html",
        {"organization": organization, "page": page, "query": ""},
    )


@staff_view(*EDITORS)
def directory_to_verify(request):
    """Entries not checked in 180 days or marked "verify before use", oldest first."""
    cutoff = timezone.now() - VERIFY_EVERY
    due = Service.objects.filter(
        Q(verified_at__isnull=True) | Q(verified_at__lt=cutoff) | Q(verify_before_use=True)
    ).select_related("organization", "verified_by")
    due = due.order_by(F("verified_at").asc(nulls_first=True), "name", "id")
    page = uncounted_page(due, request.GET.get("page"), PER_PAGE)
    return render(request, "navigation/to_verify.html", {"page": page, "query": ""})
