"""The small-size benchmark runs print their figures at the end of the test session (in CI's
output too, whatever ``-s``, and from pytest-xdist's workers): each test hands its lines to
``benchmark_figures``, which keeps them on the test's report; ``tests/conftest.py`` prints them."""

import pytest

FIGURES_KEY = "benchmark_figures"


@pytest.fixture
def benchmark_figures(request):
    """``benchmark_figures(title, lines)``: shown in the session's summary."""

    def report(title: str, lines: list[str]) -> None:
        request.node.user_properties.append((FIGURES_KEY, (title, list(lines))))

    return report
