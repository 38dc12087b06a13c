"""Hand-off without plaintext: an export sealed as an age file (https://age-encryption.org) in memory.

The reviewed, rendered text never touches the disk in clear: it is encrypted here, as bytes in memory, and
only the age file is written. Recipients are age X25519 public keys (``age1…``) and SSH ``ssh-ed25519`` /
``ssh-rsa`` public keys, given one by one or in a recipients file read the way ``age -R`` reads one (one
key a line, ``#`` comments and blank lines ignored). Or a passphrase (age's scrypt mode), which must not
be the vault's own: the file travels, and a vault passphrase sent with it would open the vault.

The file opens with the reference ``age -d`` (``-i KEY`` for a key, or the passphrase when asked), with
``rage``, and with any age implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import ssh, x25519

from mentorjournal.errors import UsageError, WrongPassphrase
from mentorjournal.vault import Vault
from mentorjournal.vault.keys import normalise_passphrase

AGE_SUFFIX = ".age"
_SSH_KINDS = ("ssh-ed25519", "ssh-rsa")
MAX_RECIPIENTS_FILE = 1 << 20  # a recipients file is a few lines; refuse to read a huge one whole

Recipient = x25519.Recipient | ssh.Recipient


def parse_recipient(text: str, *, where: str = "--encrypt-to") -> Recipient:
    """One recipient. The message names the kind of mistake, never quotes a long key."""
    value = text.strip()
    try:
        if value.startswith("age1"):
            return x25519.Recipient.from_str(value)
        if value.split(" ", 1)[0] in _SSH_KINDS:
            return ssh.Recipient.from_str(value)
    except pyrage.RecipientError:
        raise UsageError(f"{where}: not a valid age or SSH public key") from None
    if value.startswith("AGE-SECRET-KEY-") or "PRIVATE KEY" in value:
        raise UsageError(f"{where}: that is a private key; give the recipient's public key")
    raise UsageError(f"{where}: a recipient is an age key (age1…) or an ssh-ed25519 / ssh-rsa public key")


def read_recipients_file(path: str) -> list[Recipient]:
    """Every recipient in a file, as ``age -R`` reads it. An empty file is refused."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RECIPIENTS_FILE + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the recipients file {path}: {exc.__class__.__name__}") from None
    if len(raw) > MAX_RECIPIENTS_FILE:
        raise UsageError(f"the recipients file {path} is too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"the recipients file {path} is not UTF-8 text") from None
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(parse_recipient(line, where=f"{path} line {n}"))
    if not out:
        raise UsageError(f"the recipients file {path} names no recipient")
    return out


@dataclass(frozen=True)
class Sealing:
    """How an export is sealed: to public keys, or with a passphrase (never both: age does one or the other)."""

    recipients: tuple[Recipient, ...] = ()
    passphrase: str | None = None

    def __post_init__(self) -> None:
        if bool(self.recipients) == (self.passphrase is not None):
            raise UsageError("encrypt to recipients or with a passphrase, not both (and not neither)")

    def __repr__(self) -> str:  # a passphrase must never reach a log line or a traceback
        return f"Sealing(recipients={len(self.recipients)}, passphrase={'set' if self.passphrase else 'none'})"

    def describe(self) -> str:
        if self.passphrase is not None:
            return "age, passphrase"
        return f"age, {len(self.recipients)} recipient(s)"

    def seal(self, text: str) -> bytes:
        """The age file for ``text``: binary, as ``age`` writes by default."""
        plain = text.encode("utf-8")
        try:
            if self.passphrase is not None:
                return age_passphrase.encrypt(plain, self.passphrase)
            return pyrage.encrypt(plain, list(self.recipients))
        except pyrage.EncryptError as exc:
            raise UsageError(f"age could not encrypt: {exc.__class__.__name__}") from None


def sealing_for(recipients: Iterable[Recipient] = (), passphrase: str | None = None) -> Sealing:
    return Sealing(tuple(recipients), passphrase)


def sealing_from_text(text: str) -> Sealing | None:
    """Recipients typed in a form, comma-separated (an SSH key holds spaces, never a comma); None if empty."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return sealing_for([parse_recipient(p, where="encrypt to") for p in parts]) if parts else None


def refuse_vault_passphrase(vault_dir: Path, candidate: str) -> None:
    """Raise if ``candidate`` opens the vault at ``vault_dir``: its passphrase must never travel.

    Tried against the vault header itself (an Argon2 run, read-only: no lock taken), so the check holds
    whatever passphrase the mentor typed to unlock, and in the app, which keeps no passphrase.
    """
    if not normalise_passphrase(candidate):
        raise UsageError("an empty passphrase is refused")
    try:
        opened = Vault.unlock(vault_dir, candidate, read_only=True)
    except WrongPassphrase:
        return
    opened.lock()
    raise UsageError("that is the vault's own passphrase; choose another one for the file you send")


def open_sealed_export(data: bytes, *, identities: Sequence[object] = (), passphrase: str | None = None) -> str:
    """Decrypt an age file back to text (tests, and a mentor checking what they send)."""
    if passphrase is not None:
        return age_passphrase.decrypt(data, passphrase).decode("utf-8")
    return pyrage.decrypt(data, list(identities)).decode("utf-8")  # type: ignore[arg-type]
