"""The small-size benchmark runs print their figures at the end of the test session (in CI's
output too, whatever ``-s``): each test hands its lines to ``benchmark_figures``."""

import pytest

_FIGURES: list[tuple[str, list[str]]] = []


@pytest.fixture
def benchmark_figures():
    """``benchmark_figures(title, lines)``: shown in the session's summary."""

    def report(title: str, lines: list[str]) -> None:
        _FIGURES.append((title, lines))

    return report


def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    terminalreporter.section("benchmark figures (small runs)")
    for title, lines in _FIGURES:
        terminalreporter.write_line(f"-- {title}")
        for line in lines:
            terminalreporter.write_line(f"   {line}")
