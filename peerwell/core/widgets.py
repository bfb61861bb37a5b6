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

    def __init__(self, attrs=None, choices=(), descriptions=None):
        super().__init__(attrs, choices)
        # A short help text per choice, shown under it and read with it (aria-describedby).
        self.descriptions = descriptions or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        description = self.descriptions.get(value)
        if description:
            option["description"] = description
            option["attrs"] = {
                **option["attrs"],
                "aria-describedby": f"{option['attrs']['id']}_hint",
            }
        return option

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
