"""Enforce the back office's permissions on the server, for every action.

A view names the permission it needs and the action it performs, in words
that finish "You do not have permission to ...". A user without the
permission gets the 403 page with that sentence.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import CONFLICT_MANAGEMENT, LA_DATA_PROCESSING

logger = logging.getLogger(__name__)

# Full names, as User.has_perm expects them.
LA_DATA_PROCESSING_PERMISSION = f"accounts.{LA_DATA_PROCESSING}"
CONFLICT_MANAGEMENT_PERMISSION = f"accounts.{CONFLICT_MANAGEMENT}"


def permission_check(request: HttpRequest, *, permission: str, action: str) -> None:
    """Raise PermissionDenied, shown as the 403 page, unless the user has the permission."""
    if request.user.has_perm(permission):
        return

    logger.info(
        "Permission %s missing: user=%s path=%s, returned 403",
        permission,
        request.user.pk,
        request.path,
    )
    raise PermissionDenied(f"You do not have permission to {action}.")


def permission_required(
    permission: str, *, action: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a view so that it runs only for a signed-in user with the permission."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            permission_check(request, permission=permission, action=action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionRequiredMixin:
    """The class-based form of permission_required: set permission and action."""

    permission: str = ""
    action: str = ""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        permission_check(request, permission=self.permission, action=self.action)
        return super().dispatch(request, *args, **kwargs)
