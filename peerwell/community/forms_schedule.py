"""The schedule's forms: a site, a van, an event (with how it repeats), and one date
cancelled or moved. They validate and hand over cleaned data; the actions write."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.widgets import DateInput
from peerwell.participants.models import Pathway

from . import recurrence
from .models import PLANNER_ROLES, EventKind, EventLanguage, LifeSkill, Site, SiteKind, Van

EDIT_CONFLICT = _(
    "Someone else saved this while you were editing it. Their changes are kept; yours are "
    "below: check them and save again."
)
REPEATS = [
    ("once", _("Once")),
    ("weekly", _("Every week")),
    ("biweekly", _("Every other week")),
    ("monthly", _("Monthly, on the same weekday (for example the first Tuesday)")),
    ("advanced", _("Another rule (advanced, below)")),
]
SITE_FIELDS = (
    "name",
    "kind",
    "street",
    "city",
    "state",
    "postal_code",
    "latitude",
    "longitude",
    "time_zone",
    "partner_contact",
    "partner_phone",
    "agreement_note",
    "accessibility_notes",
    "active",
)
EVENT_FIELDS = (
    "title",
    "kind",
    "life_skill",
    "pathway",
    "description",
    "site",
    "van",
    "facilitator",
    "language",
    "capacity",
    "accessibility_notes",
    "is_public",
    "first_date",
    "starts_at",
    "ends_at",
    "sessions_to_complete",
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class SiteForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Site
        fields = SITE_FIELDS
        widgets = {
            "agreement_note": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "latitude": _("Leave empty to use the middle of the ZIP code's area."),
            "time_zone": _("Events here are scheduled in this zone, for example America/New_York."),
            "partner_contact": _("Partner sites: who to call there."),
            "agreement_note": _("Partner sites: what was agreed (room, days, insurance)."),
        }

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["kind"].choices = SiteKind.choices

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        try:
            recurrence.check_zone(name)
        except recurrence.BadEvent as error:
            raise forms.ValidationError(str(error)) from error
        return name

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data

    def validate_unique(self):
        # The organization is not a form field: the name's uniqueness is checked by hand.
        name = self.cleaned_data.get("name")
        if name and self.organization is not None:
            others = Site.objects.filter(organization=self.organization, name__iexact=name)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("name", _("Another site already has this name."))


class VanForm(forms.Form):
    name = forms.CharField(label=_("Name of the van"), max_length=100)


def facilitators(user):
    """Active staff of the user's organization who can run an event (not funders)."""
    return (
        get_user_model()
        .objects.filter(
            organization_id=user.organization_id,
            is_active=True,
            role__in=["admin", "supervisor", "peer", "volunteer"],
        )
        .order_by("full_name", "id")
    )


def is_certified_peer(person, on_date) -> bool:
    """A certified peer for an All Recovery Meeting: a peer specialist, supervisor or
    admin by role, or anyone holding a certification that has not expired by then."""
    from .models import Certification

    if person.role in PLANNER_ROLES:
        return True
    return Certification.objects.filter(holder=person, expires_on__gte=on_date).exists()


class EventForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    life_skill = forms.ChoiceField(
        label=_("Class topic"),
        choices=[("", _("Not a life-skills class"))] + LifeSkill.choices,
        required=False,
    )
    pathway = forms.ChoiceField(
        label=_("Pathway"),
        choices=[("", _("Every pathway"))] + Pathway.choices,
        required=False,
        help_text=_("Support groups: the pathway it is for."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    van = forms.ModelChoiceField(
        label=_("Van"),
        queryset=Van.objects.none(),
        required=False,
        empty_label=_("No van"),
        help_text=_("Pop-up centers at a van stop: the van cannot be at two stops at once."),
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("An All Recovery Meeting is led by a certified peer."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=EventLanguage.choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000, required=False)
    accessibility_notes = forms.CharField(
        label=_("Accessibility"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_public = forms.BooleanField(label=_("Show on the public schedule"), required=False)
    first_date = forms.DateField(label=_("First date"), widget=DateInput)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    repeat = forms.ChoiceField(label=_("How it repeats"), choices=REPEATS)
    ends_on = forms.DateField(
        label=_("Last date"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty, with no number of sessions, to go on with no end."),
    )
    count = forms.IntegerField(
        label=_("Or a number of sessions"), min_value=1, max_value=500, required=False
    )
    rule = forms.CharField(
        label=_("Advanced: an RFC 5545 rule"),
        max_length=300,
        required=False,
        help_text=_("For example FREQ=MONTHLY;BYDAY=1TU,3TU (the first and third Tuesday)."),
    )
    sessions_to_complete = forms.IntegerField(
        label=_("Sessions to complete"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Classes: how many sessions someone attends to complete it (5 of 6)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(active=True)
        self.fields["van"].queryset = Van.objects.visible_to(user).filter(active=True)
        self.fields["facilitator"].queryset = facilitators(user)

    def clean_rule(self):
        return self.cleaned_data["rule"].strip().upper().removeprefix("RRULE:")

    def clean(self):
        data = super().clean()
        if not self.errors:
            self._check_schedule(data)
            self._check_kind(data)
        return data

    def _check_schedule(self, data):
        if data["repeat"] == "advanced":
            if not data["rule"]:
                self.add_error("rule", _("Write the rule, or choose how it repeats above."))
                return
            rule = data["rule"]
        else:
            rule = recurrence.build_rule(
                data["repeat"], data["first_date"], ends_on=data["ends_on"], count=data["count"]
            )
        if data["ends_on"] and data["ends_on"] < data["first_date"]:
            self.add_error("ends_on", _("The last date is before the first date."))
            return
        try:
            recurrence.check_event(
                first_date=data["first_date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                rule=rule,
            )
        except recurrence.BadEvent as error:
            field = "ends_at" if data["ends_at"] <= data["starts_at"] else None
            if field is None:
                field = "rule" if data["repeat"] == "advanced" else "repeat"
            self.add_error(field, str(error))
            return
        data["built_rule"] = rule

    def _check_kind(self, data):
        if data["life_skill"] and data["kind"] != EventKind.LIFE_SKILLS:
            self.add_error("life_skill", _("A class topic is only for life-skills classes."))
        person = data.get("facilitator")
        if (
            data["kind"] == EventKind.ALL_RECOVERY
            and person is not None
            and not is_certified_peer(person, data.get("first_date") or timezone.localdate())
        ):
            self.add_error(
                "facilitator",
                _(
                    "An All Recovery Meeting is led by a certified peer: %(name)s is not a "
                    "peer specialist and holds no current certification."
                )
                % {"name": person.full_name},
            )


def event_initial(event) -> dict:
    """The form's values for an existing event: its rule read back into the simple
    choices when it is one of them, or the advanced field otherwise."""
    initial = {name: getattr(event, name) for name in EVENT_FIELDS}
    initial["version"] = event.version
    initial["repeat"], initial["rule"] = "advanced", event.rule
    if not event.rule:
        initial["repeat"], initial["rule"] = "once", ""
        return initial
    parts = dict(p.partition("=")[::2] for p in event.rule.split(";"))
    ends_on = None
    if "UNTIL" in parts:
        try:
            from datetime import datetime

            ends_on = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
        except ValueError:
            return initial
    count = int(parts["COUNT"]) if parts.get("COUNT", "").isdigit() else None
    for repeat in ("weekly", "biweekly", "monthly"):
        if recurrence.build_rule(repeat, event.first_date, ends_on=ends_on, count=count) == (
            event.rule
        ):
            initial.update(repeat=repeat, rule="", ends_on=ends_on, count=count)
            break
    return initial


class ChangeForm(forms.Form):
    """One date cancelled, or moved to another date and time."""

    original_date = forms.DateField(label=_("The date it was due"), widget=DateInput)
    what = forms.ChoiceField(
        label=_("What happens"),
        choices=[("cancel", _("Cancelled")), ("move", _("Moved to another date or time"))],
    )
    new_date = forms.DateField(label=_("New date"), widget=DateInput, required=False)
    new_starts_at = forms.TimeField(label=_("New start time"), widget=TimeInput, required=False)
    new_ends_at = forms.TimeField(label=_("New end time"), widget=TimeInput, required=False)
    note = forms.CharField(
        label=_("Note for the public"),
        max_length=200,
        required=False,
        help_text=_("Shown beside the date, for example “Holiday”."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        data = super().clean()
        day = data.get("original_date")
        if day is not None:
            try:
                recurrence.check_change_date(self.event, day)
            except recurrence.BadEvent as error:
                self.add_error("original_date", str(error))
            else:
                if self.event.changes.filter(original_date=day).exists():
                    self.add_error(
                        "original_date",
                        _("This date is already cancelled or moved: put it back first."),
                    )
        if data.get("what") == "move":
            for name in ("new_date", "new_starts_at", "new_ends_at"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("A moved date needs its new date and times."))
            start, end = data.get("new_starts_at"), data.get("new_ends_at")
            if start and end and end <= start:
                self.add_error("new_ends_at", _("The new end time is before the start time."))
        return data


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Every kind"))] + EventKind.choices, required=False
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("Every site")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user)
