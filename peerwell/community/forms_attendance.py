"""Forms for attendance: starting a session, its head count and notes, and the door's
public check-in form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

TOO_MANY_CHECK_INS = _(
    "Too many check-ins from here just now. Please tell the person at the door that you came."
)
NAME_AND_PHONE = _("Give your first name and your phone number, or choose “Just count me”.")


class StartSessionForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the meeting"),
        help_text=_("The date it was due on, even if it was moved."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Choose the date of the meeting.")},
    )


class SessionForm(forms.Form):
    head_count = forms.IntegerField(
        label=_("How many people came"),
        help_text=_("Everyone in the room, known or not, including the people signed in."),
        min_value=0,
        max_value=9999,
        error_messages={
            "required": _("Enter how many people came (0 if nobody came)."),
            "min_value": _("The head count cannot be below 0."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "pw-count-input"}),
    )
    notes = forms.CharField(
        label=_("Session notes"),
        help_text=_("Kept encrypted. Write nothing here that names a participant."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DoorCheckInForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    phone = PhoneNumberField(
        label=_("Phone number"),
        required=False,
        region="US",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"invalid": _("Enter a phone number we could call, like 973-555-0142.")},
    )
    # A trap for robots: hidden from people, filled by scripts.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, just_count=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.just_count = just_count

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        if self.just_count:
            return data
        if not data.get("first_name", "").strip() or not data.get("phone"):
            if not self.errors:
                raise forms.ValidationError(NAME_AND_PHONE)
        return data
