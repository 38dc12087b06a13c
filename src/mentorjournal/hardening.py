"""Process hardening applied at start, before any secret is read.

Core dumps would write decrypted notes and keys to disk; ptrace-ability lets another process of the
same user read them. We switch both off where the platform allows, and set umask 077 so that any
file the process creates is private even if a code path forgets its explicit mode.
"""

from __future__ import annotations

import ctypes
import os
import sys

_PR_SET_DUMPABLE = 4


def harden_process() -> list[str]:
    """Apply every hardening step; return the steps that could not be applied (for `doctor`-style output)."""
    failed: list[str] = []
    os.umask(0o077)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        failed.append("RLIMIT_CORE")
    if sys.platform.startswith("linux"):
        try:
            libc = _libc()
            if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                failed.append("PR_SET_DUMPABLE")
        except (OSError, AttributeError):
            failed.append("PR_SET_DUMPABLE")
    return failed


def _libc() -> ctypes.CDLL:
    # The interpreter's own symbols, libc's among them: no `ctypes.util.find_library`, which imports
    # subprocess and may run ldconfig, at every start of every command.
    return ctypes.CDLL(None, use_errno=True)


def is_dumpable() -> bool | None:
    """Linux only: whether the process may dump core / be ptraced (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    return bool(libc.prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
