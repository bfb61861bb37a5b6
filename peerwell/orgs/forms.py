from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ORGANIZATION_ROLE_CHOICES, Organization, User

SIGN_IN_FAILED = _(
    "That email and password did not match an active account. Check them and try again."
)
CODE_NOT_ACCEPTED = _(
    "That code was not accepted. Enter the current 6-digit code from your app, or an "
    "unused recovery code."
)


def wait_before_next_code(seconds: int) -> str:
    """Wrong codes make the next try wait (1 second, then 2, 4, ...); say how long."""
    return ngettext(
        "Wrong codes slow down the next try. Wait %(seconds)d second, then try again.",
        "Wrong codes slow down the next try. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


PASSWORDS_DIFFER = _("The two passwords are different. Type the same password twice.")
EMAIL_HAS_ACCOUNT = _(
    "This email already has a Peerwell account, and each person has one account. Invite "
    "another email, or ask them to sign in with the account they have."
)
ALREADY_INVITED = _(
    "This email has an invitation waiting already: it is listed under Invitations not yet "
    "accepted on the staff page. Invite again once it has expired."
)
ROLE_NOT_OFFERED = _(
    "Choose one of the roles listed. Funders are added for the whole network by whoever "
    "runs this Peerwell, not by an organization."
)


def organization_role_field():
    """The roles an organization admin may give: never funder."""
    return forms.ChoiceField(
        label=_("Role"),
        choices=ORGANIZATION_ROLE_CHOICES,
        error_messages={"invalid_choice": ROLE_NOT_OFFERED},
    )


class SignInForm(AuthenticationForm):
    """One message for every failure, so the page never says whether an account exists."""

    error_messages = {"invalid_login": SIGN_IN_FAILED, "inactive": SIGN_IN_FAILED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "type": "email"})
        # No autofocus: keyboard and screen-reader users start at the skip link and heading.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The 6-digit code from your authenticator app, or a recovery code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        error_messages={"required": _("Enter the code from your authenticator app.")},
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip()

    def refuse(self, wait_seconds: int = 0) -> None:
        """Says why the code was refused: wrong, or typed while wrong ones make it wait."""
        message = wait_before_next_code(wait_seconds) if wait_seconds else CODE_NOT_ACCEPTED
        self.add_error("code", message)


class SetPasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A few unrelated words make a strong password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif p1:
            try:
                password_validation.validate_password(p1, self.user_for_validation())
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def user_for_validation(self):
        return None


class AcceptInvitationForm(SetPasswordFields):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    field_order = ["full_name", "password1", "password2"]

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def user_for_validation(self):
        return User(email=self.invitation.email, full_name=self.data.get("full_name", ""))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = organization_role_field()


LAST_ADMIN = _(
    "%(name)s is the organization's only active admin. Make someone else an admin first, "
    "so that someone can still manage staff."
)


class StaffForm(forms.Form):
    role = organization_role_field()
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Clear this to deactivate: they are signed out at once; their history stays."),
    )
    reset_second_factor = forms.BooleanField(
        label=_("Reset their two-factor sign-in"),
        required=False,
        help_text=_(
            "For someone who lost their phone and recovery codes: they set up a new "
            "authenticator app at their next sign-in."
        ),
    )


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "idle_timeout_minutes", "inactive_after_days"]
        error_messages = {
            "idle_timeout_minutes": {
                "min_value": _("Choose at least 2 minutes."),
                "max_value": _("Choose 60 minutes or fewer: records stay open on shared phones."),
            }
        }
