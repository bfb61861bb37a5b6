from django import forms
from django.utils.translation import gettext_lazy as _

from peerwell.search.forms import SHORT_PHONE
from peerwell.search.queries import MIN_PHONE_DIGITS, SearchTerm, parse_term

from .models import AuditAction


class _StaffChoices(forms.models.ModelChoiceIterator):
    """Reads the staff in one plain query: the default `.iterator()` opens a server-side
    cursor on PostgreSQL, several round trips for a list this short."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class StaffChoiceField(forms.ModelChoiceField):
    iterator = _StaffChoices

    def label_from_instance(self, obj):
        return obj.full_name


class AuditFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Participant"),
        help_text=_(
            "Name or phone number. Part of a name is enough, and small misspellings are all right."
        ),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # One participant's trail, from the link on their record (not shown in the form).
    participant = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    actor = StaffChoiceField(
        label=_("Staff member"), queryset=None, required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any"))] + list(AuditAction.choices)
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        # The options show only the name.
        self.fields["actor"].queryset = staff.only("pk", "full_name").order_by("full_name")

    def clean_name(self) -> SearchTerm | None:
        """The same tolerant match as participant search (search/queries.py)."""
        if not self.cleaned_data["name"].strip():
            return None
        term = parse_term(self.cleaned_data["name"])
        if term.kind == "phone" and len(term.text) < MIN_PHONE_DIGITS:
            raise forms.ValidationError(SHORT_PHONE, params={"digits": MIN_PHONE_DIGITS})
        return term
