"""The OpenAPI schema documents the errors every endpoint can answer, not only its success.

drf-spectacular describes what a view returns when it works. Clients (and the schema fuzzer in
tests/fuzz) also need the errors the framework and ``OrganizationAPIView`` produce around it:

- 400 ``{field: [messages]}`` wherever the request carries a body or query parameters;
- 401 ``{detail}`` wherever credentials are required;
- 403 ``{detail}`` wherever a role (or the CSRF check of a session) can refuse;
- 404 ``{detail}`` wherever the path names an organization or an object, and on list pages
  past the end (``?page=``);
- 413 ``{detail}`` wherever the request carries a body (over the size limit);
- 415 ``{detail}`` wherever the request carries a body, for a body whose media type the
  endpoint does not read (a form upload, or a multipart body without its parts' headers, sent to
  an endpoint that reads JSON).

A view's own declaration of one of these codes keeps its description; a body is added when it
declared none.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {field: [messages]}; nested serializers nest it ({sets: [{reps: [..]}]}), so values are free.
VALIDATION_SCHEMA = {
    "type": "object",
    "additionalProperties": {},
    "description": "Each invalid field with its messages: {field: [messages]}.",
}
DESCRIPTIONS = {
    "400": "Invalid input: each field with its messages.",
    "401": "No valid credentials (send Authorization: Token <token>).",
    "403": "Your role may not do this.",
    "404": "Not in this organization (or no such object).",
    "413": "The request body is over the size limit.",
    "415": "The request body's media type is not one this endpoint reads (send JSON).",
}


class SpotterAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            schema = VALIDATION_SCHEMA if code == "400" else DETAIL_SCHEMA
            response = responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            if not response.get("content"):
                response["content"] = {"application/json": {"schema": schema}}
        return responses

    def _error_codes(self) -> list[str]:
        codes = []
        has_query = any(parameter["in"] == "query" for parameter in self._get_parameters())
        if self.method in ("POST", "PUT", "PATCH") or has_query:
            codes.append("400")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        if self._requires_authentication():
            codes += ["401", "403"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        return codes

    def _requires_authentication(self) -> bool:
        permissions = self.view.get_permissions()
        return bool(self.view.get_authenticators()) and not all(
            isinstance(permission, AllowAny) for permission in permissions
        )
