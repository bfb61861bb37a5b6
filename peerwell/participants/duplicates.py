"""Possible duplicate records: the same tolerant name matching as search (swapped first
and last names, a typo, either part of a hyphenated surname) and a similar date of birth
(the same, day and month swapped, or one digit off), or the same phone.

Reads only. A suggestion to a user is always within `Participant.objects.visible_to(user)`:
it never names a record the user may not see."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from peerwell.search.queries import trigrams

from .models import Participant

FIELDS = ("id", "first_name", "last_name", "preferred_name", "date_of_birth", "phone")
SUGGESTED = 10
# The trigrams search uses, with a higher bar than search's 0.4 (which finds "Marai" for
# "Maria"): family members share a surname, twins a birth date as well.
DUPLICATE_NAME_SHARE = 0.6


@dataclass(frozen=True)
class Person:
    pk: int
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    phone: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def grams(self) -> set[str]:
        return trigrams(f"{self.first_name} {self.last_name} {self.preferred_name}")


def similar_dates(a: date, b: date) -> bool:
    """The same date, day and month swapped, or one digit of YYYYMMDD typed wrong."""
    if a == b or (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return True
    return sum(x != y for x, y in zip(f"{a:%Y%m%d}", f"{b:%Y%m%d}", strict=True)) == 1


def date_variants(day: date) -> list[date]:
    """Every real date `similar_dates` accepts for `day`, to look them up in one query."""
    found = {day}
    try:
        found.add(day.replace(month=day.day, day=day.month))
    except ValueError:
        pass
    digits = f"{day:%Y%m%d}"
    for i, old in enumerate(digits):
        for new in "0123456789":
            if new == old:
                continue
            text = digits[:i] + new + digits[i + 1 :]
            try:
                found.add(date(int(text[:4]), int(text[4:6]), int(text[6:])))
            except ValueError:
                continue
    return sorted(found)


def names_match(a: set[str], b: set[str]) -> bool:
    """The names share DUPLICATE_NAME_SHARE of the trigrams of the longer one: "Maria
    Lopez" and "Lopez Maria", "Marai Lopez", "Maria Garcia-Lopez", but not two sisters
    ("Judith Aguirre", "Liliana Aguirre") born a year apart."""
    if not a or not b:
        return False
    return len(a & b) / max(len(a), len(b)) >= DUPLICATE_NAME_SHARE


def same_person(a: Person, b: Person, grams_a=None, grams_b=None) -> bool:
    if a.phone and a.phone == b.phone:
        return True
    if not similar_dates(a.date_of_birth, b.date_of_birth):
        return False
    return names_match(grams_a or a.grams(), grams_b or b.grams())


def _people(queryset) -> list[Person]:
    # The phone as its stored E.164 text: loading the field would parse every number.
    rows = queryset.annotate(phone_text=Cast("phone", CharField()))
    return [Person(*row) for row in rows.values_list(*FIELDS[:-1], "phone_text")]


def _matches(queryset, wanted: Person) -> list[tuple[Participant, bool]]:
    """The records of `queryset` that may be `wanted`, each with whether the phone is the
    reason: one indexed query on the dates of birth `similar_dates` accepts and the phone,
    then the names compared here."""
    nearby = Q(date_of_birth__in=date_variants(wanted.date_of_birth))
    if wanted.phone:
        nearby |= Q(phone=wanted.phone)
    candidates = (
        queryset.filter(nearby)
        .only(*FIELDS[:-1])
        .annotate(phone_text=Cast("phone", CharField()))
        .order_by("last_name", "first_name", "id")
    )
    wanted_grams = wanted.grams()
    found = []
    for p in candidates:  # one query, whatever is found
        person = Person(
            p.pk, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, p.phone_text
        )
        if same_person(wanted, person, wanted_grams):
            found.append((p, bool(wanted.phone) and wanted.phone == person.phone))
    return found


def _e164(phone) -> str:
    return phone.as_e164 if hasattr(phone, "as_e164") else str(phone or "")


def suggest_duplicates(
    *, user, first_name, last_name, date_of_birth, phone, preferred_name="", exclude=None
) -> list[Participant]:
    """Records the user may see that may be this person, shown before enrolling them."""
    wanted = Person(0, first_name, last_name, preferred_name, date_of_birth, _e164(phone))
    visible = Participant.objects.visible_to(user)
    if exclude is not None:
        visible = visible.exclude(pk=exclude)
    return [p for p, _phone in _matches(visible, wanted)][:SUGGESTED]


def matches_of(participant: Participant) -> list[tuple[Participant, bool]]:
    """Every other live record of the participant's organization that may be the same
    person, with whether the phone is the reason (for the stored pairs, see `pairs`)."""
    wanted = Person(
        participant.pk,
        participant.first_name,
        participant.last_name,
        participant.preferred_name,
        participant.date_of_birth,
        _e164(participant.phone),
    )
    others = Participant.objects.filter(
        organization_id=participant.organization_id, merged_into__isnull=True
    ).exclude(pk=participant.pk)
    return _matches(others, wanted)


def _date_keys(day: date) -> list[tuple]:
    """Two birth dates are similar exactly when they share one of these keys: the year
    with the day and month as a pair, or YYYYMMDD with one digit blanked out (not the
    first two: 19xx and 20xx differ in both)."""
    iso = day.isoformat()
    digits = iso[:4] + iso[5:7] + iso[8:]
    keys = [(day.year, min(day.month, day.day), max(day.month, day.day))]
    keys += [(i, digits[:i] + digits[i + 1 :]) for i in range(2, 8)]
    return keys


def duplicate_pairs(queryset) -> list[tuple[Person, Person]]:
    """Every pair of records in `queryset` that may be one person: (newer, older),
    ordered by the newer record's name. One query; names are compared only between
    records that share a phone or a similar date of birth. (The stored pairs are rebuilt
    with this, see `pairs.rebuild_pairs`.)"""
    people = _people(queryset.order_by("last_name", "first_name", "id"))
    by_id = {person.pk: person for person in people}
    groups = defaultdict(list)
    for person in people:
        for key in _date_keys(person.date_of_birth):
            groups[key].append(person.pk)
        if person.phone:
            groups[person.phone].append(person.pk)
    candidates = set()
    for ids in groups.values():
        if len(ids) > 1:
            candidates.update(combinations(sorted(ids), 2))
    grams = {}
    pairs = []
    for old, new in candidates:
        a, b = by_id[old], by_id[new]
        if not (a.phone and a.phone == b.phone):
            if old not in grams:
                grams[old] = a.grams()
            if new not in grams:
                grams[new] = b.grams()
            if not names_match(grams[old], grams[new]):
                continue
        pairs.append((b.last_name, b.first_name, new, old))
    return [(by_id[new], by_id[old]) for *_, new, old in sorted(pairs)]
