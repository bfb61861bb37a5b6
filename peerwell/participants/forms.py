from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from peerwell.orgs.models import Role, User

from .models import NEXT_STATUSES, DischargeReason, Participant, Status

DOB_IN_FUTURE = _("Date of birth cannot be in the future.")
DOB_TOO_OLD = _("Please check the year: that date of birth is more than 120 years ago.")


class DateInput(forms.DateInput):
    input_type = "date"


class PeerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


EDIT_CONFLICT = _(
    "Someone else saved this record while you were editing it. Your changes are below but "
    "not saved: open the record in a new tab to see theirs, then save again."
)


class ParticipantForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        region="US",
        error_messages={"invalid": _("Enter a phone number we can call, like 555-201-4433.")},
    )

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "phone",
            "language",
            "assigned_peer",
            "notes",
        ]
        widgets = {
            "date_of_birth": DateInput(format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"assigned_peer": PeerChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_peer"].queryset = User.objects.assignable_by(user)
        self.fields["assigned_peer"].empty_label = _("Not assigned yet")
        self.fields["notes"].help_text = _("Stored encrypted.")
        if user.role == Role.PEER and not self.instance.pk:
            self.fields["assigned_peer"].initial = user.pk
        self.fields["version"].initial = self.instance.version

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if dob > today:
            raise forms.ValidationError(DOB_IN_FUTURE, code="future")
        if dob.year < today.year - 120:
            raise forms.ValidationError(DOB_TOO_OLD, code="too_old")
        return dob


class AssignForm(forms.Form):
    assigned_peer = PeerChoiceField(queryset=User.objects.none(), label=_("Peer specialist"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_peer"].queryset = User.objects.assignable_by(user)


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this record now?"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your reason is recorded with your name and the time, and supervisors see it."),
        error_messages={
            "required": _("Give a reason for opening this record."),
            "min_length": _("Describe the reason in a few words (at least 10 characters)."),
        },
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(
        label=_("Reason for discharge"),
        required=False,
        choices=[("", _("Not a discharge"))] + list(DischargeReason.choices),
    )

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s.value, s.label) for s in NEXT_STATUSES[Status(participant.status)]
        ]
