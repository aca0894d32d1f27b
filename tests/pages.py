"""Every page a person can reach, and the words on it.

``crawl`` follows the links a person can click (same site, GET) from a start page, so a new page
joins the scans below without anyone listing it. ``visible_words`` is what a person reads or
hears: the text outside ``<script>``, ``<style>`` and hidden inputs, plus the labels assistive
technology reads aloud (``aria-label``, ``title``, ``alt``, ``placeholder``).
"""

import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

# Links that change something, or leave the pages a person reads.
NOT_PAGES = re.compile(r"^/(api|admin|static|logout|password-reset|invitations)/|/poll/|\.csv$")
# One word of letters joined by underscores ("assisted_hybrid", "Exercise_selection"): a
# developer's name where a person's words belong. Words inside URLs and emails are not text.
SNAKE_CASE = re.compile(r"(?<![\w@./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w@/-])")
# 2026-01-31, 2026-01-31T08:00, 2026-01-31 08:00:00: how a computer writes a day.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b")
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
SILENT_TAGS = {"script", "style", "template"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.headings: list[int] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in SILENT_TAGS:
            self._silent += 1
            return
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for name in SPOKEN_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in SILENT_TAGS and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent and data.strip():
            self.texts.append(data)


def read_page(html: str) -> tuple[str, list[str]]:
    """The page's words (joined by newlines) and the links on it."""
    reader = _Reader()
    reader.feed(html)
    return "\n".join(" ".join(text.split()) for text in reader.texts), reader.links


def skipped_heading_levels(html: str) -> list[str]:
    """Each place a heading goes deeper by more than one level ("h1 → h3"), in page order."""
    reader = _Reader()
    reader.feed(html)
    skips, previous = [], 0
    for level in reader.headings:
        if level > previous + 1:
            skips.append(f"h{previous} → h{level}")
        previous = level
    return skips


def developer_words(text: str) -> list[str]:
    """snake_case words and raw ISO dates in text a person reads."""
    return SNAKE_CASE.findall(text) + ISO_DATE.findall(text)


def _same_site_path(href: str, here: str) -> str | None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.scheme == ""):
        return None
    if parts.netloc and parts.netloc not in ("testserver",) and "127.0.0.1" not in parts.netloc:
        return None
    path = parts.path or urlsplit(here).path
    if not path.startswith("/") or NOT_PAGES.search(path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(
    fetch: Callable[[str], tuple[int, str]],
    start: Iterable[str],
    *,
    per_view: int = 3,
) -> dict[str, str]:
    """Pages reachable by clicking from ``start``: {path: html}. ``fetch(path)`` returns the
    status and body. At most ``per_view`` pages of each view are read (forty clients' pages
    say the same words in the same template), and only answers with status 200 count."""
    queue = list(start)
    seen: set[str] = set(queue)
    per_name: dict[str, int] = {}
    pages: dict[str, str] = {}
    while queue:
        path = queue.pop(0)
        try:
            name = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if per_name.get(name, 0) >= per_view:
            continue
        status, html = fetch(path)
        if status != 200 or "<html" not in html[:500].lower():
            continue
        per_name[name] = per_name.get(name, 0) + 1
        pages[path] = html
        for href in read_page(html)[1]:
            target = _same_site_path(href, path)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


_LABELLED = re.compile(
    r"<(button|a)\b([^>]*?)\baria-label=\"([^\"]*)\"([^>]*)>(.*?)</\1>", re.DOTALL | re.IGNORECASE
)
_TAG = re.compile(r"<[^>]+>")


def names_not_starting_with_their_words(html: str) -> list[str]:
    """Buttons and links whose ``aria-label`` does not start with the words they show (WCAG
    2.5.3, label in name): a speech user says what they see. A lone symbol ("✓") shows no
    words."""
    found = []
    for match in _LABELLED.finditer(html):
        label = " ".join(match.group(3).split())
        shown = " ".join(_TAG.sub(" ", match.group(5)).split())
        if len(re.sub(r"\W", "", shown)) < 2:
            continue
        if not label.lower().startswith(shown.lower()):
            found.append(f"{shown!r} is named {label!r}")
    return found


_REFERENCE = re.compile(r"\baria-(?:describedby|labelledby)=\"([^\"]*)\"")
_ID = re.compile(r"\bid=\"([^\"]+)\"")


def missing_references(html: str) -> list[str]:
    """Ids that ``aria-describedby`` or ``aria-labelledby`` name but the page does not have."""
    ids = set(_ID.findall(html))
    return sorted(
        {ref for refs in _REFERENCE.findall(html) for ref in refs.split() if ref not in ids}
    )
