"""The drafting gallery in docs/programs/ is what the code drafts today."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from programs.gallery import GALLERY_CASES, render_gallery

DOCS = Path(__file__).resolve().parents[2] / "docs" / "programs"


@pytest.fixture(scope="module")
def files():
    return render_gallery()


def test_the_committed_gallery_matches_a_fresh_draft(files):
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    assert sorted(committed) == sorted(files), "run: python manage.py draft_gallery"
    stale = [name for name, text in files.items() if committed[name] != text]
    assert stale == [], f"run: python manage.py draft_gallery ({', '.join(stale)})"


def test_the_gallery_covers_the_cases_a_coach_raised():
    slugs = {case.slug for case in GALLERY_CASES}
    assert len(slugs) >= 12
    assert {
        "shoulder-impingement",
        "knee-acl-rehab-return",
        "lower-back-injury",
        "body-only-novice",
        "dumbbells-only-55",
        "powerlifter-5-day-meet",
        "runner-2x30",
        "returning-55",
        "postpartum",
        "disordered-eating-fat-loss",
        "athlete-cutting-weight",
        "awaiting-cardiac-clearance",
        "cardiac-cleared",
        "postpartum-cleared",
        "scoff-positive-fat-loss",
        "runner-low-energy-availability",
    } <= slugs


def test_each_case_shows_week_one_a_middle_week_and_the_last_week(files):
    for case in GALLERY_CASES:
        text = files[f"{case.slug}.md"]
        if case.slug == "awaiting-cardiac-clearance":
            assert "## No program" in text and "clearance" in text
            continue
        assert "### Week 1 (first week)" in text
        assert "(a middle week)" in text
        assert "(deload or taper)" in text or "(last week, no deload)" in text


def test_the_check_option_fails_on_a_stale_file(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    call_command("draft_gallery", "--check", "--out", str(tmp_path))

    (tmp_path / "runner-2x30.md").write_text("stale", encoding="utf-8")
    with pytest.raises(CommandError, match="runner-2x30.md"):
        call_command("draft_gallery", "--check", "--out", str(tmp_path))


def test_only_the_client_awaiting_clearance_gets_no_program(files):
    refused = {case.slug for case in GALLERY_CASES if "## No program" in files[f"{case.slug}.md"]}
    assert refused == {"awaiting-cardiac-clearance"}


def test_the_high_stakes_cases_suggest_a_referral_and_a_coach_on_every_change(files):
    for slug in (
        "postpartum",
        "disordered-eating-fat-loss",
        "scoff-positive-fat-loss",
        "runner-low-energy-availability",
    ):
        text = files[f"{slug}.md"]
        assert "Referral suggested:" in text, slug
        assert "suggested service: human-in-loop premium" in text, slug
