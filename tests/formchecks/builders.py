"""Tiny valid media files built by hand, byte by byte (no binaries in the repository): an MP4 or
MOV with its ftyp, a movie header and tracks, a WebM with its EBML header and Info, and the
first bytes of photos."""

from __future__ import annotations

import struct


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def ftyp(major: bytes = b"isom", compatible: tuple[bytes, ...] = (b"isom", b"mp41")) -> bytes:
    return box(b"ftyp", major + b"\x00\x00\x02\x00" + b"".join(compatible))


def mvhd(timescale: int, duration: int, version: int = 0) -> bytes:
    rest = (
        b"\x00\x01\x00\x00"
        + b"\x01\x00"
        + b"\x00" * 10
        + b"\x00" * 36
        + b"\x00" * 24
        + b"\x00\x00\x00\x02"
    )
    if version == 1:
        times = struct.pack(">QQIQ", 0, 0, timescale, duration)
    else:
        times = struct.pack(">IIII", 0, 0, timescale, duration)
    return box(b"mvhd", bytes([version]) + b"\x00\x00\x00" + times + rest)


def trak(handler: bytes = b"vide") -> bytes:
    hdlr = box(b"hdlr", b"\x00" * 4 + b"\x00" * 4 + handler + b"\x00" * 12 + b"\x00")
    return box(b"trak", box(b"mdia", hdlr))


def mp4(
    seconds: float = 5.0,
    *,
    timescale: int = 1000,
    major: bytes = b"isom",
    compatible: tuple[bytes, ...] = (b"isom", b"mp41"),
    handlers: tuple[bytes, ...] = (b"vide", b"soun"),
    version: int = 0,
    moov_last: bool = False,
    mdat_bytes: int = 32,
    extra_moov: bytes = b"",
) -> bytes:
    """A small MP4 (or, with major=b"qt  ", a MOV) that lasts ``seconds``."""
    moov = box(
        b"moov",
        mvhd(timescale, round(seconds * timescale), version)
        + b"".join(trak(h) for h in handlers)
        + extra_moov,
    )
    mdat = box(b"mdat", b"\x00" * mdat_bytes)
    head = ftyp(major, compatible)
    return head + (mdat + moov if moov_last else moov + mdat)


def _size(length: int) -> bytes:
    return b"\x01" + length.to_bytes(7, "big")  # an 8-byte EBML size


def element(element_id: bytes, data: bytes) -> bytes:
    return element_id + _size(len(data)) + data


UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def webm(
    seconds: float | None = 5.0,
    *,
    doctype: bytes = b"webm",
    scale: int = 1_000_000,
    float_size: int = 8,
    unknown_segment_size: bool = False,
    info_after_cluster: bool = False,
) -> bytes:
    header = element(
        b"\x1a\x45\xdf\xa3", element(b"\x42\x86", b"\x01") + element(b"\x42\x82", doctype)
    )
    info = element(b"\x2a\xd7\xb1", scale.to_bytes(4, "big"))
    if seconds is not None:
        ticks = seconds * 1e9 / scale
        info += element(b"\x44\x89", struct.pack(">f" if float_size == 4 else ">d", ticks))
    info_element = element(b"\x15\x49\xa9\x66", info)
    cluster = b"\x1f\x43\xb6\x75" + UNKNOWN + b"\xe7\x81\x00"
    children = cluster + info_element if info_after_cluster else info_element + cluster
    if unknown_segment_size:
        return header + b"\x18\x53\x80\x67" + UNKNOWN + children
    return header + element(b"\x18\x53\x80\x67", children)


JPEG_BYTES = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 40
    + b"\xff\xd9"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
WEBP_BYTES = b"RIFF" + struct.pack("<I", 60) + b"WEBPVP8 " + b"\x00" * 52
