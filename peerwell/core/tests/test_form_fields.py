"""The shared form fields, made inside each test: forms declare them once at import, so
the pages' tests alone could not notice a change in how they are built."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

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
    # In Spanish too: the browser's picker reads only the ISO form.
    with translation.override("es"):
        assert 'value="2026-01-05"' in DateInput().render("signed_on", date(2026, 1, 5))


def test_the_information_field_offers_the_kinds_peerwell_holds_as_checkboxes():
    class Form(forms.Form):
        information = information_field("What may be disclosed")

    field = Form().fields["information"]
    assert field.label == "What may be disclosed"
    with translation.override("en"):
        offered = [(value, str(label)) for value, label in field.choices]
    assert offered == [
        ("contact", "Contact details"),
        ("service_log", "Service log summary"),
        ("wellness_plan", "Wellness plan"),
        ("assessments", "Assessments"),
        ("referrals", "Referral details"),
        ("whole_record", "The whole record"),
    ]
    assert isinstance(field.widget, CheckboxGroup)
    empty = Form({})
    assert empty.errors["information"] == [str(INFORMATION_REQUIRED)]
    assert Form({"information": ["contact", "service_log"]}).is_valid()
    # Only the kinds Peerwell keeps are offered; now that it keeps referrals, all are.
    assert not Form({"information": ["criminal_history"]}).is_valid()
    assert [value for value, _ in field.choices] == Information.values


def test_the_pads_edges_are_on_the_pad():
    from peerwell.core.signature import HEIGHT, WIDTH, normalize

    assert normalize(f"M0 0L{WIDTH} {HEIGHT}L0.4 {HEIGHT}.4") == f"M0 0L{WIDTH} {HEIGHT}L0 {HEIGHT}"
    for outside in (f"M0 0L{WIDTH + 1} 0", f"M0 0L0 {HEIGHT + 1}", "M-1 0L1 1"):
        with pytest.raises(ValueError):
            normalize(outside)


def test_the_most_points_a_pad_sends_are_taken_and_one_more_is_not():
    from peerwell.core.signature import MAX_POINTS, normalize

    most = "M1 1" + "L2 2" * (MAX_POINTS - 1)
    assert len(normalize(most)) == len("M1 1") + len("L2 2") * (MAX_POINTS - 1)
    with pytest.raises(ValueError):
        normalize(most + "L3 3")


@pytest.mark.parametrize("data", ["M1 1 x L2 2", "M1 1L2 2 junk", "M1 1L2"])
def test_text_between_or_after_the_strokes_is_refused(data):
    from peerwell.core.signature import normalize

    with pytest.raises(ValueError):
        normalize(data)


def test_the_signature_pad_is_drawn_at_the_pads_size_and_described():
    from peerwell.core.signature import SignaturePad

    html = SignaturePad().render(
        "drawing", "M1 1L2 2L3 3", attrs={"id": "id_drawing", "aria-describedby": "id_help"}
    )
    assert '<canvas class="pw-signature__pad" width="600" height="200" role="img"' in html
    assert 'aria-labelledby="id_drawing_label" aria-describedby="id_help"' in html
    assert 'name="drawing" id="id_drawing" value="M1 1L2 2L3 3"' in html
    assert "aria-describedby" not in SignaturePad().render("drawing", "", attrs={"id": "d"})


def test_a_stored_drawing_is_shown_as_this_exact_image():
    from peerwell.core.signature import as_svg

    assert as_svg("M1 1L2 2L3 3", "Drawn signature") == (
        '<svg class="pw-signature-image" viewBox="0 0 600 200" role="img" '
        'aria-label="Drawn signature"><path d="M1 1L2 2L3 3" fill="none" '
        'stroke="currentColor" stroke-width="3" stroke-linecap="round" '
        'stroke-linejoin="round"/></svg>'
    )
    assert as_svg("", "Drawn signature") == "" and as_svg("<b>", "Drawn signature") == ""


def test_checkbox_groups_use_the_design_systems_checkboxes():
    html = CheckboxGroup(choices=[("contact", "Contact"), ("referrals", "Referrals")]).render(
        "information", ["referrals"], attrs={"id": "id_information"}
    )
    assert html.count('class="usa-checkbox__input"') == 2
    chosen = 'value="referrals" id="id_information_1" class="usa-checkbox__input" checked'
    assert f'name="information" {chosen}' in html
