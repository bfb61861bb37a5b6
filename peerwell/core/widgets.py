from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes in the design system's markup, each input with its own label; the
    field template wraps the group in a fieldset with a legend."""

    is_checkbox_group = True
    template_name = "widgets/checkbox_group.html"
    option_template_name = "django/forms/widgets/input.html"

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "class": "usa-checkbox__input"}
        return super().get_context(name, value, attrs)


class RadioGroup(forms.RadioSelect):
    """Radio buttons in the design system's markup; like `CheckboxGroup`, the field
    template wraps the group in a fieldset with a legend."""

    is_checkbox_group = True
    template_name = "widgets/radio_group.html"
    option_template_name = "django/forms/widgets/input.html"

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "class": "usa-radio__input"}
        return super().get_context(name, value, attrs)
