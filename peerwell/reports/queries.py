"""De-identified aggregates across organizations, for funders. Read from counts the
database keeps as participants are enrolled, merged or change language (counts.py), so
the report costs the same at 1,000 participants as at 200,000; any count below
SMALL_COUNT_THRESHOLD is suppressed so no one can be singled out, and so are the counts
that would give it back by subtraction (suppression.py)."""

from django.conf import settings

from peerwell.participants.models import Language

from .models import ParticipantCount
from .suppression import protect_row


def network_summary(user) -> list[dict]:
    """Participants per organization and language; only funders may ask."""
    rows = (
        ParticipantCount.objects.countable_by(user)
        .filter(participants__gt=0)
        .values_list("organization_id", "organization__name", "language", "participants")
    )
    table: dict[int, dict] = {}
    for organization_id, name, language, n in rows:
        entry = table.setdefault(organization_id, {"organization": name, "by_language": {}})
        entry["by_language"][language] = n
    result = []
    for entry in sorted(table.values(), key=lambda e: e["organization"]):
        parts = {lang: entry["by_language"].get(lang, 0) for lang in Language.values}
        total = sum(entry["by_language"].values())
        cells = protect_row(total, parts, settings.SMALL_COUNT_THRESHOLD)
        result.append({"organization": entry["organization"], **cells})
    return result
