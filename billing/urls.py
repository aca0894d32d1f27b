"""URL patterns of billing: `api_urlpatterns` mount under /api/v1/, `page_urlpatterns` under /."""

api_urlpatterns: list = []
page_urlpatterns: list = []
