"""The page checks in tests/pages.py catch what they are for (so a clean scan means something)."""

from tests.pages import (
    developer_words,
    missing_references,
    names_not_starting_with_their_words,
    read_page,
    skipped_heading_levels,
)


def test_it_finds_snake_case_and_iso_dates_in_text_and_spoken_labels():
    text, _ = read_page(
        '<p>Exercise_selection: squats on 2026-09-14</p><a href="/a_b/" aria-label="assisted_hybrid">x</a>'
        "<script>var not_text = 1;</script>"
    )

    assert developer_words(text) == ["Exercise_selection", "assisted_hybrid", "2026-09-14"]


def test_it_leaves_emails_and_plain_words_alone():
    text, _ = read_page(
        "<p>Write to first_last@demo.test about the 1,099 USD plan, 4 Dec 2026.</p>"
    )

    assert developer_words(text) == []


def test_it_finds_a_heading_that_skips_a_level():
    assert skipped_heading_levels("<h1>Plan</h1><h3>Monday</h3><h2>Changes</h2><h3>x</h3>") == [
        "h1 → h3"
    ]


def test_it_finds_a_button_whose_name_does_not_start_with_its_words():
    html = (
        '<button aria-label="Mark Sam Lee paid">Mark paid</button>'
        '<button aria-label="Resend the invitation to sam@x.test">Resend</button>'
        '<button aria-label="Done: Squat set 1">✓</button>'
    )

    assert names_not_starting_with_their_words(html) == ["'Mark paid' is named 'Mark Sam Lee paid'"]


def test_it_finds_an_aria_reference_to_a_missing_id():
    html = '<input aria-describedby="id_username_error"><p id="other">x</p>'

    assert missing_references(html) == ["id_username_error"]
