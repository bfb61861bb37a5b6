"""Forms of the volunteers' pages: hours, their review and totals, certifications, and
the instrumental help given. They validate and hand over cleaned data to the actions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.widgets import DateInput

from .models import HelpKind, Program

FUTURE_DATE = _("The date is in the future: log it once it has happened.")
EXPIRES_BEFORE_ISSUE = _("The expiry date must come after the date it was issued.")
NO_TIME = _("Enter how long you worked: hours, minutes or both.")


class HoursForm(forms.Form):
    worked_on = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=24, initial=0)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=59, initial=0)
    program = forms.ChoiceField(label=_("Program"), choices=Program.choices)
    what = forms.CharField(label=_("What you did"), max_length=200)

    def clean_worked_on(self):
        day = self.cleaned_data["worked_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE_DATE)
        return day

    def clean(self):
        data = super().clean()
        total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        if "hours" in data and "minutes" in data:
            if total < 1:
                raise forms.ValidationError(NO_TIME)
            if total > 24 * 60:
                self.add_error("minutes", _("A day has 24 hours at most."))
        data["total_minutes"] = total
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why they go back"),
        max_length=200,
        error_messages={"required": _("Say why the hours go back, so they can be corrected.")},
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class CertificationForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("Who holds it"), queryset=None)
    name = forms.CharField(label=_("Certification"), max_length=200)
    issuing_body = forms.CharField(label=_("Issued by"), max_length=200)
    number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput())
    ce_hours_required = forms.DecimalField(
        label=_("Continuing-education hours needed"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        initial=0,
    )
    ce_hours_done = forms.DecimalField(
        label=_("Continuing-education hours done"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        initial=0,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = staff
        self.fields["holder"].label_from_instance = lambda user: user.full_name or user.email

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", EXPIRES_BEFORE_ISSUE)
        return data


class ExpiringForm(forms.Form):
    within = forms.TypedChoiceField(
        label=_("Show"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", _("All certifications")),
            (30, _("Expiring within 30 days")),
            (60, _("Expiring within 60 days")),
            (90, _("Expiring within 90 days")),
        ],
    )


class HelpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of help"), choices=HelpKind.choices)
    quantity = forms.IntegerField(label=_("How many"), min_value=1, max_value=1000, initial=1)
    given_on = forms.DateField(label=_("Date"), widget=DateInput())
    site = forms.ModelChoiceField(label=_("Where"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    # Only asked when the help is for a participant: their service log needs a length.
    minutes = forms.IntegerField(
        label=_("Minutes spent with them"), min_value=1, max_value=24 * 60, required=False
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE_DATE)
        return day


class FindParticipantForm(forms.Form):
    # Sent in a POST body, like the participant search, so names stay out of addresses.
    name = forms.CharField(label=_("Participant's name or phone"), max_length=100)
