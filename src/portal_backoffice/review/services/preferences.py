"""The choices an officer's pages remember for them."""

from portal_backoffice.review.models import UserPreference


def user_preference_get(*, user) -> UserPreference:
    """Return the user's preferences, unsaved defaults when they never chose any."""
    preference = UserPreference.objects.filter(user=user).first()
    return preference or UserPreference(user=user)


def user_preference_wide_view_set(*, user, wide_view: bool) -> UserPreference:
    preference, _ = UserPreference.objects.update_or_create(
        user=user, defaults={"files_wide_view": wide_view}
    )
    return preference
