"""Browser tests: Playwright drives the Debian Chromium (never `playwright install`).

Screenshots land in ``test-artifacts/`` for people to look at.
"""

import os
import threading
import time
from pathlib import Path

import pytest
from django.core import signals
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright beside the ORM

_take_screenshot = Page.screenshot


def _screenshot_again_if_chromium_was_busy(self, *args, **kwargs):
    """Headless Chromium now and then answers "Unable to capture screenshot" to a full-page
    capture while its compositor is busy (seen about once in twenty runs of the suite, on any
    page): that one error is tried again after a short wait; every other error stands."""
    for attempt in range(3):
        try:
            return _take_screenshot(self, *args, **kwargs)
        except PlaywrightError as error:
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            self.wait_for_timeout(300)
    return None


Page.screenshot = _screenshot_again_if_chromium_was_busy

CHROMIUM = os.environ.get("SPOTTER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


@pytest.fixture
def screenshot(page):
    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


class _RequestsInFlight:
    """How many requests the live server is answering: counted from Django's own signals, which
    fire in the server's threads."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **kwargs) -> None:
        with self.lock:
            self.count += 1

    def finished(self, **kwargs) -> None:
        with self.lock:
            self.count -= 1

    def wait_until_none(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.count > 0 and time.monotonic() < deadline:
            time.sleep(0.02)


IN_FLIGHT = _RequestsInFlight()
signals.request_started.connect(IN_FLIGHT.started, dispatch_uid="e2e-in-flight-started")
signals.request_finished.connect(IN_FLIGHT.finished, dispatch_uid="e2e-in-flight-finished")


@pytest.fixture(autouse=True)
def no_request_outlives_the_test(request):
    """A live-server test ends only once the server has answered every request its browser sent
    (the browser closed first): a request still running when the database is flushed holds a
    lock on SQLite's shared in-memory database, and the flush fails ("database table is
    locked"), as it once did after a page reload's last fetch. Torn down before the flush: it
    is set up after the test's database."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    with IN_FLIGHT.lock:
        IN_FLIGHT.count = 0  # a request an earlier test left unfinished is not this test's
    yield
    IN_FLIGHT.wait_until_none(seconds=10)


class _OneRequestAtATime:
    """On SQLite, the live server answers one request at a time: its threads share one in-memory
    database, and SQLite answers a write beside another thread's read with "database table is
    locked" at once instead of waiting (a page's fetch beside a navigation, about one run in
    four of the keyboard-only check-in test). Taken when Django starts a request and given back
    when it finishes, in the same thread; a request that never finished frees it after
    ``SECONDS``, so no test can hang on it."""

    SECONDS = 30

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holder = threading.local()
        self.enabled = False

    def started(self, **kwargs) -> None:
        if self.enabled and self.lock.acquire(timeout=self.SECONDS):
            self.holder.held = True

    def finished(self, **kwargs) -> None:
        if getattr(self.holder, "held", False):
            self.holder.held = False
            self.lock.release()


ONE_AT_A_TIME = _OneRequestAtATime()
signals.request_started.connect(ONE_AT_A_TIME.started, dispatch_uid="e2e-one-at-a-time-started")
signals.request_finished.connect(ONE_AT_A_TIME.finished, dispatch_uid="e2e-one-at-a-time-finished")


@pytest.fixture(autouse=True)
def one_request_at_a_time_on_sqlite(request):
    """``_OneRequestAtATime`` for live-server tests on SQLite (Postgres waits on its own)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from django.db import connection

    ONE_AT_A_TIME.enabled = connection.vendor == "sqlite"
    yield
    ONE_AT_A_TIME.enabled = False


@pytest.fixture(autouse=True)
def live_server_connections_close_after_each_request(request):
    """The live server's threads close their database connection at the end of each request
    (``CONN_MAX_AGE`` 0 while a live-server test runs) instead of keeping it for a minute as a
    web worker does. A thread kept alive by the browser's keep-alive connection otherwise still
    held its connection when the test databases were dropped at the end of the run ("being
    accessed by other users", two or three sessions per worker on Postgres)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from django.db import connections

    kept = {alias: connections.settings[alias].get("CONN_MAX_AGE") for alias in connections}
    for alias in kept:
        connections.settings[alias]["CONN_MAX_AGE"] = 0
    yield
    for alias, age in kept.items():
        connections.settings[alias]["CONN_MAX_AGE"] = age


@pytest.fixture(autouse=True)
def exercise_library(request):
    """Transactional tests flush every table, the migrated exercise library included: reload it."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from programs.core.exercises import sync_library
    from programs.models import Exercise

    if not Exercise.unscoped.filter(organization__isnull=True).exists():
        sync_library(Exercise)


@pytest.fixture
def open_page(browser):
    """A page in a new browser context of the given viewport (one person's own browser). Every
    context is closed after the test, so no keep-alive connection outlives it."""
    contexts = []

    def open_(viewport: dict):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def kim(live_server):
    """A client of organization "gym" with a coach (the Today and history browser tests)."""
    from tests.factories import ClientFactory, MembershipFactory, OrganizationFactory

    org = OrganizationFactory(slug="gym")
    coach = MembershipFactory(organization=org, role="coach").user
    return ClientFactory(organization=org, coach=coach, user__email="kim@gym.test")


def logged_in(page, live_server, client_record, query=""):
    """The page, logged in as the client (a session cookie, no login form), opened on
    /o/gym/app/ plus ``query``."""
    from django.test import Client as DjangoClient

    browser = DjangoClient()
    browser.force_login(client_record.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": browser.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/o/gym/app/{query}")
    return page
