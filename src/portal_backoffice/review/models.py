from django.conf import settings
from django.db import models


class UserPreference(models.Model):
    """An officer's choices that the back office remembers between visits."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preference"
    )
    # Whether the files tab hides its search panel to give the table the full width.
    files_wide_view = models.BooleanField(default=False)

    def __str__(self):
        return f"Preferences of user {self.user_id}"
