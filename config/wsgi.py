import gc
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

# What is loaded by now (Django, the apps, the libraries: some 300,000 objects) lives as long as
# the worker. Frozen, it is left out of the collector's full passes, which otherwise walked it
# all again every so many requests and held that request up (up to ~0.4 s on a loaded 2-core
# machine: README, "Pages at business size").
gc.freeze()
