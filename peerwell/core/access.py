"""Who may open which page. Every URL's view carries an `access` policy that the
permission-matrix test reads, so a new URL is checked without editing the test."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect


@dataclass(frozen=True)
class Access:
    public: bool = False
    roles: frozenset[str] = frozenset()
    # The one page of a participant's record that a peer outside the caseload may open:
    # the emergency-access page itself. The permission matrix reads this.
    emergency_door: bool = False


class Detour(Exception):
    """A page that needs another step first (emergency access to a record outside the
    caseload). Raised by the access check; `staff_view` answers with a redirect to the
    step, so a view cannot go on and show the page by forgetting to check."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def public_view(view):
    """Open to anyone, signed in or not (sign-in, password reset, invitations)."""
    view.access = Access(public=True)
    return view


def staff_view(*roles: str, emergency_door: bool = False):
    """Only signed-in staff (with their second factor) whose role is in `roles`.

    A refusal on a page about one row is a 404, like a missing row, so the answer never
    says whether the row exists; a refusal on any other page is a 403. A `Detour` raised
    by the view (or the record-opening path it calls) becomes a redirect.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in roles:
                from peerwell.audit.actions import record

                record(request=request, action="refused", detail={"view": view.__name__})
                raise Http404 if kwargs else PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except Detour as detour:
                return HttpResponseRedirect(detour.url)

        wrapper.access = Access(roles=frozenset(roles), emergency_door=emergency_door)
        return wrapper

    return decorate


def get_visible_or_404(request, queryset, **lookup):
    """One row through `visible_to`; anything else (missing, another organization,
    not this role's) is the same 404, and the refusal is audited."""
    try:
        return queryset.visible_to(request.user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        from peerwell.audit.actions import record

        record(
            request=request,
            action="refused",
            detail={
                "model": queryset.model._meta.label_lower,
                **{k: str(v) for k, v in lookup.items()},
            },
        )
        raise Http404 from None
