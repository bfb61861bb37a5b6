"""No count hidden in the network report can be worked out from the counts it shows."""

from itertools import product

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from peerwell.reports.suppression import protect_row

LANGUAGES = ("en", "es", "other")


def readings(shown: dict, threshold: int):
    """Every row a reader could believe from the row as shown: shown counts are exact,
    the languages add up to the total, and a hidden total is below the threshold (the
    page says so) but above zero (an organization with no one has no row)."""
    total = shown["total"]
    top = total if total is not None else threshold - 1
    hidden = [lang for lang in LANGUAGES if shown[lang] is None]
    known = sum(shown[lang] for lang in LANGUAGES if shown[lang] is not None)
    if not hidden:
        yield dict(shown)
        return
    # All hidden languages but the last are free; the last is what the total leaves.
    for values in product(range(top + 1), repeat=len(hidden) - 1):
        for last in [top - known - sum(values)] if total is not None else range(top + 1):
            row = {**shown, **dict(zip(hidden, [*values, last], strict=True))}
            row["total"] = sum(row[lang] for lang in LANGUAGES)
            if last >= 0 and (total is not None or 1 <= row["total"] < threshold):
                yield row


counts = st.integers(min_value=0, max_value=40)


# No deadline: the enumeration is exhaustive, and CI machines are shared.
@settings(deadline=None, max_examples=300)
@given(en=counts, es=counts, other=counts, threshold=st.integers(min_value=1, max_value=12))
def test_a_reader_cannot_narrow_any_hidden_count(en, es, other, threshold):
    parts = {"en": en, "es": es, "other": other}
    total = sum(parts.values())
    assume(total > 0)  # an organization with no participants has no row
    shown = protect_row(total, parts, threshold)
    truth = {"total": total, **parts}
    possible = list(readings(shown, threshold))
    assert truth in possible  # the reader's model of the page is right
    for key, value in shown.items():
        if value is not None:
            assert value == truth[key]  # what is shown is the true count
            assert value >= threshold  # and never a small one
            continue
        could_be = {row[key] for row in possible}
        # A hidden count could be anything "fewer than the threshold" allows, and more.
        floor = 1 if key == "total" else 0
        assert set(range(floor, threshold)) <= could_be, (shown, key, sorted(could_be))


@given(
    en=st.integers(min_value=11, max_value=500),
    es=st.integers(min_value=11, max_value=500),
    other=st.integers(min_value=11, max_value=500),
)
def test_a_row_without_small_counts_is_shown_whole(en, es, other):
    parts = {"en": en, "es": es, "other": other}
    total = en + es + other
    assert protect_row(total, parts, 11) == {"total": total, **parts}


def test_the_filed_example_hides_the_next_smallest_count_too():
    # 153 = 119 + 32 + 2: showing 119 and 32 would give the 2 by subtraction.
    shown = protect_row(153, {"en": 119, "es": 32, "other": 2}, 11)
    assert shown == {"total": 153, "en": 119, "es": None, "other": None}
