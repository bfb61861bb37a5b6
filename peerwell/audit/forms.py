from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class AuditFilterForm(forms.Form):
    participant = forms.IntegerField(label=_("Participant number"), required=False, min_value=1)
    actor = StaffChoiceField(
        label=_("Staff member"), queryset=None, required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any"))] + list(AuditAction.choices)
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = staff.order_by("full_name")
