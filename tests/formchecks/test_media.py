"""The pure rules of form-check files: type from content, length from the container, limits,
moments and byte ranges."""

import io

import pytest

from formchecks.core import media
from formchecks.core.media import Limits, Refusal, Unsatisfiable
from tests.formchecks.builders import (
    JPEG_BYTES,
    PNG_BYTES,
    WEBP_BYTES,
    box,
    ftyp,
    mp4,
    webm,
)

LIMITS = Limits(max_bytes=100 * 1024 * 1024, max_seconds=60)


def stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


# -- type from content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (JPEG_BYTES, media.JPEG),
        (PNG_BYTES, media.PNG),
        (WEBP_BYTES, media.WEBP),
        (mp4(), media.MP4),
        (mp4(major=b"mp42", compatible=(b"mp42", b"isom")), media.MP4),
        (mp4(major=b"M4V ", compatible=(b"M4V ",)), media.MP4),
        (mp4(major=b"3gp4", compatible=(b"3gp4",)), media.MP4),
        (mp4(major=b"qt  ", compatible=(b"qt  ",)), media.MOV),
        (mp4(major=b"abcd", compatible=(b"qt  ",)), media.MOV),
        (mp4(major=b"abcd", compatible=(b"isom", b"avc1")), media.MP4),
        (box(b"wide") + box(b"mdat", b"\x00" * 8), media.MOV),
        (box(b"moov", b"\x00" * 8), media.MOV),
        (webm(), media.WEBM),
    ],
)
def test_it_reads_the_type_from_the_first_bytes(data, expected):
    assert media.sniff(data[: media.SNIFF_BYTES]) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GIF89a" + b"\x00" * 20,
        b"%PDF-1.7\n" + b"\x00" * 20,
        b"<html><body>video</body></html>",
        b"RIFF\x10\x00\x00\x00WAVEfmt ",
        ftyp(b"heic", (b"mif1", b"heic")) + b"\x00" * 8,
        ftyp(b"avif", (b"avif", b"mif1")),
        ftyp(b"M4A ", (b"M4A ", b"isom")),
        ftyp(b"abcd", (b"isom", b"heic")),
        ftyp(b"abcd", (b"efgh",)),
        webm(doctype=b"matroska"),
        b"\x1a\x45\xdf\xa3",
        b"\xff\xd8",
        b"#!/bin/sh\nrm -rf /\n",
        b"PK\x03\x04" + b"\x00" * 30,
    ],
)
def test_it_refuses_what_is_not_an_accepted_photo_or_video(data):
    assert media.sniff(data[: media.SNIFF_BYTES]) is None


# -- MP4 and MOV length ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "seconds"),
    [
        (mp4(12.5), 12.5),
        (mp4(0.04), 0.04),
        (mp4(59.999), 59.999),
        (mp4(90, timescale=600), 90),
        (mp4(30, timescale=90000), 30),
        (mp4(8, version=1), 8),
        (mp4(20, moov_last=True), 20),
        (mp4(15, major=b"qt  ", compatible=(b"qt  ",)), 15),
        (mp4(3600 * 3), 3600 * 3),
    ],
)
def test_it_reads_a_movie_header_duration(data, seconds):
    assert media.mp4_duration(stream(data)) == pytest.approx(seconds, abs=1e-3)


def test_it_reads_a_box_with_a_64_bit_size():
    moov_payload = mp4(7)[len(ftyp()) + 8 :].split(b"mdat")[0][:-4]
    large_moov = (
        b"\x00\x00\x00\x01moov" + (16 + len(moov_payload)).to_bytes(8, "big") + moov_payload
    )
    data = ftyp() + large_moov

    assert media.mp4_duration(stream(data)) == pytest.approx(7)


def test_a_fragmented_file_takes_its_length_from_the_movie_extends_header():
    mehd = box(b"mehd", b"\x00\x00\x00\x00" + (25_000).to_bytes(4, "big"))
    data = mp4(0, extra_moov=box(b"mvex", mehd))

    assert media.mp4_duration(stream(data)) == pytest.approx(25)


@pytest.mark.parametrize(
    "data",
    [
        ftyp() + box(b"mdat", b"\x00" * 16),  # no moov
        ftyp() + box(b"moov", box(b"trak")),  # no mvhd
        mp4(5, timescale=0),
        mp4(0),  # says nothing and has no mvex
        ftyp() + b"\x00\x00\x10\x00moov" + b"\x00" * 20,  # moov larger than the file
        ftyp() + b"\x00\x00\x00\x04moov",  # a size smaller than its header
        ftyp() + box(b"moov", b"\x00\x00\x00\x0cmvhd\x00\x00\x00\x00"),  # cut-off mvhd
    ],
)
def test_an_unreadable_length_is_none(data):
    assert media.mp4_duration(stream(data)) is None


def test_an_all_ones_duration_means_unknown():
    data = mp4(1, timescale=1).replace(
        (1).to_bytes(4, "big") + b"\x00\x01\x00\x00", b"\xff" * 4 + b"\x00\x01\x00\x00", 1
    )

    assert media.mp4_duration(stream(data)) is None


