from django import template

register = template.Library()

WIDGET_CLASSES = {
    "select": "usa-select",
    "textarea": "usa-textarea",
    "checkbox": "usa-checkbox__input",
}


@register.filter
def usa_widget(field):
    """Renders a form field's widget with the design system's class and, when it has
    errors, the error class and a link from the input to its message."""
    css = WIDGET_CLASSES.get(field.widget_type, "usa-input")
    attrs = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["class"] += " usa-input--error"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
