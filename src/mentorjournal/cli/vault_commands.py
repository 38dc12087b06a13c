"""Vault commands: init, passwd, recover, check, locate."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mentorjournal.cli.context import CHEAP_WARNING, CliContext
from mentorjournal.errors import RecordDamaged
from mentorjournal.inert import inert_name
from mentorjournal.journal.erasure_records import erased, erasure_records, still_present
from mentorjournal.paths import locations
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, KdfParams, Vault


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create a new vault")
    p.add_argument("--no-recovery-key", action="store_true", help="do not create a recovery key")
    p.add_argument(
        "--insecure-test-kdf",
        action="store_true",
        help="use test-only Argon2 parameters (for tests and benchmarks; every unlock will warn)",
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("passwd", help="change the passphrase (rewrites only the header)")
    p.add_argument("--new-passphrase-file", metavar="PATH", help="read the new passphrase from this file ('-': stdin)")
    p.set_defaults(handler=cmd_passwd)

    p = sub.add_parser("recover", help="set a new passphrase using the recovery key")
    p.add_argument("--recovery-key-file", metavar="PATH", help="read the recovery key from this file ('-': stdin)")
    p.add_argument("--new-passphrase-file", metavar="PATH", help="read the new passphrase from this file ('-': stdin)")
    p.set_defaults(handler=cmd_recover)

    p = sub.add_parser("check", help="authenticate and decrypt every file; name any damaged one")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("locate", help="print the vault, config and state folders")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_locate)


def _kdf_for(args: argparse.Namespace) -> KdfParams | None:
    return CHEAPEST_FOR_TESTS_ONLY if args.insecure_test_kdf else None


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    passphrase = ctx.new_secret(ctx.passphrase_file)
    kdf = _kdf_for(args)
    if kdf is None:
        ctx.info("Calibrating Argon2id so that unlocking takes about 0.75 s on this machine...")
    created = Vault.create(
        ctx.vault_dir,
        passphrase,
        kdf=kdf,
        recovery_key=not args.no_recovery_key,
        calibration_progress=ctx.info if kdf is None else None,
    )
    vault = created.vault
    try:
        ctx.print(f"Created a vault in {ctx.vault_dir} ({vault.kdf.describe()}).")
        if vault.is_cheap:
            ctx.info(CHEAP_WARNING)
        if created.recovery_key:
            ctx.print("")
            ctx.print("Recovery key (shown once; write it down and keep it apart from this computer):")
            ctx.print("")
            ctx.print(f"    {created.recovery_key}")
            ctx.print("")
            ctx.print("With it, `mentorjournal recover` sets a new passphrase if you forget yours.")
    finally:
        vault.lock()
    return 0


def cmd_passwd(args: argparse.Namespace, ctx: CliContext) -> int:
    vault = ctx.open_vault()
    new = ctx.new_secret(args.new_passphrase_file)
    if not vault.is_cheap:
        ctx.info("Calibrating Argon2id for the new passphrase...")
    removed = vault.change_passphrase(new, calibration_progress=None if vault.is_cheap else ctx.info)
    ctx.print("Passphrase changed. Record files are unchanged.")
    _what_opens_now(ctx, vault, removed)
    return 0


def _what_opens_now(ctx: CliContext, vault: Vault, removed: list[Path]) -> None:
    """Say exactly what opens the vault folder after a new header was written (docs/security.md)."""
    if removed:
        names = ", ".join(inert_name(p.name) for p in removed)
        ctx.print(f"Removed {len(removed)} sync copy(ies) of the header that held other passphrases: {names}.")
    opens = "the new passphrase and the recovery key" if vault.has_recovery_key else "the new passphrase"
    ctx.print(
        f"This vault folder now opens only with {opens}. Copies of the folder made before (backups, sync "
        "history, git) still open with the passphrase they were made with."
    )


def cmd_recover(args: argparse.Namespace, ctx: CliContext) -> int:
    Vault.read_header(ctx.vault_dir)
    key = ctx.secret(args.recovery_key_file, "Recovery key: ", "recovery key")
    vault = Vault.unlock_with_recovery_key(ctx.vault_dir, key)
    try:
        new = ctx.new_secret(args.new_passphrase_file)
        removed = vault.change_passphrase(new, calibration_progress=None if vault.is_cheap else ctx.info)
        ctx.print("New passphrase set. The recovery key still works; keep it safe.")
        _what_opens_now(ctx, vault, removed)
    finally:
        vault.lock()
    return 0


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    vault = ctx.open_vault(read_only=True)
    report = vault.check(lambda done, total: ctx.progress("Checking", done, total))
    graph = vault.graph
    conflicts = graph.conflicts()
    erasures = erased(vault)
    # Parents an erasure removed are gone on purpose; files an erasure covers that are still here are
    # removed by the next writable unlock (they arrived by sync before the erasure record did).
    missing = graph.missing_parents() - erasures.revision_ids
    pending = still_present(vault, erasures)
    if args.json:
        ctx.print_json(
            {
                "ok": not report.damaged and not report.unexpected,
                "records_checked": report.loaded + len(report.damaged),
                "revisions_ok": report.loaded,
                "damaged": [{"file": str(d.path), "reason": d.reason} for d in report.damaged],
                "unexpected": [{"file": str(d.path), "reason": d.reason} for d in report.unexpected],
                "harmless": [{"file": str(d.path), "reason": d.reason} for d in report.harmless],
                "ignored": [str(p) for p in report.ignored],
                "conflicts": sorted(conflicts),
                "missing_parents": len(missing),
                "erasure_records": len(erasure_records(vault)),
                "erasure_pending": len(pending),
                "held": report.held,
            }
        )
    else:
        for damaged in report.damaged:
            ctx.print(f"DAMAGED {inert_name(str(damaged.path))}: {damaged.reason}")
        for odd in report.unexpected:
            ctx.print(f"UNEXPECTED {inert_name(str(odd.path))}: {odd.reason}")
        for harmless in report.harmless:
            ctx.print(f"note {inert_name(str(harmless.path))}: {harmless.reason}")
        if conflicts:
            ctx.print(f"{len(conflicts)} record(s) have conflicting revisions (edited on two machines).")
        if missing:
            ctx.print(f"{len(missing)} revision(s) name a parent not present yet (a sync in progress?).")
        if pending:
            ctx.print(f"{len(pending)} file(s) of erased records are still here; a writable unlock removes them.")
        if report.held:
            ctx.print(
                f"{report.held} revision(s) of an interrupted save (or one still arriving) are not shown: "
                "a save of several records is shown whole or not at all."
            )
        problems = [f"{len(report.damaged)} damaged file(s)"] if report.damaged else []
        if report.unexpected:
            problems.append(f"{len(report.unexpected)} file(s) or folder(s) not of the vault's layout")
        verdict = "; ".join(problems) or "OK"
        ctx.print(f"{report.loaded} revision file(s) authenticated; header checked; {verdict}.")
    if report.damaged or report.unexpected:
        raise RecordDamaged(
            f"{len(report.damaged)} damaged and {len(report.unexpected)} unexpected file(s) in the vault "
            "(listed above); records may be missing from what the vault shows"
        )
    return 0


def cmd_locate(args: argparse.Namespace, ctx: CliContext) -> int:
    where = locations(ctx.vault_dir)
    facts = {
        "vault": str(where.vault),
        "config": str(where.config),
        "state": str(where.state),
        "cache": str(where.cache),
    }
    if args.json:
        ctx.print_json(facts)
    else:
        for name, path in facts.items():
            ctx.print(f"{name:7} {path}")
    return 0
