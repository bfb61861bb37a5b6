from django import template
from phonenumber_field.phonenumber import PhoneNumber

from peerwell.core.signature import as_svg

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


@register.filter
def phone_display(number):
    """A phone number as people write it: (215) 555-0142 for US numbers, which is most
    of them, by slicing; anything else through the phone library's national format."""
    if number is None or number == "":
        return ""
    # str() and bool() on a PhoneNumber re-validate it; the stored E.164 text is enough.
    e164 = number if isinstance(number, str) else getattr(number, "raw_input", None) or str(number)
    if len(e164) == 12 and e164.startswith("+1"):
        return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    if isinstance(number, str):
        number = PhoneNumber.from_string(number)
    return number.as_national


@register.filter
def signature_svg(path, label):
    """A drawn signature as an inline image, labelled for screen readers."""
    return as_svg(path, label)
