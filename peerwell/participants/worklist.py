"""The caseload as a work list: which people it shows and in which order."""

from urllib.parse import urlencode

from django import forms
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Status

# (field, where empty dates go when ascending), per sort. "follow_up" puts the most
# urgent first: the earliest next follow-up (overdue ones on top), then whoever has gone
# longest without contact. "last_contact" puts the longest without contact first, the
# never contacted on top. Descending, empty dates go last. Names break ties.
NAME_ORDER = [("last_name", None), ("first_name", None), ("id", None)]
ORDERS = {
    "name": NAME_ORDER,
    "follow_up": [("next_follow_up", "last"), ("last_contact", "first"), *NAME_ORDER],
    "last_contact": [("last_contact", "first"), *NAME_ORDER],
}
SORT_CHOICES = [
    ("name", _("Name, A to Z")),
    ("-name", _("Name, Z to A")),
    ("follow_up", _("Most urgent first")),
    ("-follow_up", _("Latest follow-up first")),
    ("last_contact", _("Longest without contact first")),
    ("-last_contact", _("Most recent contact first")),
]
STATUS_CHOICES = [
    ("current", _("Active and inactive")),
    *Status.choices,
    ("all", _("All, discharged included")),
]


# The rendered fields per (language, status, sort): bounded by the valid choices.
_RENDERED = {}


def ordering(sort: str):
    """The ORDER BY terms for a sort, and whether it needs the contact dates."""
    key = sort.removeprefix("-")
    if key not in ORDERS:
        key, sort = "name", "name"
    if sort.startswith("-"):
        order = [F(f).desc(nulls_last=bool(empty) or None) for f, empty in ORDERS[key]]
    else:
        order = [
            F(f).asc(nulls_first=empty == "first" or None, nulls_last=empty == "last" or None)
            for f, empty in ORDERS[key]
        ]
    return order, key != "name"


class WorkListForm(forms.Form):
    """The list's filter and sort, from the query string; a bad value falls back to the
    default (and says so under the field)."""

    # Not "required": each has a default, so the labels need no "(required)".
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        required=False,
        help_text=_("Most urgent: overdue follow-ups first, then the longest without contact."),
    )

    def __init__(self, query, *, default_status):
        self.defaults = {"status": default_status, "sort": "name"}
        super().__init__({k: query.get(k) or v for k, v in self.defaults.items()})

    def choice(self) -> dict:
        self.is_valid()
        return {k: self.cleaned_data.get(k) or v for k, v in self.defaults.items()}

    def sort_headers(self) -> dict:
        """Per sortable column: the link that sorts by it (the other way round when it is
        the current sort) and its aria-sort state."""
        choice = self.choice()
        current = choice["sort"]
        headers = {}
        for key in ORDERS:
            state = {key: "ascending", f"-{key}": "descending"}.get(current, "")
            following = f"-{key}" if current == key else key
            headers[key] = {
                "href": "?" + urlencode({"status": choice["status"], "sort": following}),
                "aria_sort": state,
                "arrow": {"ascending": "▲", "descending": "▼"}.get(state, ""),
            }
        return headers

    def as_fields(self):
        """The filter's fields, rendered once per language and choice: the same few dozen
        combinations come back on every page view, and rendering two selects through the
        widget templates cost more than the list's queries. A bad value (which shows an
        error under its field) is rendered afresh."""
        if not self.is_valid():
            return render_to_string("includes/fields.html", {"form": self})
        key = (get_language(), self.data["status"], self.data["sort"])
        if key not in _RENDERED:
            _RENDERED[key] = render_to_string("includes/fields.html", {"form": self})
        return _RENDERED[key]

    def query(self) -> str:
        """The filter and sort as a query string, for the pages' links."""
        return urlencode(self.choice())
