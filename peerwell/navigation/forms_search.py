from django import forms
from django.utils.translation import gettext_lazy as _

from . import zipcodes
from .models import Need
from .search import DirectoryQuery

MILES = (5, 10, 25, 50)
DEFAULT_MILES = 10
# Languages spoken in New Jersey's directories most often, by ISO 639-1 code.
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ht", _("Haitian Creole")),
    ("pl", _("Polish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ko", _("Korean")),
    ("gu", _("Gujarati")),
    ("hi", _("Hindi")),
    ("ru", _("Russian")),
    ("tl", _("Tagalog")),
    ("vi", _("Vietnamese")),
]
UNKNOWN_ZIP = _("We don't know the ZIP code %(zip)s. Check it, or search without distance.")
NO_ZIP = _(
    "We could not find a ZIP code in this address. Add it (5 digits), or enter a ZIP code alone."
)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        help_text=_("A name, or what the service does: “food pantry”, “GED”."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    need = forms.ChoiceField(
        label=_("Need"), choices=[("", _("Any need")), *Need.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language spoken"), choices=[("", _("Any language")), *LANGUAGES], required=False
    )
    near = forms.CharField(
        label=_("Near (ZIP code or address)"),
        max_length=200,
        required=False,
        # Where the person being helped is: not for the browser to fill with the peer's own.
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    miles = forms.TypedChoiceField(
        label=_("Within"),
        choices=[(m, _("%(miles)s miles") % {"miles": m}) for m in MILES],
        coerce=int,
        initial=DEFAULT_MILES,
        empty_value=DEFAULT_MILES,
        required=False,
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    # The referral flow: "Find a service" from a participant's page. Only passed on, and
    # dropped (not an error the peer could not see or fix) when it is not an id.
    participant = forms.CharField(max_length=20, required=False, widget=forms.HiddenInput)

    def clean_participant(self) -> int | None:
        value = self.cleaned_data["participant"].strip()
        return int(value) if value.isdigit() and int(value) > 0 else None

    def clean_near(self):
        text = " ".join(self.cleaned_data["near"].split())
        if not text:
            return None
        zip_code = zipcodes.find_zip(text)
        if zip_code is None:
            raise forms.ValidationError(NO_ZIP, code="no_zip")
        origin = zipcodes.centroid(zip_code)
        if origin is None:
            raise forms.ValidationError(UNKNOWN_ZIP, code="unknown_zip", params={"zip": zip_code})
        return origin

    def query(self) -> DirectoryQuery:
        data = self.cleaned_data
        return DirectoryQuery(
            words=data["q"],
            need=data["need"],
            language=data["language"],
            open_now=data["open_now"],
            origin=data["near"],
            miles=data["miles"] or DEFAULT_MILES,
        )
