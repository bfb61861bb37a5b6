"""The stored possible duplicates (`PossibleDuplicate`), kept in step with the records:
the participants' actions call `keep_pairs_of` and `drop_pairs_of` inside their own
transactions, and `rebuild_pairs` (the `find_duplicates` command, and the seed) fills
the table for whole organizations with the grouping algorithm of `duplicates`.

A pair judged "not the same person" is never removed or suggested again by any of
these, except when one of its records is merged away."""

from django.db import transaction
from django.db.models import Max, Q

from .duplicates import duplicate_pairs, matches_of
from .models import Participant
from .models_duplicates import MatchReason, PossibleDuplicate

BATCH_SIZE = 1000


def _reason(by_phone: bool) -> str:
    return MatchReason.PHONE if by_phone else MatchReason.NAME_AND_BIRTH


def _of(participant_id) -> Q:
    return Q(older_id=participant_id) | Q(newer_id=participant_id)


def drop_pairs_of(participant: Participant) -> int:
    """A merged record is nobody's duplicate any more, judged or not."""
    return PossibleDuplicate.objects.filter(_of(participant.pk)).delete()[0]


def keep_pairs_of(participant: Participant) -> None:
    """After an enrollment or an edit: the participant's undecided pairs become exactly
    its current matches (one indexed query to find them, one to read its pairs)."""
    if participant.merged_into_id:
        drop_pairs_of(participant)
        return
    matches = {other.pk: _reason(by_phone) for other, by_phone in matches_of(participant)}
    rows = PossibleDuplicate.objects.filter(_of(participant.pk)).only(
        "older_id", "newer_id", "reason", "judged_different_at"
    )
    existing = {}
    stale = []
    for row in rows:
        other = row.newer_id if row.older_id == participant.pk else row.older_id
        existing[other] = row
        if row.judged_different_at is None and other not in matches:
            stale.append(row.pk)
    if stale:
        PossibleDuplicate.objects.filter(pk__in=stale).delete()
    for other, reason in matches.items():
        row = existing.get(other)
        if row is not None and row.judged_different_at is None and row.reason != reason:
            PossibleDuplicate.objects.filter(pk=row.pk).update(reason=reason)
    new = [
        PossibleDuplicate(
            organization_id=participant.organization_id,
            older_id=min(participant.pk, other),
            newer_id=max(participant.pk, other),
            reason=reason,
        )
        for other, reason in matches.items()
        if other not in existing
    ]
    # Two enrollments at once may both find the same pair: the first row stands.
    PossibleDuplicate.objects.bulk_create(new, ignore_conflicts=True)


@transaction.atomic
def rebuild_pairs(organization, *, batch_size: int = BATCH_SIZE) -> dict:
    """Recomputes an organization's pairs from all its records and brings the table in
    line: new pairs added, pairs that no longer match (or name a merged record) removed,
    decisions kept. Safe to run twice: the second run changes nothing."""
    live = Participant.objects.filter(organization=organization, merged_into__isnull=True)
    # Records enrolled while this runs keep the pairs their enrollment stored.
    newest = live.aggregate(newest=Max("pk"))["newest"] or 0
    found = {
        (older.pk, newer.pk): _reason(bool(newer.phone) and newer.phone == older.phone)
        for newer, older in duplicate_pairs(live.filter(pk__lte=newest))
    }
    stored = PossibleDuplicate.objects.filter(organization=organization)
    merged = stored.filter(
        Q(older__merged_into__isnull=False) | Q(newer__merged_into__isnull=False)
    ).values_list("pk", flat=True)
    removed = _delete(list(merged), batch_size)
    existing = stored.filter(newer_id__lte=newest).values_list(
        "pk", "older_id", "newer_id", "reason", "judged_different_at"
    )
    stale, kept, changed = [], set(), {}
    for pk, older, newer, reason, judged in existing.iterator(chunk_size=batch_size):
        kept.add((older, newer))
        if judged is not None:
            continue
        if (older, newer) not in found:
            stale.append(pk)
        elif found[(older, newer)] != reason:
            changed.setdefault(found[(older, newer)], []).append(pk)
    removed += _delete(stale, batch_size)
    for reason, pks in changed.items():
        for start in range(0, len(pks), batch_size):
            stored.filter(pk__in=pks[start : start + batch_size]).update(reason=reason)
    new = [
        PossibleDuplicate(organization=organization, older_id=o, newer_id=n, reason=reason)
        for (o, n), reason in found.items()
        if (o, n) not in kept
    ]
    PossibleDuplicate.objects.bulk_create(new, batch_size=batch_size, ignore_conflicts=True)
    return {"pairs": len(found), "added": len(new), "removed": removed}


def _delete(pks: list, batch_size: int) -> int:
    removed = 0
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        removed += PossibleDuplicate.objects.filter(pk__in=batch).delete()[0]
    return removed


def rebuild_all(organizations, *, batch_size: int = BATCH_SIZE) -> dict:
    """`rebuild_pairs` for each organization, each in its own transaction; totals."""
    totals = {"organizations": 0, "pairs": 0, "added": 0, "removed": 0}
    for organization in organizations:
        counts = rebuild_pairs(organization, batch_size=batch_size)
        totals["organizations"] += 1
        for key, value in counts.items():
            totals[key] += value
    return totals