def test_a_file_with_a_video_track_has_one():
    assert media.mp4_has_video_track(stream(mp4(handlers=(b"soun", b"vide"))))


def test_an_audio_only_file_has_no_video_track():
    assert not media.mp4_has_video_track(stream(mp4(handlers=(b"soun",))))


# -- WebM length -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "seconds"),
    [
        (webm(5), 5),
        (webm(42.25), 42.25),
        (webm(10, float_size=4), 10),
        (webm(12, scale=1000), 12),
        (webm(30, unknown_segment_size=True), 30),
    ],
)
def test_it_reads_a_webm_duration(data, seconds):
    assert media.webm_duration(stream(data)) == pytest.approx(seconds, rel=1e-6)


@pytest.mark.parametrize(
    "data",
    [
        webm(None),  # a live recording that never wrote Duration
        webm(5, info_after_cluster=True),
        webm(5)[:30],
        b"\x1a\x45\xdf\xa3\x80",
        b"",
    ],
)
def test_a_webm_that_does_not_say_its_length_is_none(data):
    assert media.webm_duration(stream(data)) is None


# -- the limits --------------------------------------------------------------------------------


def test_a_photo_is_accepted_without_a_length():
    result = media.inspect(stream(JPEG_BYTES), len(JPEG_BYTES), LIMITS)

    assert result == media.Inspection(media.JPEG, None)


def test_a_short_video_is_accepted_with_its_length():
    data = mp4(14.5)

    result = media.inspect(stream(data), len(data), LIMITS)

    assert result.media_type == media.MP4
    assert result.duration_seconds == pytest.approx(14.5)


def test_a_file_over_the_size_limit_is_a_413_naming_both_sizes():
    with pytest.raises(Refusal) as refused:
        media.inspect(stream(mp4()), 150 * 1024 * 1024, LIMITS)

    assert refused.value.status == 413
    assert refused.value.field == "file"
    assert "150 MB" in refused.value.message and "100 MB" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(Refusal) as refused:
        media.inspect(stream(b""), 0, LIMITS)

    assert refused.value.status == 400


def test_a_video_longer_than_the_limit_is_refused_with_both_lengths():
    data = mp4(75)

    with pytest.raises(Refusal) as refused:
        media.inspect(stream(data), len(data), LIMITS)

    assert refused.value.status == 400
    assert "1:15" in refused.value.message and "1:00" in refused.value.message


def test_a_video_exactly_at_the_limit_is_accepted():
    data = mp4(60)

    assert media.inspect(stream(data), len(data), LIMITS).duration_seconds == 60


def test_a_video_whose_length_cannot_be_read_is_refused():
    data = webm(None)

    with pytest.raises(Refusal, match="could not read how long"):
        media.inspect(stream(data), len(data), LIMITS)


def test_a_renamed_file_is_judged_by_its_content():
    data = b"<?php echo 'not a video'; ?>"

    with pytest.raises(Refusal, match="not a JPEG, PNG or WebP photo"):
        media.inspect(stream(data), len(data), LIMITS, field="file")


def test_an_audio_file_in_a_video_container_is_refused():
    data = mp4(handlers=(b"soun",))

    with pytest.raises(Refusal, match="no video track"):
        media.inspect(stream(data), len(data), LIMITS)


def test_the_refusal_names_the_field_it_was_given():
    with pytest.raises(Refusal) as refused:
        media.inspect(stream(b"text"), 4, LIMITS, field="video")

    assert refused.value.field == "video"


# -- moments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0:00"), (7.9, "0:07"), (65, "1:05"), (600, "10:00"), (3723, "1:02:03"), (-3, "0:00")],
)
def test_a_moment_reads_like_a_player_clock(seconds, words):
    assert media.clock(seconds) == words


@pytest.mark.parametrize(
    ("at", "kind", "duration", "ok"),
    [
        (None, media.VIDEO, 10, True),
        (None, media.PHOTO, None, True),
        (0, media.VIDEO, 10, True),
        (10, media.VIDEO, 10, True),
        (10.4, media.VIDEO, 10, True),
        (11, media.VIDEO, 10, False),
        (-0.1, media.VIDEO, 10, False),
        (2, media.PHOTO, None, False),
    ],
)
def test_a_comment_moment_lies_within_the_video(at, kind, duration, ok):
    assert (media.moment_refusal(at, kind, duration) is None) is ok


# -- byte ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-", (0, 999)),
        ("bytes=0-0", (0, 0)),
        ("bytes=100-199", (100, 199)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=0-10,20-30", None),
        ("items=0-10", None),
        ("bytes=50-10", None),
        ("bytes=-", None),
        ("bytes=abc-def", None),
    ],
)
def test_a_range_header_asks_for_bytes_of_the_file(header, expected):
    assert media.byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_is_unsatisfiable(header):
    with pytest.raises(Unsatisfiable):
        media.byte_range(header, 1000)


@pytest.mark.parametrize(
    ("size", "words"),
    [(10, "1 KB"), (4096, "4 KB"), (4_404_019, "4.2 MB"), (100 * 1024 * 1024, "100 MB")],
)
def test_a_size_reads_in_kilobytes_or_megabytes(size, words):
    assert media.size_words(size) == words
