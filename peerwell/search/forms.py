from django import forms
from django.utils.translation import gettext_lazy as _

from .queries import MIN_PHONE_DIGITS, SearchTerm, parse_term

EMPTY_TERM = _("Enter a name or a phone number.")
SHORT_PHONE = _("Enter at least %(digits)s digits of the phone number.")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or phone number"),
        help_text=_("Part of a name is enough, and small misspellings are all right."),
        max_length=100,
        error_messages={"required": EMPTY_TERM},
        # The term is a name: the browser need not remember it.
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> SearchTerm:
        term = parse_term(self.cleaned_data["q"])
        if term.kind == "phone" and len(term.text) < MIN_PHONE_DIGITS:
            if not term.text:
                raise forms.ValidationError(EMPTY_TERM)
            raise forms.ValidationError(SHORT_PHONE, params={"digits": MIN_PHONE_DIGITS})
        return term
