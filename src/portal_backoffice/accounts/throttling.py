"""Refuse sign-in for a while after repeated failures, per user name and per client address.

Failed sign-ins are rows in the database, so every server process reads the
same count. After settings.PORTAL_SIGN_IN_MAX_FAILURES failures for one user
name within PORTAL_SIGN_IN_WINDOW_SECONDS, that user name is refused for
PORTAL_SIGN_IN_LOCKOUT_SECONDS, even with the right password. The same applies
to one client address with PORTAL_SIGN_IN_IP_MAX_FAILURES. Refused attempts
are not counted, so the lockout ends on time.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.db import models
from django.http import HttpResponse
from django.utils import timezone

from .models import SignInFailure

logger = logging.getLogger(__name__)

LOCKED_MESSAGE = (
    "There have been too many failed attempts to sign in. Wait 15 minutes, then try again. "
    "If you have forgotten your password, ask an administrator to reset it."
)


def sign_in_locked(*, username: str, client_address: str | None) -> bool:
    """Return whether sign-in is refused for this user name or client address now."""
    by_name = SignInFailure.objects.filter(username=username.lower())
    if _locked(by_name, settings.PORTAL_SIGN_IN_MAX_FAILURES):
        return True
    if client_address is None:
        return False
    by_address = SignInFailure.objects.filter(client_address=client_address)
    return _locked(by_address, settings.PORTAL_SIGN_IN_IP_MAX_FAILURES)


def sign_in_failure_record(*, username: str, client_address: str | None) -> None:
    SignInFailure.objects.create(username=username.lower()[:150], client_address=client_address)
    # Old rows count for nothing, so each failure clears those of its user name.
    cutoff = timezone.now() - _kept_for()
    SignInFailure.objects.filter(username=username.lower(), failed_at__lt=cutoff).delete()


def sign_in_failures_clear(*, username: str) -> None:
    """Forget a user name's failures once its user signs in."""
    SignInFailure.objects.filter(username=username.lower()).delete()


def _kept_for() -> timedelta:
    return timedelta(
        seconds=settings.PORTAL_SIGN_IN_WINDOW_SECONDS + settings.PORTAL_SIGN_IN_LOCKOUT_SECONDS
    )


def _locked(failures: models.QuerySet, max_failures: int) -> bool:
    """Return whether the last max_failures failures fit in the window and the lockout runs."""
    now = timezone.now()
    latest = list(
        failures.filter(failed_at__gte=now - _kept_for())
        .order_by("-failed_at")
        .values_list("failed_at", flat=True)[:max_failures]
    )
    if len(latest) < max_failures:
        return False
    window = timedelta(seconds=settings.PORTAL_SIGN_IN_WINDOW_SECONDS)
    lockout = timedelta(seconds=settings.PORTAL_SIGN_IN_LOCKOUT_SECONDS)
    return latest[0] - latest[-1] <= window and now < latest[0] + lockout


class ThrottledLoginView(LoginView):
    """Django's sign-in view, refusing user names and addresses with too many failures."""

    def post(self, request, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        client_address = _client_address(request)
        if sign_in_locked(username=username, client_address=client_address):
            logger.warning("Sign-in rejected after repeated failures: address=%s", client_address)
            # An unbound form, so that the password is not even checked.
            form = self.get_form_class()(request=request, initial={"username": username})
            form.cleaned_data = {}
            form.add_error(None, LOCKED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        username = form.data.get("username", "")
        if username and form.data.get("password"):
            sign_in_failure_record(username=username, client_address=_client_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        sign_in_failures_clear(username=form.get_user().get_username())
        return super().form_valid(form)


def _client_address(request) -> str | None:
    # NOTE: behind a proxy REMOTE_ADDR is the proxy's address, so the per-address
    # limit then counts every client together; the per-user-name limit still holds.
    return request.META.get("REMOTE_ADDR") or None
