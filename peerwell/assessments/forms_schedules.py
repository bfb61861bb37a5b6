from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peerwell.consents.forms import RECIPIENT_CHOICE_REQUIRED, recipient_choices
from peerwell.core.widgets import CheckboxGroup, RadioGroup
from peerwell.orgs.models import User

from .models import ScheduleRule
from .schedules import RULE_FIELDS, window_problem

PURPOSE_REQUIRED = _("Say what the provider will use the assessment for.")


class DueFilterForm(forms.Form):
    """A supervisor's list: everyone's, or one peer's caseload."""

    peer = forms.ModelChoiceField(
        label=_("Caseload of"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = User.objects.assignable_by(user).only("full_name")


class ScheduleChoiceForm(forms.Form):
    schedules = forms.MultipleChoiceField(
        label=_("Schedules this organization uses"),
        required=False,
        widget=CheckboxGroup,
    )

    def __init__(self, *args, shipped, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedules"].choices = [
            (key, gettext(schedule.name)) for key, schedule in shipped.items()
        ]


class DaysInput(forms.NumberInput):
    def __init__(self):
        super().__init__(attrs={"min": 0, "max": 9999, "inputmode": "numeric"})


class WindowForm(forms.ModelForm):
    """A timepoint's day and window; one that makes no sense is refused, saying why."""

    class Meta:
        model = ScheduleRule
        fields = list(RULE_FIELDS)
        labels = {
            "offset_days": _("Falls this many days after intake or discharge"),
            "window_before": _("Days early that still count"),
            "window_after": _("Days late that still count"),
            "repeat_days": _("Then again every (days)"),
        }
        help_texts = {"repeat_days": _("Leave empty for a timepoint that happens once.")}
        widgets = {name: DaysInput() for name in RULE_FIELDS}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            problem = window_problem(**{name: cleaned.get(name) for name in RULE_FIELDS})
            if problem:
                raise forms.ValidationError(problem, code="window")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}


class ExportForm(forms.Form):
    # Any value is accepted here: `consents.actions.disclose` is what checks that a valid
    # consent names this recipient and covers assessments, and says so when none does.
    recipient = forms.CharField(
        label=_("Provider"),
        max_length=200,
        widget=RadioGroup,
        help_text=_(
            "Only recipients named on the participant's valid consents that cover "
            "assessments are offered."
        ),
        error_messages={"required": RECIPIENT_CHOICE_REQUIRED},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": PURPOSE_REQUIRED},
    )

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].widget.choices = recipient_choices(consents)
        self.fields["recipient"].widget.attrs.pop("maxlength", None)

    @property
    def has_recipients(self) -> bool:
        return bool(self.fields["recipient"].widget.choices)
