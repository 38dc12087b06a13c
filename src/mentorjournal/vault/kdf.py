"""Argon2id: turning a passphrase into a key-wrapping key, with parameters we can defend.

Floors follow RFC 9106's second recommendation (m = 64 MiB, t = 3, p = 4, with p capped at the number
of cores). Creation calibrates ``t`` upward so one unlock costs about 0.5-1 s on the creating machine.
Parameters read from a header are bounded *before* Argon2 runs, so a hostile header cannot make us
allocate 64 GiB or spin for an hour. This module never sees or stores anything but the passphrase
bytes it is handed, and returns only derived keys.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from mentorjournal.errors import KdfParametersRefused

ALGORITHM_ARGON2ID = 1
SALT_LEN = 16
KEY_LEN = 32

# The floor for a normal vault (RFC 9106, second recommendation).
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_TIME_COST = 3
FLOOR_PARALLELISM = 4

# Bounds accepted when reading a header, whatever it says.
MAX_MEMORY_KIB = 4 * 1024 * 1024  # 4 GiB
MAX_TIME_COST = 100
MAX_PARALLELISM = 64
MIN_MEMORY_KIB = 8  # Argon2's own minimum is 8 KiB per lane; checked per lane below

# Calibration aims here; never exceeds the upper bound by design of the search.
TARGET_SECONDS = 0.75
UPPER_SECONDS = 1.0
LOWER_SECONDS = 0.5


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    time_cost: int
    parallelism: int

    @property
    def is_cheap(self) -> bool:
        """Below the floor: only for tests and benchmarks; unlocking such a vault warns every time."""
        return self.memory_kib < FLOOR_MEMORY_KIB or self.time_cost < FLOOR_TIME_COST

    def check_bounds(self) -> None:
        """Refuse parameters no honest vault would carry (before any work is done)."""
        if not 1 <= self.parallelism <= MAX_PARALLELISM:
            raise KdfParametersRefused(f"vault header asks for Argon2 parallelism {self.parallelism}; refused")
        if not 1 <= self.time_cost <= MAX_TIME_COST:
            raise KdfParametersRefused(f"vault header asks for Argon2 time cost {self.time_cost}; refused")
        if self.memory_kib > MAX_MEMORY_KIB:
            raise KdfParametersRefused(
                f"vault header asks for {self.memory_kib // 1024} MiB of Argon2 memory "
                f"(limit {MAX_MEMORY_KIB // 1024} MiB); refused"
            )
        if self.memory_kib < 8 * self.parallelism:
            raise KdfParametersRefused("vault header asks for less Argon2 memory than its lanes need; refused")
        # Below the floor only the one named test profile is run: anything else cheap is an edited
        # header (the slot could not open anyway), refused before Argon2 rather than called a wrong passphrase.
        if self.is_cheap and self != CHEAPEST_FOR_TESTS_ONLY:
            raise KdfParametersRefused(
                f"vault header asks for {self.describe()}, below the floor of m=64 MiB t=3 and not the "
                "test-only profile; refused"
            )

    def describe(self) -> str:
        memory = f"{self.memory_kib // 1024} MiB" if self.memory_kib >= 1024 else f"{self.memory_kib} KiB"
        return f"Argon2id m={memory} t={self.time_cost} p={self.parallelism}"


# Named parameter sets, in the manner of argon2-cffi's profiles.
CHEAPEST_FOR_TESTS_ONLY = KdfParams(memory_kib=256, time_cost=1, parallelism=1)
# What every front end says, on every unlock, of a vault made with parameters below the floor.
CHEAP_WARNING = (
    "This vault uses test-only Argon2 settings: anyone holding its files can guess the passphrase "
    "quickly. Do not keep real notes in it."
)


def default_parallelism() -> int:
    return max(1, min(FLOOR_PARALLELISM, os.cpu_count() or 1))


def floor_params() -> KdfParams:
    return KdfParams(FLOOR_MEMORY_KIB, FLOOR_TIME_COST, default_parallelism())


def derive_key(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(passphrase, salt) -> 32-byte key. Bounds are checked first."""
    params.check_bounds()
    return hash_secret_raw(
        secret=passphrase,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_LEN,
        type=Type.ID,
        version=19,
    )


def calibrate(
    progress: Callable[[str], None] | None = None,
    *,
    base: KdfParams | None = None,
    target_seconds: float = TARGET_SECONDS,
    clock: Callable[[], float] = time.perf_counter,
) -> KdfParams:
    """Raise the time cost from the floor until one derivation takes about ``target_seconds``.

    Argon2's cost is linear in t, so one measurement at the floor predicts the rest; a second
    measurement confirms the choice (machines with turbo boost run the first one fast).
    """
    params = base or floor_params()
    salt = os.urandom(SALT_LEN)
    probe = b"calibration probe"

    def measure(p: KdfParams) -> float:
        start = clock()
        derive_key(probe, salt, p)
        return clock() - start

    if progress:
        progress(f"Measuring this machine: {params.describe()}")
    elapsed = measure(params)
    for _ in range(4):
        if elapsed >= LOWER_SECONDS:
            break
        per_pass = elapsed / params.time_cost
        wanted = max(params.time_cost + 1, round(target_seconds / max(per_pass, 1e-6)))
        params = KdfParams(params.memory_kib, min(wanted, MAX_TIME_COST // 2), params.parallelism)
        if progress:
            progress(f"Calibrating: trying {params.describe()}")
        elapsed = measure(params)
        if params.time_cost >= MAX_TIME_COST // 2:
            break
    if progress:
        progress(f"Chosen {params.describe()} ({elapsed:.2f} s per unlock on this machine)")
    return params
