"""What every page relies on: fields marked up for screen readers, phone numbers written
as people write them, the idle warning's timeout, each role's home page."""

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse
from phonenumber_field.phonenumber import PhoneNumber

from peerwell import testing
from peerwell.core.context_processors import shell
from peerwell.core.templatetags.peerwell import phone_display, usa_widget


class IntakeForm(forms.Form):
    name = forms.CharField(help_text="As they like it written.")
    pathway = forms.ChoiceField(choices=[("a", "A")])
    story = forms.CharField(widget=forms.Textarea)
    may_call = forms.BooleanField()


def test_a_field_with_help_and_an_error_is_linked_to_both():
    html = usa_widget(IntakeForm({})["name"])
    assert 'class="usa-input usa-input--error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html


def test_a_field_without_help_or_errors_gets_only_its_class():
    form = IntakeForm()
    assert usa_widget(form["story"]).startswith(
        '<textarea name="story" cols="40" rows="10" class="usa-textarea"'
    )
    html = usa_widget(form["pathway"])
    assert 'class="usa-select"' in html and "aria-" not in html
    assert 'class="usa-checkbox__input"' in usa_widget(form["may_call"])
    assert 'aria-describedby="id_name_helptext"' in usa_widget(form["name"])


@pytest.mark.parametrize(
    "number, shown",
    [
        ("+12155550142", "(215) 555-0142"),
        ("+442071838750", "020 7183 8750"),
        ("+33123456789", "01 23 45 67 89"),  # as long as a US number, but not one
        (PhoneNumber.from_string("+12155550142"), "(215) 555-0142"),
        (PhoneNumber.from_string("+442071838750"), "020 7183 8750"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_numbers_are_shown_as_people_write_them(number, shown):
    assert phone_display(number) == shown


@pytest.mark.django_db
def test_the_idle_warning_uses_the_organizations_timeout(org, peer, settings):
    org.idle_timeout_minutes = 7
    org.save()
    request = RequestFactory().get("/")
    request.user = peer
    assert shell(request)["idle_timeout_seconds"] == 7 * 60
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert shell(request)["idle_timeout_seconds"] == settings.SESSION_IDLE_DEFAULT_MINUTES * 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, home",
    [
        ("admin", "participant_list"),
        ("supervisor", "participant_list"),
        ("peer", "caseload"),
        ("funder", "network_report"),
        # A volunteer's hour starts on today's check-in calls.
        ("volunteer", "checkins_queue"),
    ],
)
def test_each_role_starts_on_its_own_page(as_user, org, role, home):
    response = as_user(testing.make_user(org, role)).get(reverse("home"))
    assert response["Location"] == reverse(home)


def test_the_health_check_says_ok_in_plain_text(client):
    response = client.get(reverse("healthz"))
    assert (response.content, response["Content-Type"]) == (b"ok", "text/plain")
