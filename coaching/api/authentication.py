"""Token authentication with an end: a token unused for TOKEN_TTL_DAYS is refused (401)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from coaching.core.token_rules import token_expired, use_worth_recording


def token_lifetime() -> timedelta:
    return timedelta(days=settings.TOKEN_TTL_DAYS)


def last_use(token: Token):
    """When the token was last used (its creation if never recorded)."""
    use = getattr(token, "use", None)  # None when never recorded
    return use.last_used_at if use is not None else token.created


def record_use(token: Token, now) -> None:
    from coaching.models import TokenUse

    TokenUse.objects.update_or_create(token=token, defaults={"last_used_at": now})


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token has not been used for
    TOKEN_TTL_DAYS; the use is written at most once per TOKEN_USE_RESOLUTION_MINUTES."""

    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user", "use").filter(key=key).first()
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        now = timezone.now()
        used = last_use(token)
        if token_expired(used, now, token_lifetime()):
            raise AuthenticationFailed("This token has expired; sign in again for a new one.")
        resolution = timedelta(minutes=settings.TOKEN_USE_RESOLUTION_MINUTES)
        if use_worth_recording(used, now, resolution):
            record_use(token, now)
        return (token.user, token)
