"""System checks for configurations that would quietly weaken a deployment."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


def serves_on_the_development_key() -> bool:
    """Whether this process would serve on the key published in the repository: SECRET_KEY is
    unset and DJANGO_DEBUG is not true."""
    return settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY and not settings.DEBUG


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    if not serves_on_the_development_key():
        return []
    return [
        Error(
            "SECRET_KEY is not set, so the key published in Spotter's repository would sign "
            "sessions and tokens.",
            hint="Set SECRET_KEY (or SECRET_KEY_FILE); DJANGO_DEBUG=true only for development.",
            id="spotter.E001",
        )
    ]
