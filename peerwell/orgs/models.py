"""Organizations (tenants), staff and their roles, and invitations."""

import hashlib

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.tenancy import TenantModel, TenantQuerySet


class Organization(models.Model):
    """A Recovery Community Organization: its records are its own."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("sign out after this many idle minutes"),
        default=settings.SESSION_IDLE_DEFAULT_MINUTES,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    inactive_after_days = models.PositiveSmallIntegerField(
        _("mark participants inactive after this many days without contact"),
        default=90,
        validators=[MinValueValidator(14), MaxValueValidator(730)],
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(idle_timeout_minutes__gte=2, idle_timeout_minutes__lte=60),
                name="org_idle_timeout_range",
            )
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Organization admin")
    SUPERVISOR = "supervisor", _("Supervisor")
    PEER = "peer", _("Peer specialist")
    VOLUNTEER = "volunteer", _("Volunteer")
    FUNDER = "funder", _("Funder")


STAFF_ROLES = frozenset(Role.values)
# Roles within one organization, which its admin may give. Funders see the whole
# network, so only the deployment's operator adds them (`peerwell add_funder`).
ORGANIZATION_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.PEER, Role.VOLUNTEER})
ORGANIZATION_ROLE_CHOICES = [(v, label) for v, label in Role.choices if v in ORGANIZATION_ROLES]


class StaffQuerySet(TenantQuerySet):
    visible_roles = frozenset({Role.ADMIN, Role.SUPERVISOR})

    def assignable_by(self, user):
        """Active peer specialists and supervisors a participant can be assigned to."""
        if not user.is_authenticated or user.role not in {Role.ADMIN, Role.SUPERVISOR, Role.PEER}:
            return self.none()
        return self.filter(
            organization_id=user.organization_id,
            is_active=True,
            role__in=[Role.PEER, Role.SUPERVISOR],
        ).order_by("full_name")

    def names_for(self, user, ids) -> dict:
        """Colleagues' names by id, within the user's own organization: how a page that
        stores staff ids (a record's earlier versions) shows who they were."""
        if not user.is_authenticated or user.organization_id is None or not ids:
            return {}
        return dict(
            self.filter(organization_id=user.organization_id, pk__in=ids).values_list(
                "pk", "full_name"
            )
        )


class StaffManager(BaseUserManager.from_queryset(StaffQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A staff member, volunteer or funder. Never deleted: deactivated, so history stays."""

    # Empty for funders only (a constraint below): they belong to the whole network, so
    # no organization's admin lists, edits or deactivates them.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = StaffManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        indexes = [models.Index(fields=["organization", "role", "full_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.FUNDER, organization__isnull=True)
                | (~Q(role=Role.FUNDER) & Q(organization__isnull=False)),
                name="user_funder_is_network_wide",
            )
        ]

    def __str__(self):
        return self.full_name or self.email


class InvitationQuerySet(TenantQuerySet):
    visible_roles = frozenset({Role.ADMIN})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TenantModel):
    """A single-use, expiring link that lets someone set up their staff account."""

    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Only the hash is stored: a leaked database does not leak usable links.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class StaffSession(models.Model):
    """Which sessions belong to whom, so deactivating someone ends them at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user_id}:{self.session_key[:6]}"


# Registered with this app so that django-otp finds it among the user's devices.
from .authenticator import Authenticator, RecoveryCode, RecoveryCodes  # noqa: E402, F401
