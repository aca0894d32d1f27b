"""Spotter's one settings file. Every value comes from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab

from coaching.env import (
    batch_database_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    form_check_storage,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Without SECRET_KEY the embedded default (make demo, tests, management commands, the Docker
# build's collectstatic) uses a key published in this repository. Serving on it is refused unless
# DJANGO_DEBUG is true (coaching/wsgi.py), and `manage.py check --deploy` fails on it.
DEVELOPMENT_SECRET_KEY = "django-insecure-spotter-development-key-only"
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "coaching",
    "programs",
    "triage",
    "billing",
    "messaging",
    "formchecks",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked sign-in into coaching.throttling's 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coaching.context_processors.navigation",
                "messaging.context_processors.unread_messages",
            ],
            # Money, hours and codes in a person's words on every page, without a {% load %}.
            "builtins": ["coaching.templatetags.spotter", "triage.templatetags.triage_words"],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL") or "sqlite:///db.sqlite3",
        BASE_DIR,
    )
}
# Each request is one transaction: nothing is partly saved, and on Postgres the tenant's
# row-level-security setting (SET LOCAL) lives exactly as long as the request.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# System work (nightly job, fan-outs, seeding, the exercise library) runs on its own connection
# as the batch role, whose policy shows every organization (coaching/batch.py). The same database,
# another login; unset, system work uses the default connection (SQLite, single-role Postgres).
if env_str("BATCH_DATABASE_URL"):
    DATABASES["batch"] = batch_database_from_url(
        env_str("BATCH_DATABASE_URL"), DATABASES["default"], BASE_DIR
    )
BATCH_DATABASE_ALIAS = "batch" if "batch" in DATABASES else "default"
# The Postgres roles row-level security tells apart: the app's (requests) and the batch role.
APP_DATABASE_ROLE = DATABASES["default"].get("USER", "")
BATCH_DATABASE_ROLE = DATABASES.get("batch", {}).get("USER", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "coaching.User"
# The lockout check first (django-axes), then the ordinary password check.
AUTHENTICATION_BACKENDS = [
    "coaching.throttling.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # A deployment runs collectstatic and sets STATIC_MANIFEST (see Dockerfile).
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Form checks (formchecks/): the videos and photos clients send their coach live in a storage of
# their own, never under a public URL; they are served only through an authorized view. Local
# files by default (outside static and media), any S3-compatible bucket with FORM_CHECK_STORAGE=s3
# (django-storages, `pip install "spotter[s3]"`; README: Form checks).
FORM_CHECK_STORAGE_ALIAS = "formchecks"
FORM_CHECK_MAX_BYTES = env_int("FORM_CHECK_MAX_MB", 100) * 1024 * 1024
FORM_CHECK_MAX_SECONDS = env_int("FORM_CHECK_MAX_SECONDS", 60)
# From a bucket, the file view answers (after its checks) with a signed URL this short-lived.
FORM_CHECK_SIGNED_URL_SECONDS = env_int("FORM_CHECK_SIGNED_URL_SECONDS", 300)
FORM_CHECK_ROOT = env_str("FORM_CHECK_ROOT") or str(BASE_DIR / "var" / "form-checks")
FORM_CHECK_STORAGE = (env_str("FORM_CHECK_STORAGE", "local") or "local").strip().lower()
STORAGES[FORM_CHECK_STORAGE_ALIAS] = form_check_storage(FORM_CHECK_STORAGE, FORM_CHECK_ROOT)

# Security: production values when DEBUG is off (manage.py check --deploy is clean).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Email: console by default; set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
# with EMAIL_HOST etc. for real mail (README: Email). `make demo` writes them to files instead.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "emails"))
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Spotter <spotter@localhost>")

# Stripe: without a secret key billing runs in manual mode (owners mark payments).
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "") or ""
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "") or ""

# Celery: with REDIS_URL tasks go through Redis; without it they run in-process.
REDIS_URL = env_str("REDIS_URL", "") or ""
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "coaching.tasks.heartbeat",
        "schedule": crontab(minute="*/5"),
    },
    # Each organization's night starts at 02:00 in its own time zone (the task checks).
    "nightly-fanout": {
        "task": "triage.tasks.nightly_fanout",
        "schedule": crontab(minute="*/15"),
    },
    # Morning reminders of planned sessions, 07:00–11:59 in each organization's zone.
    "session-reminders": {
        "task": "triage.tasks.reminder_fanout",
        "schedule": crontab(minute="*/15"),
    },
    "retrain-risk-models": {
        "task": "triage.tasks.retrain_risk_models",
        "schedule": crontab(minute=30, hour=3, day_of_week="sun"),
    },
    # New messages, emailed as one digest per person at most every 15 minutes.
    "message-digests": {
        "task": "messaging.tasks.digest_fanout",
        "schedule": crontab(minute="*/5"),
    },
    # Each organization's owner figures are stored at 03:00 in its own time zone (the task checks).
    "metrics-snapshot-fanout": {
        "task": "reporting.tasks.snapshot_fanout",
        "schedule": crontab(minute=20),
    },
    # Uploaded exports left waiting for their unit more than a day are not kept.
    "discard-stale-uploads": {
        "task": "programs.tasks.discard_stale_uploads",
        "schedule": crontab(minute=40),
    },
}

# Invitations stay valid this many days.
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 14)

# API tokens die this many days after their last use (401 after); the last use is written at
# most once per TOKEN_USE_RESOLUTION_MINUTES, not on every request.
TOKEN_TTL_DAYS = env_int("TOKEN_TTL_DAYS", 30)
TOKEN_USE_RESOLUTION_MINUTES = env_int("TOKEN_USE_RESOLUTION_MINUTES", 60)

# Brute force and enumeration (coaching.throttling, README "Security"). Sign-in: django-axes
# locks an account, and separately an address, after LOGIN_FAILURE_LIMIT failed attempts, for
# LOGIN_LOCKOUT_MINUTES (429 with Retry-After). Registration and password-reset requests: a rate
# per address. Counts of rates live in Django's cache: per process unless CACHE_URL is set.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
THROTTLE_RATES = {
    "registration": env_str("REGISTRATION_RATE", "10/hour"),
    "password_reset": env_str("PASSWORD_RESET_RATE", "5/hour"),
}
# Proxies in front of the app that append to X-Forwarded-For (0: the address is REMOTE_ADDR).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
AXES_ENABLED = env_bool("LOGIN_THROTTLE_ENABLED", default=True)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # so Retry-After tells the truth
AXES_LOCKOUT_CALLABLE = "coaching.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "coaching.throttling.client_address"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

CACHE_URL = env_str("CACHE_URL", "") or ""
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }

REST_FRAMEWORK = {
    # Token first, so an anonymous API call answers 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coaching.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "coaching.api.pagination.Pagination",
    "DEFAULT_METADATA_CLASS": "coaching.api.metadata.Metadata",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "coaching.api.schema.SpotterAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "NUM_PROXIES": NUM_PROXIES,  # 0: REMOTE_ADDR only, never a client-sent X-Forwarded-For
    # Depth, finite numbers, NUL characters and size checked once for every view's JSON body.
    "DEFAULT_PARSER_CLASSES": [
        "coaching.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "coaching.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spotter API",
    "DESCRIPTION": "Hybrid coaching: the AI drafts and watches, coaches review what it flags.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API is open source: its description is public, its data is not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MuscleEnum": "coaching.core.intake_vocab.MUSCLES",
        "TrafficLightEnum": "triage.models.Level",
        "ExerciseLevelEnum": ["beginner", "intermediate", "expert"],
        "ClientStatusEnum": "coaching.models.ClientStatus",
        "MessageAuthorRoleEnum": "messaging.models.AuthorRole",
        "FormCheckKindEnum": "formchecks.models.Kind",
        "InvitationRoleEnum": [("coach", "Coach"), ("client", "Client")],
        "ResolutionEnum": "triage.models.Resolution",
        "PriceAppliesToEnum": "billing.core.price_change.APPLIES_TO_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Tasks run in-process (no REDIS_URL) would log a line per task, e.g. per email sent; a
    # failing task still logs at ERROR.
    "loggers": {"celery.app.trace": {"level": env_str("TASK_LOG_LEVEL", "WARNING")}},
}
