"""The one scoping path: every tenant-owned model's queryset answers `visible_to(user)`.

Views never filter by organization themselves; they call `visible_to` (or
`get_visible_or_404`, which uses it), and the permission-matrix test checks every URL.
"""

from django.db import models


class TenantQuerySet(models.QuerySet):
    """Base for tenant-owned rows. Subclasses narrow by role in `visible_to`."""

    #: Roles that may see rows of their own organization through this queryset.
    visible_roles: frozenset[str] = frozenset()

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role not in self.visible_roles or user.organization_id is None:
            return self.none()
        return self.filter(organization_id=user.organization_id)


class RecordQuerySet(TenantQuerySet):
    """Rows of a participant's record (the record itself, its contacts, consents,
    disclosures, versions): seen by the roles that keep records, never by volunteers or
    funders."""

    visible_roles = frozenset({"admin", "supervisor", "peer"})


class TenantModel(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
