from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.widgets import CheckboxGroup
from peerwell.participants.models import FamilyLink, FamilyMember

from .models import MAX_MINUTES, SUPPORT_KINDS, Contact

NO_SUPPORT_KIND = _("Choose at least one kind of support you gave.")
TOO_LONG = _(
    "A contact lasts at most 24 hours (1,440 minutes). Log longer work as several contacts."
)
IN_THE_FUTURE = _("The contact date cannot be in the future.")
FOLLOW_UP_IN_PAST = _("Choose a follow-up date from today on.")
NOT_THEIR_FAMILY = _("Choose the participant or one of the family members linked to them.")


CONTACT_CONFLICT = _(
    "Someone else saved this contact while you were editing it. Your changes are below but "
    "not saved: reload the page to see theirs, then save again."
)


class ContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    support = forms.MultipleChoiceField(
        label=_("Support given"),
        choices=SUPPORT_KINDS,
        widget=CheckboxGroup,
        error_messages={"required": NO_SUPPORT_KIND},
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        error_messages={"min_value": _("Enter the minutes the contact took (at least 1).")},
    )
    follow_up_date = forms.DateField(
        label=_("Follow up on"),
        required=False,
        help_text=_("Optional: puts a task on your follow-up list."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Contact
        fields = [
            "family_member",
            "kind",
            "contact_date",
            "start_time",
            "duration_minutes",
            "mode",
            "place",
            "notes",
        ]
        widgets = {
            "contact_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"notes": _("Stored encrypted.")}

    field_order = [
        "family_member",
        "kind",
        "support",
        "contact_date",
        "start_time",
        "duration_minutes",
        "mode",
        "place",
        "notes",
        "follow_up_date",
    ]

    def __init__(self, *args, participant, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Family support can be given to a linked family member, who is served in their
        # own right; only the participant's own linked family members are offered.
        links = list(
            FamilyLink.objects.visible_to(user)
            .filter(participant=participant)
            .select_related("family_member")
            .order_by("family_member__first_name", "family_member__last_name")
        )
        if not links:
            del self.fields["family_member"]
            return
        field = self.fields["family_member"]
        field.label = _("Who was served")
        field.queryset = FamilyMember.objects.visible_to(user).filter(
            pk__in=[link.family_member_id for link in links]
        )
        relationships = {link.family_member_id: link.relationship for link in links}
        field.label_from_instance = lambda member: (
            _("%(name)s (%(relationship)s)")
            % {
                "name": member,
                "relationship": relationships.get(member.pk, ""),
            }
        )
        field.empty_label = _("%(name)s (the participant)") % {"name": participant.display_name}
        field.error_messages["invalid_choice"] = NOT_THEIR_FAMILY

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes > MAX_MINUTES:
            raise forms.ValidationError(TOO_LONG, code="too_long")
        return minutes

    def clean_contact_date(self):
        day = self.cleaned_data["contact_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(IN_THE_FUTURE, code="future")
        return day

    def clean_follow_up_date(self):
        day = self.cleaned_data.get("follow_up_date")
        if day and day < timezone.localdate():
            raise forms.ValidationError(FOLLOW_UP_IN_PAST, code="past")
        return day
