"""The public schedule's filters: kind, town, language, and "near me" by ZIP code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwell.navigation import zipcodes

from .models import EventKind, EventLanguage
from .public_schedule import DEFAULT_MILES, ScheduleQuery

MILES = [(5, _("5 miles")), (10, _("10 miles")), (25, _("25 miles")), (50, _("50 miles"))]
UNKNOWN_ZIP = _("We don't know the ZIP code “%(zip)s”. Check it, or leave it empty.")


class ScheduleFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        required=False,
        choices=[("", _("Any kind"))] + list(EventKind.choices),
    )
    town = forms.ChoiceField(label=_("Town"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[
            ("", _("Any language")),
            (EventLanguage.ENGLISH, _("English")),
            (EventLanguage.SPANISH, _("Spanish")),
        ],
    )
    zip_code = forms.CharField(
        label=_("Near ZIP code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    miles = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        choices=MILES,
        coerce=int,
        empty_value=DEFAULT_MILES,
        initial=DEFAULT_MILES,
    )

    def __init__(self, data=None, *, towns=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["town"].choices = [("", _("Any town"))] + [(t, t) for t in towns]
        # A filter link copied before a town's last event ended still shows the schedule.
        if data and data.get("town") and data["town"] not in towns:
            self.fields["town"].choices.append((data["town"], data["town"]))

    def clean_zip_code(self):
        text = self.cleaned_data["zip_code"].strip()
        if not text:
            return ""
        match = zipcodes.ZIP.match(text) if text.isascii() else None
        if match is None or zipcodes.centroid(match.group(1)) is None:
            raise forms.ValidationError(UNKNOWN_ZIP, params={"zip": text})
        return match.group(1)

    def query(self) -> ScheduleQuery:
        """The filters that are valid: an unknown ZIP code is left out (its error is shown)
        and the other filters still apply."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        zip_code = values.get("zip_code") or ""
        return ScheduleQuery(
            kind=values.get("kind") or "",
            town=values.get("town") or "",
            language=values.get("language") or "",
            origin=zipcodes.centroid(zip_code) if zip_code else None,
            miles=values.get("miles") or DEFAULT_MILES,
        )
