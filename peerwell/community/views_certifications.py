"""Staff certifications: the list sorted by expiry (a supervisor sees everyone's, the
others their own), and a new one or a change made by a supervisor or admin."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page

from . import actions_certifications as actions
from .forms_people import CertificationForm, ExpiringForm
from .models import Certification

CERTIFICATION_ROLES = ("admin", "supervisor", "peer", "volunteer")
SUPERVISORS = ("admin", "supervisor")
PAGE_SIZE = 25
# Notices sent this recently show on the supervisor's page.
NOTICES_SHOWN_FOR = timedelta(days=30)


def _staff(user, holder_id=None):
    """Whom a certification may name: the organization's active staff (and whoever holds
    it already, so a certification of someone who left can still be corrected)."""
    return (
        get_user_model()
        .objects.visible_to(user)
        .filter(Q(is_active=True) | Q(pk=holder_id))
        .exclude(role="funder")
        .order_by("full_name", "id")
    )


def _expiry(certification, today) -> None:
    certification.days_left = (certification.expires_on - today).days
    certification.expired = certification.days_left < 0


@staff_view(*CERTIFICATION_ROLES)
def community_certifications(request):
    """Certifications, soonest expiry first, each with "expires in N days" or "expired"
    and its continuing-education hours; supervisors may keep those expiring soon."""
    today = timezone.localdate()
    supervising = request.user.role in SUPERVISORS
    rows = Certification.objects.visible_to(request.user).select_related("holder")
    form = ExpiringForm(request.GET or None)
    within = form.cleaned_data["within"] if form.is_bound and form.is_valid() else None
    if within:
        rows = rows.filter(expires_on__lte=today + timedelta(days=within))
    page = uncounted_page(rows, request.GET.get("page"), PAGE_SIZE)
    for certification in page.object_list:
        _expiry(certification, today)
    notices = []
    if supervising:
        # The in-app line for supervisors: the expiry notices the daily job sent lately.
        since = today - NOTICES_SHOWN_FOR
        notices = list(
            Certification.objects.visible_to(request.user)
            .filter(notice_60_sent_on__gte=since, expires_on__gte=today)
            .select_related("holder")
            .order_by("expires_on", "id")[:PAGE_SIZE]
        )
        for certification in notices:
            _expiry(certification, today)
    context = {
        "form": form,
        "page": page,
        "supervising": supervising,
        "notices": notices,
        "query": f"within={within}" if within else "",
    }
    return render(request, "community/people/certifications.html", context)


def _values(data) -> dict:
    return {k: data[k] for k in actions.FIELDS}


@staff_view(*SUPERVISORS)
def community_certification_new(request):
    form = CertificationForm(request.POST or None, staff=_staff(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_certification(by=request.user, **_values(form.cleaned_data))
        except actions.CertificationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Certification recorded."))
            return redirect("community_certifications")
    context = {"form": form, "certification": None}
    return render(request, "community/people/certification_form.html", context)


@staff_view(*SUPERVISORS)
def community_certification_edit(request, certification_id):
    certification = get_visible_or_404(
        request, Certification.objects.select_related("holder"), pk=certification_id
    )
    initial = {k: getattr(certification, k) for k in actions.FIELDS}
    initial["version"] = certification.version
    staff = _staff(request.user, certification.holder_id)
    form = CertificationForm(request.POST or None, initial=initial, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_certification(
                by=request.user,
                certification=certification,
                version=form.cleaned_data["version"],
                **_values(form.cleaned_data),
            )
        except actions.CertificationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Certification saved."))
            return redirect("community_certifications")
    context = {"form": form, "certification": certification}
    return render(request, "community/people/certification_form.html", context)
