from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.widgets import CheckboxGroup
from peerwell.participants.models import FamilyLink, FamilyMember

from .models import MAX_MINUTES, SUPPORT_HELP, SUPPORT_KINDS, Contact, Outcome

NO_SUPPORT_KIND = _("Choose at least one kind of support you gave.")
TOO_LONG = _(
    "A contact lasts at most 24 hours (1,440 minutes). Log longer work as several contacts."
)
IN_THE_FUTURE = _("The contact date cannot be in the future.")
BEFORE_BIRTH = _("The contact date cannot be before %(name)s was born (%(date)s).")
BEFORE_ENROLLMENT = _("The contact date cannot be before %(name)s enrolled (%(date)s).")
REASON_NEEDS_DATE = _("Choose the date to follow up on, or leave what to follow up on empty.")
NO_MINUTES = _("Enter the minutes the contact took (at least 1).")
FOLLOW_UP_IN_PAST = _("Choose a follow-up date from today on.")
NOT_THEIR_FAMILY = _("Choose the participant or one of the family members linked to them.")


CONTACT_CONFLICT = _(
    "Someone else saved this contact while you were editing it. Your changes are below but "
    "not saved: reload the page to see theirs, then save again."
)


class ContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Required when the peer reached the person (see clean); an attempt gives none.
    support = forms.MultipleChoiceField(
        label=_("Support given"),
        choices=SUPPORT_KINDS,
        widget=CheckboxGroup(descriptions=SUPPORT_HELP),
        required=False,
        help_text=_("When you reached them: choose every kind you gave."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        required=False,
        help_text=_("When you reached them."),
        error_messages={"min_value": NO_MINUTES},
    )
    follow_up_date = forms.DateField(
        label=_("Follow up on"),
        required=False,
        help_text=_("Optional: puts a task on your follow-up list."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    follow_up_reason = forms.CharField(
        label=_("What to follow up on"),
        required=False,
        max_length=300,
        help_text=_("Shown on your follow-up list, e.g. ask how the housing interview went."),
    )

    class Meta:
        model = Contact
        fields = [
            "family_member",
            "kind",
            "outcome",
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
        help_texts = {
            "notes": _("Stored encrypted."),
            "outcome": _(
                "An attempt (no answer, a voicemail, a wrong number, a missed meeting) shows "
                "on the timeline but does not count as contact: support and minutes are "
                "left out."
            ),
        }

    field_order = [
        "family_member",
        "kind",
        "outcome",
        "support",
        "contact_date",
        "start_time",
        "duration_minutes",
        "mode",
        "place",
        "notes",
        "follow_up_date",
        "follow_up_reason",
    ]

    def __init__(self, *args, participant, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["outcome"].required = False
        if self.instance.pk:
            # Follow-ups are set when logging; an edit changes the contact only.
            del self.fields["follow_up_date"], self.fields["follow_up_reason"]
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

    def clean_outcome(self):
        # A form posted without the question (an older page still open) logged a contact.
        return self.cleaned_data.get("outcome") or Outcome.REACHED

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes and minutes > MAX_MINUTES:
            raise forms.ValidationError(TOO_LONG, code="too_long")
        return minutes

    def clean_contact_date(self):
        day = self.cleaned_data["contact_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(IN_THE_FUTURE, code="future")
        # An edit that keeps the date is not refused: a merge may have brought the
        # contact from a record enrolled earlier.
        if self.instance.pk and day == self.instance.contact_date:
            return day
        person = self.participant
        enrolled = timezone.localdate(person.created_at)
        for limit, message, code in (
            (person.date_of_birth, BEFORE_BIRTH, "before_birth"),
            (enrolled, BEFORE_ENROLLMENT, "before_enrollment"),
        ):
            if day < limit:
                raise forms.ValidationError(
                    message,
                    code=code,
                    params={"name": person.display_name, "date": formats.date_format(limit)},
                )
        return day

    def clean(self):
        data = super().clean()
        if (
            data.get("follow_up_reason")
            and not data.get("follow_up_date")
            and ("follow_up_date" not in self.errors)
        ):
            self.add_error("follow_up_date", forms.ValidationError(REASON_NEEDS_DATE, code="date"))
        if data.get("outcome", Outcome.REACHED) != Outcome.REACHED:
            # An attempt gave no service: whatever was ticked or typed is not kept.
            data["support"] = []
            data["duration_minutes"] = None
            for name in ("support", "duration_minutes"):
                self.errors.pop(name, None)
            return data
        if "support" in data and not data["support"]:
            self.add_error("support", forms.ValidationError(NO_SUPPORT_KIND, code="required"))
        if "duration_minutes" in data and data["duration_minutes"] is None:
            self.add_error("duration_minutes", forms.ValidationError(NO_MINUTES, code="required"))
        return data

    def clean_follow_up_date(self):
        day = self.cleaned_data.get("follow_up_date")
        if day and day < timezone.localdate():
            raise forms.ValidationError(FOLLOW_UP_IN_PAST, code="past")
        return day

    def clean_follow_up_reason(self):
        return self.cleaned_data.get("follow_up_reason", "").strip()
