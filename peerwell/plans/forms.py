from django import forms
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from peerwell.core.signature import DRAWING_HELP, DRAWING_LABEL, SignatureField
from peerwell.core.widgets import RadioGroup

from .actions import PLAN_FIELDS
from .models import DIMENSION_HELP, NOW_FIELDS, REVIEW_AFTER, Dimension, Goal, WellnessPlan, Who

PLAN_CONFLICT = _(
    "Someone else saved this plan while you were editing it. Your changes are below but "
    "not saved: open the plan in a new tab to see theirs, then save again."
)
EMPTY_GOAL = _("Write the goal in their words, or tick “Remove” to take it off the plan.")
STEP_BEFORE_PLAN = _("A step cannot be due before the plan began (%(date)s). Choose a later date.")
NAME_SOMEONE_ELSE = _("Give the name of the person who will do this step.")
EMPTY_STEP = _("Say what the step is.")
AGREED_NAME_REQUIRED = _("Type the participant's full name as their agreement.")
AGREED_IN_FUTURE = _("The date agreed cannot be in the future.")
REVIEW_BEFORE_START = _("The review date cannot be before the plan began (%(date)s).")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _started_message(message, started_on):
    return message % {"date": formats.date_format(started_on)}


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reviewed = forms.BooleanField(
        label=_("We reviewed the plan together today (the next review is in 90 days)"),
        required=False,
    )

    class Meta:
        model = WellnessPlan
        fields = ["started_on", *PLAN_FIELDS]
        labels = {
            "strengths": _("Strengths"),
            **{
                field: format_lazy(
                    _("{dimension}: where they are now, in their words"),
                    dimension=Dimension(dimension).label,
                )
                for dimension, field in NOW_FIELDS.items()
            },
            "barriers": _("Barriers"),
            "triggers": _("Triggers"),
            "warning_signs": _("Early warning signs"),
            "what_helps": _("What helps"),
            "people_to_call": _("People to call, with their numbers"),
            "support_wanted": _("The support they want from the program"),
            "started_on": _("Plan started on"),
            "review_on": _("Review the plan on"),
        }
        help_texts = {
            "strengths": _("What they are good at, what they have, who is on their side."),
            **{field: DIMENSION_HELP[dimension] for dimension, field in NOW_FIELDS.items()},
            "review_on": _("Usually 90 days after the start or the last review."),
        }
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in PLAN_FIELDS[:-1]},
            "started_on": DateInput(),
            "review_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_on"].required = False
        if self.instance.pk:
            # The start is fixed once the plan exists: its steps are dated from it.
            del self.fields["started_on"]
        else:
            del self.fields["reviewed"]
            self.fields["started_on"].initial = timezone.localdate()

    def plan_start(self):
        if self.instance.pk:
            return self.instance.started_on
        return self.cleaned_data.get("started_on")

    def clean(self):
        data = super().clean()
        started, review = self.plan_start(), data.get("review_on")
        if "review_on" in data and not review:
            # Left empty: 90 days after the start, or the date it already had.
            review = data["review_on"] = self.instance.review_on or (
                started + REVIEW_AFTER if started else None
            )
        if started and review and review < started:
            self.add_error("review_on", _started_message(REVIEW_BEFORE_START, started))
        return data


class GoalForm(forms.Form):
    goal_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": EMPTY_GOAL},
    )


# A blank extra row is not saved; a goal emptied on purpose is an error (EMPTY_GOAL).
GoalFormSet = forms.formset_factory(GoalForm, extra=1, can_delete=True)


def goal_formsets(data, plan: WellnessPlan | None, goals=()):
    """One goal formset per dimension, in the dimensions' order."""
    formsets = []
    for dimension in Dimension:
        initial = [{"goal_id": g.pk, "text": g.text} for g in goals if g.dimension == dimension]
        formset = GoalFormSet(data, initial=initial, prefix=dimension.value)
        formset.dimension = dimension
        formset.help = DIMENSION_HELP[dimension]
        for form in formset:
            form.fields["DELETE"].label = _("Remove this goal")
        formsets.append(formset)
    return formsets


def goals_from(formsets) -> list[tuple]:
    """(id or None, dimension, text) of every goal kept, in order."""
    goals = []
    for formset in formsets:
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("text") or data.get("DELETE"):
                continue
            goals.append((data.get("goal_id"), formset.dimension.value, data["text"]))
    return goals


class StepForm(forms.Form):
    goal = forms.ModelChoiceField(label=_("For the goal"), queryset=Goal.objects.none())
    what = forms.CharField(
        label=_("What"), max_length=1000, error_messages={"required": EMPTY_STEP}
    )
    who = forms.ChoiceField(
        label=_("Who"), choices=Who.choices, widget=RadioGroup, initial=Who.PARTICIPANT
    )
    who_name = forms.CharField(
        label=_("Their name, when someone else does it"), max_length=200, required=False
    )
    due_on = forms.DateField(
        label=_("By when (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("A step with a date appears on your follow-up list."),
    )

    def __init__(self, *args, plan, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        field = self.fields["goal"]
        field.queryset = goals
        field.label_from_instance = lambda g: f"{g.get_dimension_display()}: {g.text}"

    def clean_due_on(self):
        return _not_before_start(self.cleaned_data.get("due_on"), self.plan.started_on)

    def clean(self):
        data = super().clean()
        if data.get("who") == Who.OTHER and not data.get("who_name", "").strip():
            self.add_error("who_name", NAME_SOMEONE_ELSE)
        return data


def _not_before_start(day, started_on):
    if day and day < started_on:
        raise forms.ValidationError(
            STEP_BEFORE_PLAN, code="before_plan", params={"date": formats.date_format(started_on)}
        )
    return day


class RescheduleForm(forms.Form):
    due_on = forms.DateField(label=_("New date"), widget=DateInput())

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step

    def clean_due_on(self):
        return _not_before_start(self.cleaned_data["due_on"], self.step.plan_started_on)


class AgreeForm(forms.Form):
    name = forms.CharField(
        label=_("Participant's agreement (their typed full name)"),
        max_length=200,
        error_messages={"required": AGREED_NAME_REQUIRED},
    )
    drawing = SignatureField(label=DRAWING_LABEL, help_text=DRAWING_HELP)
    agreed_on = forms.DateField(label=_("Date agreed"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(AGREED_NAME_REQUIRED, code="required")
        return name

    def clean_agreed_on(self):
        day = self.cleaned_data["agreed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(AGREED_IN_FUTURE, code="future")
        return day
