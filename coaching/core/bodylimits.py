"""What a JSON request body may hold, whatever the endpoint: pure rules, no Django.

A body is refused (and the field it was found under is named) when it nests deeper than anything
Spotter stores, carries a number that is not finite (``1e999`` parses as infinity, which no
database column or JSON document can hold) or a NUL character (Postgres text and jsonb cannot
hold one). The API's parser (``coaching.api.parsers``) applies them to every view.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# The deepest legitimate body (a modified program: payload → weeks → workouts → prescriptions →
# fields) is under ten levels; 32 leaves room and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 32
# Where a problem is not inside a named field (a top-level list, a bare value).
WHOLE_BODY = "non_field_errors"

TOO_DEEP = f"Nested too deeply: at most {MAX_JSON_DEPTH} levels of lists and objects."
NOT_FINITE = "Numbers must be finite (not NaN, Infinity or beyond ±1.8e308)."
NUL_CHARACTER = "Null characters are not allowed."


def json_body_problem(data: Any, max_depth: int = MAX_JSON_DEPTH) -> tuple[str, str] | None:
    """(field, message) for the first thing a parsed body may not hold, else None.

    The field is the top-level key the problem sits under (``WHOLE_BODY`` outside any key).
    Walks the document without recursion, so any depth that parsed can be checked.
    """
    stack: list[tuple[Any, int, str | None]] = [(data, 0, None)]
    while stack:
        value, depth, field = stack.pop()
        where = field if field is not None else WHOLE_BODY
        if isinstance(value, dict | list) and depth >= max_depth:
            return where, TOO_DEEP
        if isinstance(value, dict):
            for key, item in value.items():
                top = field if field is not None else key
                if "\x00" in key:
                    return top, NUL_CHARACTER
                stack.append((item, depth + 1, top))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, field) for item in value)
        elif isinstance(value, float) and not math.isfinite(value):
            return where, NOT_FINITE
        elif isinstance(value, str) and "\x00" in value:
            return where, NUL_CHARACTER
    return None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_COLON_AHEAD = re.compile(r"\s*:")


def field_nested_too_deep(text: str, max_depth: int = MAX_JSON_DEPTH) -> str:
    """The top-level key under which ``text`` nests deeper than ``max_depth`` (``WHOLE_BODY``
    if outside any key). For bodies too deep for the JSON parser itself: reads only the
    brackets and strings, without building anything."""
    depth = 0
    top_is_object = text.lstrip().startswith("{")
    field = WHOLE_BODY
    for token in _TOKEN.finditer(text):
        symbol = token.group()
        if symbol in "[{":
            depth += 1
            if depth > max_depth:
                return field
        elif symbol in "]}":
            depth -= 1
        elif depth == 1 and top_is_object and _COLON_AHEAD.match(text, token.end()):
            field = _string_value(symbol)
    return field


def _string_value(token: str) -> str:
    try:
        return json.loads(token) or WHOLE_BODY
    except ValueError:
        return WHOLE_BODY
