"""Forms of enrolment in check-ins, the public "Request a call", and the rules."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from peerwell.core.widgets import CheckboxGroup, DateInput, RadioGroup
from peerwell.participants.forms import PHONE_INVALID

from .models import (
    DAYS_PER_CADENCE,
    Cadence,
    CallRequest,
    Channel,
    CheckInRules,
    Enrolment,
)

# US time zones by the name people know them by; the IANA name is what is stored.
US_TIME_ZONES = [
    ("America/New_York", _("Eastern (New York)")),
    ("America/Chicago", _("Central (Chicago)")),
    ("America/Denver", _("Mountain (Denver)")),
    ("America/Phoenix", _("Arizona (Phoenix, no daylight saving)")),
    ("America/Los_Angeles", _("Pacific (Los Angeles)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic (Puerto Rico, Virgin Islands)")),
    ("Pacific/Guam", _("Chamorro (Guam, Northern Mariana Islands)")),
    ("Pacific/Pago_Pago", _("Samoa (American Samoa)")),
]

DAY_LABELS = [
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
    ("saturday", _("Saturday")),
    ("sunday", _("Sunday")),
]

# What a person sees for bad input (tests import these).
WINDOW_ORDER = _("The end of the call window must be after its start.")
ENDS_BEFORE_START = _("The last call cannot be before the first one.")
ONE_DAY = _("Choose one call day for calls every week or every two weeks.")
TWO_DAYS = _("Choose two call days for calls twice a week.")
NO_PHONE = _(
    "There is no phone number we can dial for them. Add one to their details first, "
    "then enrol them."
)
NO_TEXTS = _("They have not agreed to texts. Choose phone calls, or record their consent first.")
TOO_MANY_REQUESTS = _("Too many requests from here; please call us or try again later.")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class EnrolmentForm(forms.ModelForm):
    """Enrol a person in check-ins, or change their enrolment. `may_text` and `phone`
    are the person's: texts only for those who agreed, a call only to a number we can
    dial."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    days = forms.MultipleChoiceField(
        label=_("Call days"),
        choices=DAY_LABELS,
        widget=CheckboxGroup,
        help_text=_("One day for every week or every two weeks; two days for twice a week."),
        error_messages={"required": _("Choose the day or days to call.")},
    )
    time_zone = forms.ChoiceField(label=_("Their time zone"), choices=US_TIME_ZONES)

    class Meta:
        model = Enrolment
        fields = [
            "cadence",
            "channel",
            "window_start",
            "window_end",
            "time_zone",
            "language",
            "caller_preference",
            "safety_notes",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "cadence": RadioGroup,
            "channel": RadioGroup,
            "window_start": TimeInput,
            "window_end": TimeInput,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "safety_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "window_start": _("Call from"),
            "window_end": _("Call until"),
        }
        help_texts = {
            "window_start": _("The earliest time to call, in their own time zone."),
            "window_end": _("The latest time to start a call."),
            "safety_notes": _(
                "What a caller must know before dialling, e.g. only call the cell. Stored "
                "encrypted; shown to whoever takes the call."
            ),
            "ends_on": _("Leave empty to keep calling until someone ends the calls."),
        }

    field_order = ["cadence", "days", "channel", "window_start", "window_end", "time_zone"]

    def __init__(self, *args, may_text: bool, phone, **kwargs):
        super().__init__(*args, **kwargs)
        self.phone = phone
        self.fields["cadence"].choices = Cadence.choices
        if not may_text:
            # Text check-ins are offered only to people who agreed to texts.
            self.fields["channel"].choices = [(Channel.CALL, Channel.CALL.label)]
            self.fields["channel"].help_text = _(
                "Text check-ins are offered when their record says we may text them."
            )
        else:
            self.fields["channel"].choices = Channel.choices
        self.may_text = may_text
        zones = dict(US_TIME_ZONES)
        if self.instance.time_zone not in zones:  # a zone saved before this list existed
            self.fields["time_zone"].choices = [
                (self.instance.time_zone, self.instance.time_zone),
                *US_TIME_ZONES,
            ]
        self.fields["caller_preference"].required = False
        if self.instance.pk:
            self.fields["days"].initial = self.instance.call_days
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["time_zone"].initial = settings.TIME_ZONE
            self.fields["starts_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", WINDOW_ORDER)
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", ENDS_BEFORE_START)
        cadence, days = data.get("cadence"), data.get("days")
        if cadence and days and len(days) != DAYS_PER_CADENCE[Cadence(cadence)]:
            self.add_error("days", TWO_DAYS if cadence == Cadence.TWICE_WEEKLY else ONE_DAY)
        if not (self.phone and self.phone.is_valid()):
            self.add_error("channel", NO_PHONE)
        elif data.get("channel") == Channel.TEXT and not self.may_text:
            self.add_error("channel", NO_TEXTS)
        return data

    def values(self) -> dict:
        """The plain values the actions take."""
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields} | {"days": data["days"]}


class ReasonForm(forms.Form):
    """Pause, resume, end, close: each with an optional reason."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why close it without enrolling?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: wrong number, already enrolled, changed their mind."),
        error_messages={"required": _("Say why, in a few words.")},
    )


class PauseForm(ReasonForm):
    until = forms.DateField(
        label=_("Pause until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty to pause until someone resumes the calls."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until and until < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today on."))
        return until


class CallRequestForm(forms.ModelForm):
    """The public "Request a call" form. `website` is a trap for robots: hidden from
    people and screen readers, so only a program filling every field fills it."""

    phone = PhoneNumberField(
        label=_("Phone number"), region="US", error_messages={"invalid": PHONE_INVALID}
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = CallRequest
        fields = ["first_name", "phone", "best_times", "language", "may_text"]
        labels = {
            "first_name": _("Your first name"),
            "best_times": _("Best days and times to call you"),
            "language": _("Language you would like to talk in"),
            "may_text": _("You may text me at this number"),
        }
        help_texts = {
            "first_name": _("Only your first name, or any name you like us to use."),
            "best_times": _("For example: weekday mornings, or Tuesday after 5pm."),
            "may_text": _("We would only text to arrange the call."),
        }

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class RulesForm(forms.ModelForm):
    class Meta:
        model = CheckInRules
        fields = [
            "max_attempts",
            "retry_days",
            "unreached_limit",
            "low_rating_drop",
            "recurrence_hours",
            "crisis_minutes",
            "on_call_number",
            "reminder_texts",
        ]
        help_texts = {
            "retry_days": _("A call not reached is tried again within this many days."),
            "unreached_limit": _("Then the person's peer gets an outreach task."),
            "low_rating_drop": _(
                "A self-rating (1 to 5) this many points below their recent average flags "
                "the call for their peer."
            ),
            "on_call_number": _("Shown to callers on the crisis screen."),
            "reminder_texts": _("Only to people who agreed to texts."),
        }

    # The same ranges the database holds, with a message rather than an error page.
    RANGES = {
        "max_attempts": (1, 10),
        "retry_days": (1, 7),
        "unreached_limit": (1, 20),
        "low_rating_drop": (1, 4),
        "recurrence_hours": (1, 168),
        "crisis_minutes": (5, 1440),
    }

    on_call_number = PhoneNumberField(
        label=_("On-call number"),
        required=False,
        region="US",
        error_messages={"invalid": PHONE_INVALID},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in self.RANGES.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)

    def values(self) -> dict:
        return dict(self.cleaned_data)
