import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from coaching.checks import serves_on_the_development_key  # noqa: E402  (after django.setup)

if serves_on_the_development_key():
    raise ImproperlyConfigured(
        "Refusing to serve: SECRET_KEY is not set, and the development key is published in "
        "Spotter's repository. Set SECRET_KEY (or SECRET_KEY_FILE), or DJANGO_DEBUG=true for "
        "development."
    )
