"""Participant search, by name or by phone: reads only, always through
`Participant.objects.visible_to(user)`. The name index narrows and ranks within what the
user may see; it never widens it."""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL

from peerwell.participants.models import Participant

from .index import FTS_TABLE

RESULT_LIMIT = 25
# A name matches when it holds at least this share of the query's trigrams: "marai"
# shares 3 of 6 with "maria" (0.5), "lopes" 4 of 6 with "lopez". pg_trgm's own default
# (0.6) would miss the first.
MATCH_THRESHOLD = 0.4
# ... but at least this many of them: a short term has so few trigrams that 40% is just
# its first two letters ("mau" would match every "Ma..." name, a tenth of them all).
# Short terms match names that start with them instead, as people mean them.
MIN_SHARED_TRIGRAMS = 3
# SQLite ranks at most this many index candidates (bm25 order) before scoring them.
SQLITE_CANDIDATES = 200
MIN_PHONE_DIGITS = 7
FIELDS = ("id", "first_name", "last_name", "preferred_name", "date_of_birth", "phone")


@dataclass(frozen=True)
class SearchTerm:
    kind: str  # "name" or "phone"
    text: str  # lower-cased words for a name; the digits for a phone


def parse_term(raw: str) -> SearchTerm:
    """A term without letters is a phone number; anything else is a name."""
    text = " ".join(raw.split())
    if not re.search(r"[^\W\d_]", text):
        return SearchTerm("phone", re.sub(r"\D", "", text))
    return SearchTerm("name", text.lower())


def search_participants(*, user, term: SearchTerm) -> list[Participant]:
    """At most RESULT_LIMIT participants the user may see, best match first."""
    visible = Participant.objects.visible_to(user).only(*FIELDS)
    if term.kind == "phone":
        return list(visible.filter(phone_lookup(term.text))[:RESULT_LIMIT])
    if connection.vendor == "postgresql":
        return _names_postgresql(visible, term.text)
    return _names_sqlite(visible, term.text)


def phone_lookup(digits: str) -> Q:
    """Phones are stored in E.164 (+12155550142): a 10-digit number is a US one, 11 or
    more carry their country code, and 7 to 9 digits match the end of the number."""
    if len(digits) == 10:
        return Q(phone=f"+1{digits}")
    if len(digits) > 10:
        return Q(phone=f"+{digits}")
    return Q(phone__endswith=digits)


# --- PostgreSQL: pg_trgm word similarity on the indexed expression -------------------


class NameText(Func):
    """lower(first_name || ' ' || last_name || ' ' || preferred_name), exactly the
    expression of the trigram index (index.NAMES_SQL), so that the index applies."""

    template = "LOWER(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self):
        super().__init__(F("first_name"), F("last_name"), F("preferred_name"))


class WordSimilar(Func):
    """`term <% names`: the index-assisted test, using pg_trgm.word_similarity_threshold."""

    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()


class WordSimilarity(Func):
    function = "WORD_SIMILARITY"
    output_field = FloatField()


def _names_postgresql(visible, text: str) -> list[Participant]:
    term = Value(text, output_field=TextField())
    rows = (
        visible.filter(WordSimilar(term, NameText()))
        .annotate(score=WordSimilarity(term, NameText()))
        .order_by("-score", "last_name", "first_name", "id")[:RESULT_LIMIT]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # For this transaction only: the threshold `<%` applies, through the index.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(match_threshold(text))],
        )
        # The planner cannot tell how few names a term matches: left alone it reads the
        # whole organization row by row, scoring every name (30 ms for 4,000 names for a
        # three-letter term); the trigram index narrows it to a few rows first (1 ms).
        cursor.execute("SET LOCAL enable_indexscan = off")
        return list(rows)


# --- SQLite: FTS5 trigram candidates, scored like pg_trgm ----------------------------


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: per word, lower-cased, padded with two spaces in front and
    one behind ("  m", " ma", "mar", ..., "ia ")."""
    grams = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def match_threshold(text: str) -> float:
    """The share of the term's trigrams a name must hold: MATCH_THRESHOLD, or more for a
    short term, so that it holds at least MIN_SHARED_TRIGRAMS of them (or, for a term of
    one or two letters, all but the one that ends the word)."""
    grams = len(trigrams(text))
    if not grams:
        return MATCH_THRESHOLD
    return max(MATCH_THRESHOLD, min(MIN_SHARED_TRIGRAMS, grams - 1) / grams)


def name_score(text: str, names: str) -> float:
    """The share of the term's trigrams found in the participant's names."""
    wanted = trigrams(text)
    return len(wanted & trigrams(names)) / len(wanted) if wanted else 0.0


def rank_by_name(text: str, rows, limit: int) -> list[int]:
    """The ids of the best-matching (id, names) rows, best first, at most `limit`: the
    same trigram share and threshold as participant search, for lists that have no
    index of their own (family members)."""
    wanted = trigrams(text)
    if not wanted:
        return []
    threshold = match_threshold(text)
    scored = []
    for pk, names in rows:
        score = len(wanted & trigrams(names)) / len(wanted)
        if score >= threshold:
            scored.append((-score, names.lower(), pk))
    return [pk for *_, pk in sorted(scored)[:limit]]


def _fts_match(text: str) -> str:
    """An FTS5 query: any trigram inside a word of the term (the tokenizer does not pad),
    each quoted, so a typo still shares most of them."""
    inner = {word[i : i + 3] for word in re.findall(r"[^\W_]+", text) for i in range(len(word) - 2)}
    return " OR ".join('"{}"'.format(g.replace('"', '""')) for g in sorted(inner))


def _names_sqlite(visible, text: str) -> list[Participant]:
    match = _fts_match(text)
    if match:
        # Candidates among the rows the user may see, best bm25 first, in one query.
        # `+rowid`: a bare `rowid IN (...)` is handed to FTS5, which then runs the whole
        # match once per row the user may see (seconds at 20,000 participants); the `+`
        # keeps it a filter on the one match.
        ids_sql, ids_params = visible.order_by().values("id").query.sql_with_params()
        candidates = visible.filter(
            id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND +rowid IN ({ids_sql}) ORDER BY rank LIMIT {SQLITE_CANDIDATES}",
                [match, *ids_params],
            )
        )
    else:  # every word shorter than a trigram: the start of a name
        words = text.split()
        starts = Q()
        for field in ("first_name", "last_name", "preferred_name"):
            starts |= Q(**{f"{field}__istartswith": words[0]})
        candidates = visible.filter(starts)[:SQLITE_CANDIDATES]
    # Scored on the names alone; only the rows shown are loaded whole (loading a row
    # parses its phone, which for 200 candidates would cost more than the search).
    threshold = match_threshold(text)
    scored = []
    for pk, first, last, preferred in candidates.values_list(
        "id", "first_name", "last_name", "preferred_name"
    ):
        score = name_score(text, f"{first} {last} {preferred}")
        if score >= threshold:
            scored.append((-score, last, first, pk))
    best = [pk for *_, pk in sorted(scored)[:RESULT_LIMIT]]
    shown = visible.in_bulk(best)
    return [shown[pk] for pk in best]
