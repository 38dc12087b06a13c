"""Size caps on every input, and the one way files given on the command line are read.

Every file the program is handed (a note, an import, a secret) is read through ``read_capped``: at most
its cap, never "until memory runs out" (``--file /dev/zero``), with one clean error naming the file
(docs/usage.md, "Limits"). The caps are far above any real note, and far below what would hurt.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from mentorjournal.errors import InvalidInput, UsageError
from mentorjournal.inert import inert_name

MIB = 1024 * 1024
NOTE_FILE_MAX = 128 * MIB  # a note file, or a note on standard input
IMPORT_FILE_MAX = 256 * MIB  # a jrnl JSON export, or one file of an imported folder
SECRET_FILE_MAX = 4096  # a passphrase or recovery-key file
NUMBER_DIGITS_MAX = 20  # a number anywhere in an input (minutes, a jrnl field) has at most this many digits
MINUTES_MAX = 24 * 60  # a session's duration


def too_large(shown: str, cap: int) -> InvalidInput:
    return InvalidInput(f"{shown} is larger than the {cap // MIB or cap} {'MiB' if cap >= MIB else 'bytes'} allowed")


def read_stream(stream: BinaryIO, shown: str, cap: int) -> bytes:
    """At most ``cap`` bytes from ``stream``; more is refused (the stream is not read further)."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise too_large(shown, cap)
    return data


def read_capped(path: Path, cap: int, *, shown: str | None = None) -> bytes:
    """The bytes of ``path`` (a file, a pipe, a device...), at most ``cap``; a clean error otherwise."""
    name = inert_name(shown if shown is not None else str(path))
    try:
        with open(path, "rb") as stream:
            if stat.S_ISDIR(os.fstat(stream.fileno()).st_mode):
                raise UsageError(f"{name} is a folder, not a file")
            return read_stream(stream, name, cap)
    except IsADirectoryError:
        raise UsageError(f"{name} is a folder, not a file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {name} ({exc.__class__.__name__})") from None
    except MemoryError:
        raise too_large(name, cap) from None


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 text; anything else (or text a note cannot hold) is refused with the place, never the content."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(f"{inert_name(shown)}: line {line}: not UTF-8 text") from None
    return text


def check_text(value: str, where: str) -> None:
    """Refuse text no vault can store: lone surrogates (from undecodable bytes or a JSON ``\\ud800``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{where}: text that is not valid Unicode (a lone surrogate)") from None
