"""De-identified aggregates across organizations, for funders. Counted in SQL; any
count below SMALL_COUNT_THRESHOLD is suppressed so no one can be singled out, and so
are the counts that would give it back by subtraction (suppression.py)."""

from django.conf import settings
from django.db.models import Count

from peerwell.orgs.models import Organization
from peerwell.participants.models import Language, Participant

from .suppression import protect_row


def network_summary(user) -> list[dict]:
    """Participants per organization and language; only funders may ask."""
    orgs = dict(Organization.objects.values_list("pk", "name"))
    rows = (
        Participant.objects.countable_by(user)
        .order_by()
        .values("organization_id", "language")
        .annotate(n=Count("id"))
    )
    table: dict[int, dict] = {}
    for row in rows:
        entry = table.setdefault(
            row["organization_id"],
            {"organization": orgs[row["organization_id"]], "total": 0, "by_language": {}},
        )
        entry["total"] += row["n"]
        entry["by_language"][row["language"]] = row["n"]
    result = []
    for entry in sorted(table.values(), key=lambda e: e["organization"]):
        parts = {lang: entry["by_language"].get(lang, 0) for lang in Language.values}
        cells = protect_row(entry["total"], parts, settings.SMALL_COUNT_THRESHOLD)
        result.append({"organization": entry["organization"], **cells})
    return result
