from django import template

from triage.core.wording import for_client as _for_client

register = template.Library()


@register.filter
def for_client(text):
    """``{{ reason.text|for_client }}``: a coach's reason addressed to the client reading it."""
    return _for_client(text)
