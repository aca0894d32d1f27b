"""What a form-check file is, read from its own bytes, and what Spotter accepts. Pure: no Django.

A file's type is read from its content (magic bytes and container headers), never from its name
or the type the browser claims: JPEG, PNG and WebP photos; MP4, QuickTime (MOV) and WebM videos.
A video's length is read from its container: the movie header (``mvhd``) of an MP4 or MOV, the
segment's ``Duration`` of a WebM. Readers take a seekable binary file, so a 100 MB video is never
read whole.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

PHOTO = "photo"
VIDEO = "video"

# How much of the start of a file the type sniffer reads.
SNIFF_BYTES = 64


@dataclass(frozen=True)
class MediaType:
    name: str  # what a person reads: "MP4 video"
    content_type: str
    kind: str  # PHOTO or VIDEO
    extension: str


JPEG = MediaType("JPEG photo", "image/jpeg", PHOTO, "jpg")
PNG = MediaType("PNG photo", "image/png", PHOTO, "png")
WEBP = MediaType("WebP photo", "image/webp", PHOTO, "webp")
MP4 = MediaType("MP4 video", "video/mp4", VIDEO, "mp4")
MOV = MediaType("QuickTime video", "video/quicktime", VIDEO, "mov")
WEBM = MediaType("WebM video", "video/webm", VIDEO, "webm")
ACCEPTED = (JPEG, PNG, WEBP, MP4, MOV, WEBM)
ACCEPTED_WORDS = "a JPEG, PNG or WebP photo, or an MP4, MOV or WebM video"
BY_CONTENT_TYPE = {media.content_type: media for media in ACCEPTED}

# ISO base media brands (the ``ftyp`` box) of video files phones and cameras write.
MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso3",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"hvc1",
        b"M4V ",
        b"M4VH",
        b"M4VP",
        b"3gp4",
        b"3gp5",
        b"3gp6",
        b"3g2a",
        b"mmp4",
        b"MSNV",
        b"dash",
        b"XAVC",
        b"f4v ",
    }
)
QUICKTIME_BRAND = b"qt  "
# Brands of the same container that hold no video we accept: HEIF/AVIF photos, audio.
NOT_VIDEO_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}
    | {b"M4A ", b"M4B ", b"M4P "}
)
# Old QuickTime files start with one of these atoms instead of ``ftyp``.
QUICKTIME_FIRST_ATOMS = frozenset({b"moov", b"wide", b"mdat", b"pnot"})

EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def sniff(head: bytes) -> MediaType | None:
    """The accepted type the first bytes of a file announce, or None for anything else
    (including GIF, HEIC, PDF, Matroska that is not WebM, text)."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(EBML_MAGIC):
        return WEBM if _ebml_doctype(head) == b"webm" else None
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _iso_type(head)
    if len(head) >= 8 and head[4:8] in QUICKTIME_FIRST_ATOMS:
        return MOV
    return None


def _iso_type(head: bytes) -> MediaType | None:
    size = struct.unpack(">I", head[:4])[0]
    major = head[8:12]
    end = min(len(head), size) if size >= 16 else len(head)
    compatible = {head[i : i + 4] for i in range(16, end - 3, 4)}
    if major == QUICKTIME_BRAND:
        return MOV
    if major in NOT_VIDEO_BRANDS:
        return None
    if major in MP4_BRANDS:
        return MP4
    if QUICKTIME_BRAND in compatible:
        return MOV
    if compatible & MP4_BRANDS and not compatible & NOT_VIDEO_BRANDS:
        return MP4
    return None


# -- EBML (WebM) ------------------------------------------------------------------------------

EBML_DOCTYPE = 0x4282
SEGMENT = 0x18538067
INFO = 0x1549A966
TIMECODE_SCALE = 0x2AD7B1
DURATION = 0x4489
DEFAULT_TIMECODE_SCALE = 1_000_000  # nanoseconds per tick
UNKNOWN_SIZE = -1


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int] | None:
    """An EBML variable-length integer at ``pos``: (value, bytes used), or None if cut off.
    Element ids keep their length marker; sizes drop it (all ones: unknown size)."""
    if pos >= len(data):
        return None
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        length += 1
        mask >>= 1
    if length > 8 or pos + length > len(data):
        return None
    value = first if keep_marker else first & (mask - 1)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        return UNKNOWN_SIZE, length
    return value, length


def _element(data: bytes, pos: int) -> tuple[int, int, int] | None:
    """(id, data start, size) of the element at ``pos``, or None if its header is cut off."""
    element_id = _vint(data, pos, keep_marker=True)
    if element_id is None:
        return None
    size = _vint(data, pos + element_id[1], keep_marker=False)
    if size is None:
        return None
    return element_id[0], pos + element_id[1] + size[1], size[0]


