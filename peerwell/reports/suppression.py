"""Small-count suppression for de-identified tables.

A count below the threshold is hidden (primary suppression). Since each row's parts add
up to its total, hiding one part is not enough: the total minus the parts shown gives it
back. So more parts are hidden (complementary suppression), smallest first, until the
hidden parts are at least two and add up to at least the threshold. A reader then knows
only their sum, which could be split any way, and so learns nothing about any hidden part
beyond "fewer than the threshold". A total below the threshold hides the whole row.
"""


def protect_row(total: int, parts: dict[str, int], threshold: int) -> dict[str, int | None]:
    """One row's cells as shown: a count, or None where it is not shown."""
    if total < threshold:
        return {"total": None, **dict.fromkeys(parts)}
    hidden = {key for key, n in parts.items() if n < threshold}
    if hidden:
        for key in sorted(parts.keys() - hidden, key=parts.get):
            if len(hidden) >= 2 and sum(parts[k] for k in hidden) >= threshold:
                break
            hidden.add(key)
    return {"total": total, **{key: None if key in hidden else n for key, n in parts.items()}}
