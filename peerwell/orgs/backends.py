from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """ModelBackend that loads the organization with the user: one query per request."""

    def get_user(self, user_id):
        from .models import User

        try:
            user = User.objects.select_related("organization").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
