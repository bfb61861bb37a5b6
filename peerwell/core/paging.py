"""Paging without a total, for lists that only grow (the audit trail): counting every
row for "Page N of M" costs more with each page anyone views, so these pages fetch one
row more than they show to know whether an older page exists, and say "Page N"."""


class UncountedPage:
    """Quacks like django.core.paginator.Page for includes/pagination.html."""

    def __init__(self, rows: list, number: int, per_page: int):
        self.number = number
        self.has_next_page = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.counted = False

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def uncounted_page(queryset, number, per_page: int) -> UncountedPage:
    """The `number`-th page (1 for anything that is not a positive whole number)."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:  # past the end: show the first page rather than nothing
        return uncounted_page(queryset, 1, per_page)
    return UncountedPage(rows, number, per_page)
