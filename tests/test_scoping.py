"""Scoping in depth: `visible_to` asked directly, for every model that has it and every
role, so a view that forgot `staff_view` still shows nobody a row they may not see; and
every refusal by role is audited, not only refusals of another organization's row.

The models come from the app registry, so a new scoped model is covered here without
editing this file."""

import itertools
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.core.tenancy import RecordQuerySet
from tests.test_permission_matrix import ALL_PATTERNS, ROLES, ROW_KWARGS, World, url_for

pytestmark = pytest.mark.django_db

# Who keeps records: they alone see a participant's record and anything of it.
RECORD_KEEPERS = {"admin", "supervisor", "peer"}
# Who sees the other scoped rows of their organization.
READERS = {
    "orgs.user": {"admin", "supervisor"},
    "orgs.invitation": {"admin"},
    "audit.auditentry": {"admin", "supervisor"},
}
_n = itertools.count(1)


def scoped_models():
    return [m for m in apps.get_models() if hasattr(m._default_manager.all(), "visible_to")]


def rows_of(model, org):
    return set(model._default_manager.filter(organization=org).values_list("pk", flat=True))


def fill(model, org):
    """A row of `model` in `org`, required fields filled plainly and foreign keys pointing
    at rows of the same organization (made first when there are none)."""
    values = {"organization": org}
    for field in model._meta.concrete_fields:
        if field.name in values or field.primary_key or field.null or field.has_default():
            continue
        n = next(_n)
        if field.is_relation:
            related = field.related_model
            found = related._default_manager.filter(organization=org).first()
            values[field.name] = found or fill(related, org)
        elif field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.EmailField):
            values[field.name] = f"row{n}@example.org"
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = f"{field.name} {n}"[: field.max_length]
        elif isinstance(field, models.IntegerField):
            values[field.name] = 1
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = date(2026, 1, 5)
    return model._default_manager.create(**values)


@pytest.fixture
def world():
    world = World()
    world.orgs = {side: world.users[side]["admin"].organization for side in ("own", "other")}
    world.inactive = {
        side: [testing.make_user(org, role, is_active=False) for role in ROLES]
        for side, org in world.orgs.items()
    }
    return world


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m._meta.label_lower)
def test_visible_to_shows_each_role_only_what_it_may_see(world, model):
    label = model._meta.label_lower
    if RecordQuerySet in type(model._default_manager.all()).__mro__:
        readers = RECORD_KEEPERS
    else:
        readers = READERS.get(label)
    rows = {}
    for side, org in world.orgs.items():
        if not rows_of(model, org):
            fill(model, org)
        rows[side] = rows_of(model, org)
        assert rows[side], f"make a row of {label} in fill() or World"
    if label == "audit.auditentry":  # a failed sign-in by an unknown address has no org
        AuditEntry.objects.create(action="sign_in_failed")

    failures = []
    for side, users in world.users.items():
        for role, user in users.items():
            seen = set(model._default_manager.visible_to(user).values_list("pk", flat=True))
            if role == "funder":  # funders see aggregates only, never rows
                expected = set()
            elif readers is not None:
                expected = rows[side] if role in readers else set()
            else:  # not described above: at most their own organization's rows
                expected = seen & rows[side]
            if seen != expected:
                failures.append(f"{side} {role}: saw {sorted(seen)}, expected {sorted(expected)}")
        for user in [*world.inactive[side], AnonymousUser(), None]:
            if model._default_manager.visible_to(user).exists():
                failures.append(f"{side} {user} (inactive or anonymous) saw rows")
    assert not failures, f"{label}:\n" + "\n".join(failures)


def test_every_refusal_by_role_is_audited_with_its_view(client, world):
    """For every staff page and every role it refuses: a 404 (a page about one row) or a
    403, and an audit row "refused" that names the view, from that person, at that URL."""
    failures = []
    checked = 0
    for route, pattern in ALL_PATTERNS:
        access = pattern.callback.access
        if access.public:
            continue
        keywords = set(pattern.pattern.converters)
        url = url_for(route, {k: ROW_KWARGS[k](world, "own") for k in keywords})
        for role in sorted(set(ROLES) - access.roles):
            user = world.users["own"][role]
            testing.sign_in(client, user)
            status = client.get(url).status_code
            refusals = AuditEntry.objects.filter(action="refused", actor=user, path=url)
            views = [entry.detail.get("view") for entry in refusals]
            if status != (404 if keywords else 403) or views != [pattern.callback.__name__]:
                failures.append(f"{role} GET {url}: {status}, refusals naming {views}")
            others = AuditEntry.objects.filter(actor=user, path=url).exclude(action="refused")
            if others.exists():
                failures.append(f"{role} GET {url}: also audited {list(others)}")
            checked += 1
    assert checked > 0
    assert not failures, "\n".join(failures)


def test_a_refused_row_is_audited_with_its_kind_and_id(client, world):
    peer = world.users["own"]["peer"]
    testing.sign_in(client, peer)
    other_id = world.rows["other"]["participant_id"]
    assert client.get(f"/participants/{other_id}/").status_code == 404
    entry = AuditEntry.objects.get(action="refused", actor=peer)
    assert entry.detail == {"model": "participants.participant", "pk": str(other_id)}
