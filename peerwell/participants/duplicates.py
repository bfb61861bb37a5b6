"""Possible duplicate records: the same tolerant name matching as search (swapped first
and last names, a typo, either part of a hyphenated surname) and a similar date of birth
(the same, day and month swapped, or one digit off), or the same phone.

Reads only, always within `Participant.objects.visible_to(user)`: a suggestion never
names a record the user may not see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from peerwell.search.queries import MATCH_THRESHOLD, trigrams

from .models import Participant

FIELDS = ("id", "first_name", "last_name", "preferred_name", "date_of_birth", "phone")
SUGGESTED = 10


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
    """Either name holds the search threshold's share of the other's trigrams: "Maria
    Lopez" and "Lopez Maria", "Marai Lopez", "Maria Garcia-Lopez"."""
    if not a or not b:
        return False
    shared = len(a & b)
    return max(shared / len(a), shared / len(b)) >= MATCH_THRESHOLD


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


def suggest_duplicates(
    *, user, first_name, last_name, date_of_birth, phone, preferred_name="", exclude=None
) -> list[Participant]:
    """Records the user may see that may be this person, shown before enrolling them."""
    phone = phone.as_e164 if hasattr(phone, "as_e164") else str(phone or "")
    wanted = Person(0, first_name, last_name, preferred_name, date_of_birth, phone)
    nearby = Q(date_of_birth__in=date_variants(date_of_birth))
    if phone:
        nearby |= Q(phone=phone)
    visible = Participant.objects.visible_to(user)
    if exclude is not None:
        visible = visible.exclude(pk=exclude)
    candidates = (
        visible.filter(nearby)
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
            found.append(p)
    return found[:SUGGESTED]


def _date_keys(day: date) -> list[tuple]:
    """Two dates are similar exactly when they share one of these keys: the day and month
    as a set, or the YYYYMMDD digits with one position blanked out."""
    digits = f"{day:%Y%m%d}"
    keys = [("day and month", day.year, min(day.month, day.day), max(day.month, day.day))]
    keys += [(i, digits[:i] + digits[i + 1 :]) for i in range(len(digits))]
    return keys


def duplicate_pairs(*, user) -> list[tuple[Person, Person]]:
    """Every pair of records the user may see that may be one person, the older record
    second, pairs ordered by the first record's name. One query; names are compared only
    between records that share a phone or a similar date of birth."""
    people = _people(Participant.objects.visible_to(user).order_by("last_name", "first_name", "id"))
    groups: dict[tuple, list[Person]] = {}
    for person in people:
        for key in _date_keys(person.date_of_birth):
            groups.setdefault(key, []).append(person)
        if person.phone:
            groups.setdefault(("phone", person.phone), []).append(person)
    grams = {}
    pairs = set()
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pair = (min(a.pk, b.pk), max(a.pk, b.pk))
                if pair in pairs:
                    continue
                if a.phone and a.phone == b.phone:
                    pairs.add(pair)
                    continue
                if a.pk not in grams:
                    grams[a.pk] = a.grams()
                if b.pk not in grams:
                    grams[b.pk] = b.grams()
                if names_match(grams[a.pk], grams[b.pk]):
                    pairs.add(pair)
    by_id = {person.pk: person for person in people}
    # The newer record first (the likely duplicate), ordered by name.
    ordered = sorted(
        pairs, key=lambda pair: (by_id[pair[1]].last_name, by_id[pair[1]].first_name, pair)
    )
    return [(by_id[new], by_id[old]) for old, new in ordered]
