from messaging.services import UnreadCounter


def unread_messages(request) -> dict:
    """``unread_messages`` for the navigation: counted once per request, only when a page in an
    organization shows it (one query)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {"unread_messages": UnreadCounter(request.user, membership.role)}
