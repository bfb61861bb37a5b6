"""Who may open which page. Every URL's view carries an `access` policy that the
permission-matrix test reads, so a new URL is checked without editing the test."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


@dataclass(frozen=True)
class Access:
    public: bool = False
    roles: frozenset[str] = frozenset()


def public_view(view):
    """Open to anyone, signed in or not (sign-in, password reset, invitations)."""
    view.access = Access(public=True)
    return view


def staff_view(*roles: str):
    """Only signed-in staff (with their second factor) whose role is in `roles`.

    A refusal on a page about one row is a 404, like a missing row, so the answer never
    says whether the row exists; a refusal on any other page is a 403.
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
            return view(request, *args, **kwargs)

        wrapper.access = Access(roles=frozenset(roles))
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
