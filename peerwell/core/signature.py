"""A signature drawn on screen with a finger, stylus or mouse.

The pad (static/peerwell/signature.js) sends the strokes as SVG path data on a fixed
600 x 200 grid: "M x y" starts a stroke and "L x y" continues it, in whole numbers.
Only that grammar is accepted and it is written back out in one normal form, so a stored
signature can be drawn again as an inline SVG without trusting what the browser sent.
The typed name stays the signature of record; the drawing goes with it when there is one
(a pad cannot be used by keyboard, so it is never the only way to sign)."""

import re

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

WIDTH, HEIGHT = 600, 200
MAX_POINTS = 4000
MAX_LENGTH = MAX_POINTS * 12

# One command, matched only where the previous one ended. Possessive quantifiers never
# give back what they took, and numbers have at most six digits a side (the pad sends
# at most three), so a failed match costs no more than the run it stopped in and a
# number can never overflow a float.
_NUMBER = r"(-?\d{1,6}(?:\.\d{1,6})?)"
_COMMAND = re.compile(rf"\s*+([ML])\s*+{_NUMBER}[\s,]++{_NUMBER}")

DRAWING_LABEL = _("Their signature, drawn on the screen (optional)")
DRAWING_HELP = _(
    "Sign with a finger, stylus or mouse. The typed name is the signature when there is no drawing."
)
DRAWING_NEEDS_NAME = _("Type the participant's full name as well as the drawn signature.")
DRAWING_UNREADABLE = _("The drawn signature could not be read. Clear it and sign again.")
DRAWING_TOO_SHORT = _("The drawn signature is too short. Clear it and sign again.")


def normalize(data: str) -> str:
    """The path data in normal form, or "" for none; ValueError when it is not a
    signature drawn on the pad."""
    data = (data or "").strip()
    if not data:
        return ""
    if len(data) > MAX_LENGTH:
        raise ValueError("too long")
    if data[0] != "M":
        raise ValueError("a stroke must start with M")
    # Each step reads one command from where the last one ended, so the work is linear
    # in the length and stops at the first character that is not path data.
    commands, end = [], 0
    while end < len(data):
        match = _COMMAND.match(data, end)
        if match is None:
            raise ValueError("not path data")
        if len(commands) == MAX_POINTS:
            raise ValueError("too many points")
        end = match.end()
        command, x, y = match.group(1), round(float(match.group(2))), round(float(match.group(3)))
        if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
            raise ValueError("outside the pad")
        commands.append(f"{command}{x} {y}")
    return "".join(commands)


def point_count(path: str) -> int:
    return path.count("M") + path.count("L")


class SignaturePad(forms.HiddenInput):
    """A hidden input the pad writes to, drawn with a canvas and a "Clear" button. The
    field template gives it a visible label the canvas refers to."""

    template_name = "widgets/signature_pad.html"
    is_signature_pad = True

    @property
    def is_hidden(self):
        # Rendered with its label and errors, like any visible field.
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["width"], context["widget"]["height"] = WIDTH, HEIGHT
        context["widget"]["described_by"] = (attrs or {}).get("aria-describedby", "")
        return context


class SignatureField(forms.CharField):
    widget = SignaturePad

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            path = normalize(value)
        except ValueError:
            raise forms.ValidationError(DRAWING_UNREADABLE, code="invalid") from None
        if path and point_count(path) < 3:
            raise forms.ValidationError(DRAWING_TOO_SHORT, code="short")
        return path


def as_svg(path: str, label: str):
    """The drawing as an inline SVG image; nothing when there is none (or it is not in
    the normal form, which cannot happen to a value saved through the field)."""
    try:
        path = normalize(path)
    except ValueError:
        return ""
    if not path:
        return ""
    return format_html(
        '<svg class="pw-signature-image" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<path d="{}" fill="none" stroke="currentColor" stroke-width="3" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>',
        WIDTH,
        HEIGHT,
        label,
        path,
    )
