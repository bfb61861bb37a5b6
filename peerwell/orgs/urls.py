from django.urls import path

from . import views_auth as auth
from . import views_staff as staff

urlpatterns = [
    path("accounts/login/", auth.sign_in, name="login"),
    path("accounts/logout/", auth.sign_out, name="logout"),
    path("accounts/verify/", auth.mfa_verify, name="mfa_verify"),
    path("accounts/two-factor/", auth.mfa_setup, name="mfa_setup"),
    path("accounts/recovery-codes/", auth.recovery_codes, name="recovery_codes"),
    path("accounts/keepalive/", auth.keepalive, name="keepalive"),
    path("accounts/", auth.account, name="account"),
    path("accounts/password/", auth.password_change, name="password_change"),
    path("accounts/password/done/", auth.password_change_done, name="password_change_done"),
    path("accounts/reset/", auth.password_reset, name="password_reset"),
    path("accounts/reset/sent/", auth.password_reset_done, name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth.password_reset_complete, name="password_reset_complete"),
    path("invitations/<str:token>/", auth.invitation_accept, name="invitation_accept"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/invite/", staff.staff_invite, name="staff_invite"),
    path("staff/<int:user_id>/", staff.staff_edit, name="staff_edit"),
    path("organization/", staff.organization_settings, name="organization_settings"),
]
