"""Sign-in, the second factor, password reset and change, invitations."""

import base64
import time

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from peerwell.audit.actions import record
from peerwell.core.access import public_view, staff_view
from peerwell.core.fields import decrypt, encrypt
from peerwell.core.middleware import LAST_SEEN, idle_seconds_left

from . import actions
from .forms import AcceptInvitationForm, CodeForm, SignInForm
from .models import STAFF_ROLES, Authenticator, RecoveryCode, StaffSession, hash_token


def remember_session(request) -> None:
    if not request.session.session_key:
        request.session.save()
    StaffSession.objects.create(user=request.user, session_key=request.session.session_key)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_session(self.request)
        return response


sign_in = public_view(SignInView.as_view())
sign_out = public_view(auth_views.LogoutView.as_view())


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse_lazy(default)


def _complete_second_factor(request, device):
    """A new session id at every step up in privilege."""
    otp_login(request, device)
    old_key = request.session.session_key
    request.session.cycle_key()
    StaffSession.objects.filter(session_key=old_key).delete()
    remember_session(request)


@staff_view(*STAFF_ROLES)
def mfa_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            device = actions.check_second_factor(user=request.user, code=code)
        except actions.CodeRefused as refused:
            too_soon = {"why": "too_soon"} if refused.wait_seconds else None
            record(request=request, action="mfa_failed", detail=too_soon)
            form.refuse(refused.wait_seconds)
        else:
            _complete_second_factor(request, device)
            return redirect(_next_url(request))
    return render(
        request, "registration/mfa_verify.html", {"form": form, "next": _next_url(request)}
    )


@staff_view(*STAFF_ROLES)
def mfa_setup(request):
    user = request.user
    if Authenticator.objects.filter(user=user, confirmed=True).exists():
        return redirect("account")
    device = Authenticator.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = Authenticator.objects.create(user=user, name="default", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.confirm_authenticator(device=device, code=form.cleaned_data["code"])
        except actions.CodeRefused as refused:
            form.refuse(refused.wait_seconds)
        else:
            _complete_second_factor(request, device)
            _show_codes_once(request, actions.new_recovery_codes(user), first=True)
            return redirect("recovery_codes")
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app"), border=2
    )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


# New recovery codes wait in the session, encrypted, for the one page that shows them:
# a POST makes them and redirects, so a reload never makes another set.
NEW_CODES_SESSION_KEY = "peerwell_new_recovery_codes"


def _show_codes_once(request, codes, *, first=False) -> None:
    request.session[NEW_CODES_SESSION_KEY] = {"codes": encrypt("\n".join(codes)), "first": first}


@staff_view(*STAFF_ROLES)
def recovery_codes(request):
    if request.method == "POST":
        _show_codes_once(request, actions.new_recovery_codes(request.user))
        return redirect("recovery_codes")
    new = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if new:
        codes = decrypt(new["codes"]).split("\n")
        return render(
            request, "registration/recovery_codes.html", {"codes": codes, "first": new["first"]}
        )
    left = RecoveryCode.objects.filter(device__user=request.user).count()
    return render(request, "registration/recovery_codes.html", {"left": left})


@staff_view(*STAFF_ROLES)
def account(request):
    has_totp = Authenticator.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "registration/account.html", {"has_totp": has_totp})


@staff_view(*STAFF_ROLES)
@require_POST
def keepalive(request):
    """The inactivity warning's "Stay signed in" button, and typing in a form."""
    request.session[LAST_SEEN] = time.time()
    return JsonResponse({"ok": True, "seconds_left": idle_seconds_left(request)})


password_change = staff_view(*STAFF_ROLES)(
    auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done"))
)
password_change_done = staff_view(*STAFF_ROLES)(auth_views.PasswordChangeDoneView.as_view())
# Reset never signs anyone in: after a new password, sign-in still asks for the second factor.
password_reset = public_view(
    auth_views.PasswordResetView.as_view(
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    )
)
password_reset_done = public_view(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = public_view(
    auth_views.PasswordResetConfirmView.as_view(post_reset_login=False)
)
password_reset_complete = public_view(auth_views.PasswordResetCompleteView.as_view())


# Like Django's password reset: the first request of an invitation link puts (the hash
# of) its token in the session and redirects to this placeholder, so the token leaves
# the address bar, the history and the Referer of everything the page loads.
INVITATION_SET_UP = "set-up"
INVITATION_SESSION_KEY = "peerwell_invitation"


def _email_taken(request, invitation):
    return render(request, "orgs/invitation_taken.html", {"invitation": invitation}, status=409)


@public_view
def invitation_accept(request, token):
    if token != INVITATION_SET_UP:
        try:
            actions.find_invitation(token_hash=hash_token(token))
        except actions.InvitationInvalid:
            return render(request, "orgs/invitation_invalid.html", status=404)
        request.session[INVITATION_SESSION_KEY] = hash_token(token)
        return redirect("invitation_accept", token=INVITATION_SET_UP)
    token_hash = request.session.get(INVITATION_SESSION_KEY, "")
    try:
        invitation = actions.find_invitation(token_hash=token_hash)
    except actions.InvitationInvalid:
        return render(request, "orgs/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        return render(request, "orgs/invitation_signed_in.html", {"invitation": invitation})
    try:
        actions.check_email_free(invitation.email)
    except actions.EmailTaken:
        return _email_taken(request, invitation)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.accept_invitation(
                request=request,
                token_hash=token_hash,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except actions.InvitationInvalid:
            return render(request, "orgs/invitation_invalid.html", status=404)
        except actions.EmailTaken:  # an account with this email was made meanwhile
            return _email_taken(request, invitation)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request, _("Your account is ready. Sign in, then set up your authenticator app.")
        )
        return redirect("login")
    return render(request, "orgs/invitation_accept.html", {"form": form, "invitation": invitation})
