"""Brute-force and enumeration limits, built on django-axes and DRF's throttles.

- Sign-in (``/login/`` and ``POST /api/v1/auth/token/``): django-axes counts failed attempts per
  account and per client address (``AXES_LOCKOUT_PARAMETERS``); after ``LOGIN_FAILURE_LIMIT``
  failures either is locked for ``LOGIN_LOCKOUT_MINUTES``, even with the right password. The API
  answers 429 with ``Retry-After``, the page says so in words.
- Registration and password-reset requests (pages and API): DRF's rate throttle per address
  (``THROTTLE_RATES``), so nobody can test which emails have accounts at speed.

The client's address is DRF's reading of it (``REMOTE_ADDR``, or ``X-Forwarded-For`` behind
``NUM_PROXIES`` proxies), for both.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from coaching.forms import EmailLoginForm

API_PREFIX = "/api/"


def client_address(request: HttpRequest) -> str | None:
    """The client's address as DRF's throttles read it (one reading for every limit)."""
    return BaseThrottle().get_ident(request)


def retry_after_seconds(last_failure: datetime | None, cool_off: timedelta, now: datetime) -> int:
    """Seconds until a lock that started with the last failure ends (at least 1)."""
    if last_failure is None:
        return max(1, math.ceil(cool_off.total_seconds()))
    remaining = (last_failure + cool_off - now).total_seconds()
    return max(1, math.ceil(remaining))


def wait_words(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return "a minute" if minutes <= 1 else f"{minutes} minutes"


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuses every sign-in of a locked account or address. Sign-ins without a request (the
    test client, a shell) have no remote party to throttle and are left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _seconds_locked(request: HttpRequest, credentials: dict | None) -> int:

    cool_off = get_cool_off(request) or timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    username = get_client_username(request, credentials)
    attempts = Q(ip_address=getattr(request, "axes_ip_address", None))
    if username:
        attempts |= Q(username=username)
    last = AccessAttempt.objects.filter(attempts).aggregate(last=Max("attempt_time"))["last"]
    return retry_after_seconds(last, cool_off, timezone.now())


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """What a locked sign-in gets (``AXES_LOCKOUT_CALLABLE``): 429 with ``Retry-After``, in
    JSON on the API and as the sign-in page with the reason elsewhere."""
    seconds = _seconds_locked(request, credentials)
    message = (
        "Too many failed sign-ins for this account or from this network. "
        f"Try again in {wait_words(seconds)}, or reset your password."
    )
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        form = EmailLoginForm(request, initial={"username": request.POST.get("username", "")})
        response = render(
            request,
            "coaching/login.html",
            {"form": form, "lockout": message, "next": request.POST.get("next", "")},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


class AddressRateThrottle(SimpleRateThrottle):
    """A rate per client address for one ``scope``, from ``settings.THROTTLE_RATES`` (read at
    each request, so tests and deployments can change it)."""

    def get_rate(self):
        return settings.THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RegistrationThrottle(AddressRateThrottle):
    scope = "registration"


class PasswordResetThrottle(AddressRateThrottle):
    scope = "password_reset"


def page_throttled(request: HttpRequest, throttle_class) -> int | None:
    """For a page's POST: None if allowed (and counted), else the seconds to wait."""
    throttle = throttle_class()
    if throttle.allow_request(request, None):
        return None
    return max(1, math.ceil(throttle.wait() or 1))
