"""The form for one administration: the date, then one radio group per item, built from
the instrument's definition. Items may be left blank (saved as incomplete)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.widgets import DateInput, RadioGroup

from .instruments import Instrument
from .scoring import OUT_OF_SCALE

FUTURE_DATE = _("The date cannot be in the future.")
PREFIX = "item_"


class AdministrationForm(forms.Form):
    administered_on = forms.DateField(label=_("Date"), widget=DateInput)
    timepoint = forms.CharField(
        label=_("Timepoint"),
        required=False,
        max_length=60,
        help_text=_("For example: Intake, 30 days, 6 months."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("administered_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(str(c.value), f"{c.value} · {c.label}") for c in instrument.scale]
        for number, item in enumerate(instrument.items, start=1):
            self.fields[PREFIX + item.id] = forms.ChoiceField(
                label=f"{number}. {item.text}",
                required=False,
                choices=choices,
                widget=RadioGroup,
                error_messages={"invalid_choice": OUT_OF_SCALE},
            )

    def clean_administered_on(self):
        day = self.cleaned_data["administered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE_DATE)
        return day

    @property
    def item_fields(self):
        return [self[PREFIX + item.id] for item in self.instrument.items]

    @property
    def missing(self) -> int:
        """How many items were left blank in what was sent."""
        if not self.is_bound:
            return 0
        return sum(1 for item in self.instrument.items if not self.data.get(PREFIX + item.id))

    def answers(self) -> dict:
        return {item.id: self.cleaned_data.get(PREFIX + item.id) for item in self.instrument.items}
