"""The API's JSON parser: every view reads its body through it (settings ``REST_FRAMEWORK``).

Beyond DRF's parser it refuses, before any view sees the data, what no field may hold
(``coaching.core.bodylimits``): nesting deeper than Spotter stores (a 50,000-deep body would exhaust
Python's recursion while parsing or saving), numbers that are not finite, NUL characters; each
refusal is a 400 naming the top-level field. A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413
(Django refuses to read it; ``coaching.api.errors.exception_handler`` answers in JSON).
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError

from coaching.core.bodylimits import TOO_DEEP, field_nested_too_deep, json_body_problem


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def body_limit() -> int:
    """The largest body an API view reads: Django's own limit for request bodies."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large() -> RequestTooLarge:
    return RequestTooLarge(
        f"The request body is larger than {body_limit() // 1024} KB; send less at a time."
    )


def _keep_constant(name: str) -> float:
    # NaN and ±Infinity literals parse, then json_body_problem names the field they are in.
    return float(name)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = body_limit()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large()
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(f"The body is not valid {encoding} text.") from None
        try:
            data = json.loads(text, parse_constant=_keep_constant)
        except RecursionError:
            raise ValidationError({field_nested_too_deep(text): [TOO_DEEP]}) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        problem = json_body_problem(data)
        if problem is not None:
            field, message = problem
            raise ValidationError({field: [message]})
        return data
