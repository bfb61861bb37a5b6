"""The shared form fields, made inside each test: forms declare them once at import, so
the pages' tests alone could not notice a change in how they are built."""

from datetime import date

import pytest
from django import forms

from peerwell.consents.forms import INFORMATION_REQUIRED, information_field
from peerwell.consents.models import Information
from peerwell.core.signature import DRAWING_TOO_SHORT, MAX_LENGTH, SignatureField
from peerwell.core.widgets import CheckboxGroup, DateInput


def test_a_drawn_signature_is_optional_stripped_and_bounded():
    field = SignatureField()
    assert (field.required, field.max_length, field.strip) == (False, MAX_LENGTH, True)
    assert field.clean("  ") == ""
    assert SignatureField(required=True).required is True


def test_three_points_make_a_signature_and_two_do_not():
    field = SignatureField()
    assert field.clean("M10 10 L20 20 L30 10") == "M10 10L20 20L30 10"
    with pytest.raises(forms.ValidationError) as error:
        field.clean("M10 10 L20 20")
    assert error.value.messages == [str(DRAWING_TOO_SHORT)]


def test_a_date_input_is_the_browsers_date_picker_in_iso_form():
    html = DateInput(attrs={"max": "2026-12-31"}).render("signed_on", date(2026, 1, 5))
    assert 'type="date"' in html and 'value="2026-01-05"' in html and 'max="2026-12-31"' in html


def test_the_information_field_offers_every_kind_as_checkboxes():
    class Form(forms.Form):
        information = information_field("What may be disclosed")

    field = Form().fields["information"]
    assert field.label == "What may be disclosed"
    assert list(field.choices) == list(Information.choices)
    assert isinstance(field.widget, CheckboxGroup)
    empty = Form({})
    assert empty.errors["information"] == [str(INFORMATION_REQUIRED)]
    assert Form({"information": ["contact", "referrals"]}).is_valid()
