"""The directory entry form: a service's main fields, one address, one phone, its weekly
hours (or an RFC 5545 rule), languages and needs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwell.core.widgets import CheckboxGroup

from .hours import DAYS
from .models import Need, Schedule, ServiceStatus
from .opening import BadRule, check_rule

SERVICE_CONFLICT = _(
    "Someone else saved this entry while you were editing it. Their changes are kept; "
    "yours are below: check them against the entry and save again."
)
# The languages a peer is most often asked for; the code is what search matches on.
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ar", _("Arabic")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("ko", _("Korean")),
    ("tl", _("Tagalog")),
    ("fr", _("French")),
    ("pl", _("Polish")),
    ("ase", _("American Sign Language")),
]
RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYWEEKNO", "BYYEARDAY", "WKST", "COUNT"}
SERVICE_FIELDS = (
    "name",
    "description",
    "eligibility_description",
    "application_process",
    "fees_description",
    "url",
    "email",
    "status",
    "alert",
)
ADDRESS_FIELDS = ("address_1", "city", "state_province", "postal_code")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def rule_columns(text: str) -> dict:
    """ "FREQ=MONTHLY;BYDAY=2TU" -> the HSDS schedule columns, or ValueError."""
    columns = {}
    for part in filter(None, text.replace(" ", "").upper().removeprefix("RRULE:").split(";")):
        key, _sep, value = part.partition("=")
        if key not in RULE_PARTS or not value:
            raise ValueError(key or part)
        if key in ("INTERVAL", "COUNT"):
            if not value.isdigit():
                raise ValueError(key)
            value = int(value)
        columns[key.lower()] = value
    if "freq" not in columns:
        raise ValueError("FREQ")
    return columns


class ServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organization_name = forms.CharField(
        label=_("Organization"),
        max_length=300,
        help_text=_("Who provides it. A new name adds the organization to the directory."),
    )
    name = forms.CharField(label=_("Name of the service"), max_length=300)
    description = forms.CharField(
        label=_("What it offers"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    eligibility_description = forms.CharField(
        label=_("Who is eligible"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    application_process = forms.CharField(
        label=_("How to apply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fees_description = forms.CharField(label=_("Fees"), required=False, max_length=1000)
    url = forms.URLField(label=_("Website"), required=False, max_length=500, assume_scheme="https")
    email = forms.EmailField(label=_("Email"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    alert = forms.CharField(
        label=_("Alert"),
        required=False,
        help_text=_("Something people must know now, such as a temporary closure."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    address_1 = forms.CharField(label=_("Street"), required=False, max_length=300)
    city = forms.CharField(label=_("City"), required=False, max_length=200)
    state_province = forms.CharField(label=_("State"), required=False, max_length=100)
    postal_code = forms.RegexField(
        label=_("ZIP code"),
        required=False,
        regex=r"^\d{5}(-\d{4})?$",
        error_messages={"invalid": _("A ZIP code is 5 digits, like 07102.")},
    )
    days = forms.MultipleChoiceField(
        label=_("Open on"), required=False, choices=list(DAYS.items()), widget=CheckboxGroup
    )
    opens_at = forms.TimeField(label=_("Opens at"), required=False, widget=TimeInput)
    closes_at = forms.TimeField(label=_("Closes at"), required=False, widget=TimeInput)
    rule = forms.CharField(
        label=_("Or a recurrence rule"),
        required=False,
        max_length=200,
        help_text=_(
            "For hours that are not the same every week, an RFC 5545 rule such as "
            "FREQ=MONTHLY;BYDAY=2TU (the second Tuesday of each month). It replaces the days."
        ),
    )
    hours_description = forms.CharField(label=_("Hours in words"), required=False, max_length=500)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=LANGUAGES, widget=CheckboxGroup
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs it helps with"), required=False, choices=Need.choices, widget=CheckboxGroup
    )

    def clean(self):
        data = super().clean()
        given = [name for name in ADDRESS_FIELDS if data.get(name)]
        if given and len(given) < len(ADDRESS_FIELDS):
            for name in ADDRESS_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the whole address, or none of it."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if (opens is None) != (closes is None):
            self.add_error("closes_at" if opens else "opens_at", _("Give both times."))
        elif opens is not None and opens == closes:
            self.add_error("closes_at", _("It cannot close when it opens."))
        data["schedule"] = self._schedule(data)
        return data

    def _schedule(self, data):
        """The HSDS schedule columns the hours make, or None for no hours."""
        text = (data.get("rule") or "").strip()
        columns = {}
        if text:
            try:
                columns = rule_columns(text)
            except ValueError as error:
                self.add_error(
                    "rule", _("“%(part)s” is not a part of a rule here.") % {"part": error}
                )
                return None
        elif data.get("days"):
            columns = {"freq": "WEEKLY", "byday": ",".join(data["days"])}
        if not columns and data.get("opens_at") is None and not data.get("hours_description"):
            return None
        if columns and data.get("opens_at") is None and "opens_at" not in self.errors:
            self.add_error("opens_at", _("Give the opening time for these days."))
        columns.update(
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            description=data.get("hours_description", ""),
        )
        try:
            check_rule(Schedule(**columns))
        except BadRule as error:
            self.add_error("rule" if text else "days", str(error))
        return columns
