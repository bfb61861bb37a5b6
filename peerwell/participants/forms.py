from django import forms
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from peerwell.core.signature import (
    DRAWING_HELP,
    DRAWING_LABEL,
    DRAWING_NEEDS_NAME,
    SignatureField,
    SignaturePad,
)
from peerwell.core.widgets import CheckboxGroup, DateInput
from peerwell.orgs.models import Role, User

from .models import (
    NEXT_STATUSES,
    DischargeReason,
    FamilyMember,
    Participant,
    Pathway,
    ReferralSource,
    Stage,
    Status,
)

DOB_IN_FUTURE = _("Date of birth cannot be in the future.")
DOB_TOO_OLD = _("Please check the year: that date of birth is more than 120 years ago.")
PHONE_INVALID = _("Enter a phone number we can call, like 555-201-4433.")


class PeerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


EDIT_CONFLICT = _(
    "Someone else saved this record while you were editing it. Your changes are below but "
    "not saved: open the record in a new tab to see theirs, then save again."
)


OWN_PATHWAY_NEEDED = _("Describe their own pathway in their words, or clear that choice.")
CONSENT_DATE_NEEDED = _("Give the date the consent to services was signed.")
CONSENT_DATE_FUTURE = _("The consent date cannot be in the future.")


# Grouped on the page, in the order a conversation at intake goes.
INTAKE_FIELDSETS = [
    (
        _("About them"),
        [
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "language",
            "other_languages",
        ],
    ),
    (
        _("How to reach them"),
        [
            "phone",
            "may_call",
            "may_text",
            "may_email",
            "safe_times",
            "voicemail_may_mention_program",
            "text_may_mention_program",
            "email",
            "address",
            "emergency_contact",
            "emergency_contact_phone",
        ],
    ),
    (_("Recovery"), ["pathways", "own_pathway", "stage", "referral_source"]),
    (
        _("Consent to receive services"),
        ["services_consent_name", "services_consent_drawing", "services_consent_date"],
    ),
    (_("Our work together"), ["assigned_peer", "notes"]),
]


class ParticipantForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        region="US",
        error_messages={"invalid": PHONE_INVALID},
    )
    emergency_contact_phone = PhoneNumberField(
        label=_("Emergency contact phone"),
        required=False,
        region="US",
        error_messages={"invalid": PHONE_INVALID},
    )
    pathways = forms.MultipleChoiceField(
        label=_("Recovery pathways"),
        choices=Pathway.choices,
        required=False,
        widget=CheckboxGroup,
        help_text=_("Every pathway they use. Peers support all of them."),
    )

    fieldsets = INTAKE_FIELDSETS

    class Meta:
        model = Participant
        fields = [name for _legend, names in INTAKE_FIELDSETS for name in names]
        widgets = {
            "date_of_birth": DateInput(),
            "services_consent_date": DateInput(),
            # A text column underneath; the pad, not a text box, writes it.
            "services_consent_drawing": SignaturePad,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {
            "assigned_peer": PeerChoiceField,
            "services_consent_drawing": SignatureField,
        }
        help_texts = {
            "safe_times": _("For example: weekdays after 5pm, never at work."),
            "services_consent_name": _("The participant types their full name to sign."),
            "services_consent_drawing": DRAWING_HELP,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_peer"].queryset = User.objects.assignable_by(user)
        self.fields["assigned_peer"].empty_label = _("Not assigned yet")
        self.fields["notes"].help_text = _("Stored encrypted.")
        self.fields["services_consent_drawing"].label = DRAWING_LABEL
        self.fields["address"].help_text = _("Optional. Stored encrypted.")
        self.fields["stage"].choices = [("", _("Not recorded"))] + list(Stage.choices)
        self.fields["referral_source"].choices = [("", _("Not recorded"))] + list(
            ReferralSource.choices
        )
        if user.role == Role.PEER and not self.instance.pk:
            self.fields["assigned_peer"].initial = user.pk
        if not self.instance.pk:
            self.fields["services_consent_date"].initial = timezone.localdate()
        self.fields["version"].initial = self.instance.version

    def grouped(self):
        """(legend, bound fields) for each fieldset, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if dob > today:
            raise forms.ValidationError(DOB_IN_FUTURE, code="future")
        if dob.year < today.year - 120:
            raise forms.ValidationError(DOB_TOO_OLD, code="too_old")
        return dob

    def clean(self):
        data = super().clean()
        if Pathway.OWN in data.get("pathways", []) and not data.get("own_pathway"):
            self.add_error("own_pathway", OWN_PATHWAY_NEEDED)
        signed_on = data.get("services_consent_date")
        if data.get("services_consent_drawing") and not data.get("services_consent_name"):
            self.add_error("services_consent_name", DRAWING_NEEDS_NAME)
        if data.get("services_consent_name") and not signed_on:
            self.add_error("services_consent_date", CONSENT_DATE_NEEDED)
        if signed_on and signed_on > timezone.localdate():
            self.add_error("services_consent_date", CONSENT_DATE_FUTURE)
        return data


ALREADY_THEIRS = _("They are already on %(peer)s's caseload. Choose another peer specialist.")


class AssignForm(forms.Form):
    assigned_peer = PeerChoiceField(queryset=User.objects.none(), label=_("Peer specialist"))

    def __init__(self, *args, user, current_peer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_peer"].queryset = User.objects.assignable_by(user)
        self.current_peer = current_peer

    def clean_assigned_peer(self):
        peer = self.cleaned_data["assigned_peer"]
        if self.current_peer is not None and peer == self.current_peer:
            raise forms.ValidationError(ALREADY_THEIRS % {"peer": peer.full_name})
        return peer


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


class ParticipantChoices(forms.ModelMultipleChoiceField):
    """Each participant with what helps choose who moves: language and last contact."""

    def label_from_instance(self, obj):
        last = obj.last_contact
        when = dateformat.format(last, get_format("SHORT_DATE_FORMAT")) if last else _("never")
        return format_html(
            '{}<span class="usa-checkbox__label-description">{} · {}</span>',
            f"{obj.last_name}, {obj.preferred_name or obj.first_name}",
            obj.get_language_display(),
            _("Last contact: %(date)s") % {"date": when},
        )


class RebalanceForm(forms.Form):
    participants = ParticipantChoices(
        label=_("Participants to move"),
        queryset=Participant.objects.none(),
        widget=CheckboxGroup,
        error_messages={"required": _("Choose at least one participant to move.")},
    )
    to_peer = PeerChoiceField(label=_("Move them to"), queryset=User.objects.none())

    def __init__(self, *args, participants, peers, source=None, select_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["participants"].queryset = participants.with_contact_summary().order_by(
            "last_name", "first_name", "id"
        )
        self.fields["to_peer"].queryset = peers
        if select_all and not self.is_bound:
            # "Select all" without scripts: the page again, every box ticked.
            self.fields["participants"].widget.attrs["checked"] = True

    def clean_to_peer(self):
        peer = self.cleaned_data["to_peer"]
        if peer == self.source:
            raise forms.ValidationError(ALREADY_THEIRS % {"peer": peer.full_name})
        return peer


class FamilyMemberForm(forms.ModelForm):
    relationship = forms.CharField(
        label=_("Relationship to the participant"),
        max_length=60,
        help_text=_("For example: mother, partner, son."),
    )
    phone = PhoneNumberField(
        label=_("Phone"), required=False, region="US", error_messages={"invalid": PHONE_INVALID}
    )

    class Meta:
        model = FamilyMember
        fields = ["first_name", "last_name", "phone", "email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notes": _("Stored encrypted.")}

    field_order = ["first_name", "last_name", "relationship", "phone", "email", "notes"]


FAMILY_EDIT_CONFLICT = _(
    "Someone else saved this family member's details while you were editing them. Your "
    "changes are below but not saved: open the page in a new tab to see theirs, then save "
    "again."
)


class FamilyMemberDetailsForm(FamilyMemberForm):
    """The family member's own details; relationships belong to each link."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["relationship"]
        self.fields["version"].initial = self.instance.version


class FamilyLinkForm(forms.Form):
    relationship = forms.CharField(
        label=_("Relationship to the participant"),
        max_length=60,
        help_text=_("For example: mother, partner, son."),
        error_messages={"required": _("Say how they are related to the participant.")},
    )
