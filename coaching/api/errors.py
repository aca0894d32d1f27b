"""Errors Django itself answers (an unknown URL, a body over the size limit, a crash): JSON under
/api/, the usual HTML pages elsewhere. Wired as ``handler400``…``handler500`` in config.urls."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views import defaults
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception=None):
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"detail": "The request body is too large."}, status=413)
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    if _is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return defaults.server_error(request)


def exception_handler(exc, context):
    """DRF's handler, plus: a body over Django's size limit (raised when a view or DRF reads
    ``request.body``) is a 413 answered inside the view like any API error."""
    if isinstance(exc, RequestDataTooBig):
        from coaching.api.parsers import too_large

        exc = too_large()
    return drf_exception_handler(exc, context)
