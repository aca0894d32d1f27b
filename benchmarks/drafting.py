"""Time the pure drafting engine on varied profiles.

    python benchmarks/drafting.py [--repeat 5]

Drafts every client profile of the drafting tests (tests/programs/test_drafting.py) and every
gallery intake (programs/gallery.py) from the shipped library, and prints the best total of
``--repeat`` runs, the time per draft, and the time for the first 26 profiles (the figure the
drafting issue asked for). Drafting is pure: no database is touched.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()

    from coaching.core import segmentation
    from coaching.intake import answers_for_segmentation
    from programs.core.drafting import DraftingError, draft_program
    from programs.core.drafting.intake import request_from_intake
    from programs.core.library import load_library
    from programs.gallery import GALLERY_CASES, GALLERY_START, gallery_intake
    from tests.programs.test_drafting import PROFILES, request_for

    library = load_library()
    requests = [request_for(**profile) for _, profile in sorted(PROFILES.items())]
    for case in GALLERY_CASES:
        intake = gallery_intake(case)
        segment = segmentation.segment(answers_for_segmentation(intake))
        requests.append(
            request_from_intake(
                intake,
                start=GALLERY_START,
                experience=segment.experience,
                risk=segment.risk,
                e1rm_by_exercise=case.history,
            )
        )

    def run(batch) -> list[float]:
        times = []
        for request in batch:
            started = time.perf_counter()
            with contextlib.suppress(DraftingError):
                draft_program(request, library)
            times.append(time.perf_counter() - started)
        return times

    run(requests)  # warm the library's caches
    best = min((run(requests) for _ in range(args.repeat)), key=sum)
    first_26 = sum(best[:26])
    print(
        f"profiles drafted: {len(requests)} ({len(PROFILES)} test profiles, "
        f"{len(GALLERY_CASES)} gallery intakes), library of {len(library)} exercises"
    )
    print(
        f"total: {sum(best) * 1000:.0f} ms; per draft: median "
        f"{statistics.median(best) * 1000:.1f} ms, max {max(best) * 1000:.1f} ms"
    )
    print(f"26 profiles: {first_26 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