def _ebml_doctype(head: bytes) -> bytes | None:
    header = _element(head, 0)
    if header is None or header[2] == UNKNOWN_SIZE:
        return None
    _, start, size = header
    pos, end = start, min(start + size, len(head))
    while pos < end:
        child = _element(head, pos)
        if child is None or child[2] == UNKNOWN_SIZE:
            return None
        child_id, child_start, child_size = child
        if child_id == EBML_DOCTYPE:
            return head[child_start : child_start + child_size].rstrip(b"\x00")
        pos = child_start + child_size
    return None


WEBM_HEAD_BYTES = 256 * 1024  # Info sits before the first cluster, near the start


def webm_duration(stream: BinaryIO) -> float | None:
    """Seconds a WebM lasts, from its segment's Info (Duration × TimecodeScale), or None when
    it does not say (live recordings may leave Duration out) or cannot be read."""
    stream.seek(0)
    data = stream.read(WEBM_HEAD_BYTES)
    header = _element(data, 0)
    if header is None or header[0] != 0x1A45DFA3 or header[2] == UNKNOWN_SIZE:
        return None
    pos = header[1] + header[2]
    segment = _element(data, pos)
    if segment is None or segment[0] != SEGMENT:
        return None
    pos = segment[1]
    while pos < len(data):
        child = _element(data, pos)
        if child is None or child[2] == UNKNOWN_SIZE:
            return None  # a cluster of unknown size: Info would have come before it
        child_id, start, size = child
        if child_id == INFO:
            return _info_duration(data[start : start + size])
        pos = start + size
    return None


def _info_duration(info: bytes) -> float | None:
    scale, duration = DEFAULT_TIMECODE_SCALE, None
    pos = 0
    while pos < len(info):
        child = _element(info, pos)
        if child is None or child[2] == UNKNOWN_SIZE:
            break
        child_id, start, size = child
        value = info[start : start + size]
        if len(value) < size:
            break
        if child_id == TIMECODE_SCALE and 1 <= size <= 8:
            scale = int.from_bytes(value, "big")
        elif child_id == DURATION and size in (4, 8):
            duration = float(struct.unpack(">f" if size == 4 else ">d", value)[0])
        pos = start + size
    if duration is None or scale <= 0 or not duration >= 0 or duration == float("inf"):
        return None
    return duration * scale / 1e9


# -- ISO base media (MP4, MOV) ----------------------------------------------------------------


def _boxes(stream: BinaryIO, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, data start, box end) of each box between ``start`` and ``end``; stops at the first
    box whose size does not fit (a cut-off or corrupt file)."""
    pos = start
    while pos + 8 <= end:
        stream.seek(pos)
        header = stream.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        header_size = 8
        if size == 1:
            large = stream.read(8)
            if len(large) < 8:
                return
            size, header_size = struct.unpack(">Q", large)[0], 16
        elif size == 0:
            size = end - pos  # to the end of the enclosing box (or file)
        if size < header_size or pos + size > end:
            return
        yield kind, pos + header_size, pos + size
        pos += size


def _child(stream: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    for found, data_start, box_end in _boxes(stream, start, end):
        if found == kind:
            return data_start, box_end
    return None


def _file_size(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    return stream.tell()


def mp4_duration(stream: BinaryIO) -> float | None:
    """Seconds an MP4 or MOV lasts: the movie header's duration over its timescale (a
    fragmented file whose header says 0: the movie extends header's ``mehd``), or None."""
    moov = _child(stream, 0, _file_size(stream), b"moov")
    if moov is None:
        return None
    mvhd = _child(stream, *moov, b"mvhd")
    if mvhd is None:
        return None
    stream.seek(mvhd[0])
    header = stream.read(min(32, mvhd[1] - mvhd[0]))
    if len(header) < 4:
        return None
    timescale: int
    duration: int | None
    if header[0] == 1:
        if len(header) < 32:
            return None
        timescale, duration = struct.unpack(">IQ", header[20:32])
        unknown = duration == 0xFFFFFFFFFFFFFFFF
    else:
        if len(header) < 20:
            return None
        timescale, duration = struct.unpack(">II", header[12:20])
        unknown = duration == 0xFFFFFFFF
    if timescale == 0:
        return None
    if duration == 0 or unknown:
        duration = _fragment_duration(stream, moov)
        if duration is None:
            return None
    return duration / timescale


