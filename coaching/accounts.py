"""Signing in and out of the API, and passwords: tokens issued and revoked, reset emails.

One API token per person (DRF's ``authtoken``); it dies TOKEN_TTL_DAYS after its last use
(``coaching.api.authentication``), when its owner logs out of a page, and when their password
changes or is reset. Reset links use Django's own token generator and point at SITE_URL.
"""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import timezone
from rest_framework.authtoken.models import Token

from coaching.api.authentication import last_use, record_use, token_lifetime
from coaching.core.token_rules import token_expired

RESET_EMAIL = {
    "subject_template_name": "coaching/email/password_reset_subject.txt",
    "email_template_name": "coaching/email/password_reset.txt",
    "html_email_template_name": "coaching/email/password_reset.html",
}


def issue_token(user) -> Token:
    """The person's API token: the one they have while it lives, else a new one."""
    now = timezone.now()
    token = Token.objects.select_related("use").filter(user=user).first()
    if token is not None and token_expired(last_use(token), now, token_lifetime()):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    record_use(token, now)
    return token


def revoke_tokens(user) -> int:
    """End every API token of the person (logout, password change or reset)."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


def reset_email_options(request=None) -> dict:
    """What ``PasswordResetForm.save`` needs to send Spotter's reset email with SITE_URL links."""
    site = urlparse(settings.SITE_URL)
    return {
        **RESET_EMAIL,
        "domain_override": site.netloc,
        "use_https": site.scheme == "https",
        "request": request,
        "extra_email_context": {"site_url": settings.SITE_URL},
    }


def send_password_reset(email: str, request=None) -> None:
    """Email a reset link if an active account uses ``email``; say nothing either way."""
    form = PasswordResetForm(data={"email": email})
    if form.is_valid():
        form.save(**reset_email_options(request))
