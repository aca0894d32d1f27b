from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """OPTIONS answers: describe the serializer when a view has one, and only list what the view
    allows otherwise (action views take a body described in the OpenAPI schema)."""

    def determine_actions(self, request, view):
        if getattr(view, "serializer_class", None) is None and getattr(view, "model", None) is None:
            return {}
        try:
            return super().determine_actions(request, view)
        except (AssertionError, NotImplementedError):
            return {}