def _fragment_duration(stream: BinaryIO, moov: tuple[int, int]) -> int | None:
    mvex = _child(stream, *moov, b"mvex")
    mehd = _child(stream, *mvex, b"mehd") if mvex else None
    if mehd is None:
        return None
    stream.seek(mehd[0])
    data = stream.read(12)
    if len(data) >= 12 and data[0] == 1:
        return struct.unpack(">Q", data[4:12])[0] or None
    if len(data) >= 8:
        return struct.unpack(">I", data[4:8])[0] or None
    return None


def mp4_has_video_track(stream: BinaryIO) -> bool:
    """Whether an MP4 or MOV holds a video track (a ``trak`` whose handler is ``vide``): an
    audio-only file in the same container is not a form check."""
    moov = _child(stream, 0, _file_size(stream), b"moov")
    if moov is None:
        return False
    for kind, start, end in _boxes(stream, *moov):
        if kind != b"trak":
            continue
        mdia = _child(stream, start, end, b"mdia")
        hdlr = _child(stream, *mdia, b"hdlr") if mdia else None
        if hdlr is None:
            continue
        stream.seek(hdlr[0])
        data = stream.read(12)
        if data[8:12] == b"vide":
            return True
    return False


# -- what is accepted ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_seconds: float


class Refusal(Exception):
    """Why a file is refused: the request field, a sentence for a person, the HTTP status."""

    def __init__(self, field: str, message: str, status: int = 400):
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True)
class Inspection:
    media_type: MediaType
    duration_seconds: float | None  # videos only


def size_words(size: int) -> str:
    """A file size as a person reads it: 900 KB, 4.2 MB, 150 MB."""
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    if size < 10 * 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size // 1024 // 1024} MB"


def size_refusal(size: int, limits: Limits, field: str = "file") -> Refusal | None:
    """A file larger than the limit is a 413 saying both sizes; an empty one a 400."""
    if size <= 0:
        return Refusal(field, "The file is empty.")
    if size > limits.max_bytes:
        return Refusal(
            field,
            f"The file is {size_words(size)}; form checks are at most "
            f"{size_words(limits.max_bytes)}. Trim the video or record a shorter one.",
            413,
        )
    return None


def length_refusal(seconds: float | None, limits: Limits, field: str = "file") -> Refusal | None:
    """A video whose length cannot be read, or longer than the limit, is refused."""
    if seconds is None:
        return Refusal(
            field,
            "We could not read how long this video is. Record it again with the phone's camera, "
            "or send an MP4.",
        )
    if seconds > limits.max_seconds:
        return Refusal(
            field,
            f"The video lasts {clock(seconds)}; form checks are at most "
            f"{clock(limits.max_seconds)}. Trim it to the set you want checked.",
        )
    return None


def inspect(stream: BinaryIO, size: int, limits: Limits, field: str = "file") -> Inspection:
    """Check a file against the limits: size first (413), then type from its content, then a
    video's track and length. Returns what it is, or raises ``Refusal``."""
    refusal = size_refusal(size, limits, field)
    if refusal:
        raise refusal
    stream.seek(0)
    media_type = sniff(stream.read(SNIFF_BYTES))
    if media_type is None:
        raise Refusal(field, f"This file is not {ACCEPTED_WORDS} (read from its content).")
    if media_type.kind == PHOTO:
        return Inspection(media_type, None)
    if media_type in (MP4, MOV):
        if not mp4_has_video_track(stream):
            raise Refusal(field, "This file holds no video track.")
        seconds = mp4_duration(stream)
    else:
        seconds = webm_duration(stream)
    refusal = length_refusal(seconds, limits, field)
    if refusal:
        raise refusal
    assert seconds is not None  # an unreadable length is refused above
    return Inspection(media_type, round(seconds, 3))


# -- moments in a video -------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """Seconds as a video player shows them: 0:07, 1:05, 1:02:03 (whole seconds, rounded down)."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moment_refusal(at_seconds: float | None, kind: str, duration: float | None) -> str | None:
    """Why a comment cannot be tied to this moment: a photo has no moments, a video's moment
    lies between 0 and its length. None (no moment) is always fine."""
    if at_seconds is None:
        return None
    if kind != VIDEO:
        return "A photo has no moments: leave the time out."
    if at_seconds < 0:
        return "A moment is 0 seconds or later."
    if duration is not None and at_seconds > duration + 0.5:
        return f"The video lasts {clock(duration)}; pick a moment within it."
    return None


# -- byte ranges (streaming a video to a player) ------------------------------------------------

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    """A Range header no byte of the file satisfies (HTTP 416)."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) bytes a single-range ``Range`` header asks for, clamped to the file;
    None to send the whole file (no header, several ranges, or one we do not read). Raises
    ``Unsatisfiable`` for a range starting past the end."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    if start >= size:
        raise Unsatisfiable
    end = int(last) if last else size - 1
    if end < start:
        return None
    return start, min(end, size - 1)
