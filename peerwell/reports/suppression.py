"""Small-count suppression for de-identified tables."""


def protect_row(total: int, parts: dict[str, int], threshold: int) -> dict[str, int | None]:
    """One row's cells as shown: a count, or None where it is not shown."""
    shown = {"total": total, **parts}
    return {key: n if n >= threshold else None for key, n in shown.items()}
