"""Several machines: backup, restore, sync-status, remove-header-copies, and a vault-level `conflicts`.

Every command here speaks about files, ids, kinds and times, never about content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mentorjournal.cli.context import CHEAP_WARNING, CliContext
from mentorjournal.errors import RecordDamaged, UsageError
from mentorjournal.inert import inert_name
from mentorjournal.vault import Vault, is_vault
from mentorjournal.vault.backup import create_backup, restore_backup
from mentorjournal.vault.sync import remove_header_copies, sync_status


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="write the whole vault, still encrypted, to one file")
    p.add_argument("path", metavar="PATH", help="the backup file to create (outside the vault folder)")
    p.add_argument("--force", action="store_true", help="replace PATH if it already exists")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup into the --vault folder (new or empty), then check it")
    p.add_argument("path", metavar="PATH", help="a file written by `mentorjournal backup`")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace a vault already in the folder (it is kept beside it, renamed; asks first on a terminal)",
    )
    p.add_argument(
        "--recovery-key-file", metavar="PATH", help="open the backup with the recovery key from this file ('-': stdin)"
    )
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("sync-status", help="what a sync engine left in the vault folder, and what to do about it")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_sync_status)

    p = sub.add_parser(
        "remove-header-copies",
        help="remove a sync engine's copies of the vault header, once every machine uses one passphrase",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (needed when there is no terminal)")
    p.set_defaults(handler=cmd_remove_header_copies)

    # The journal layer may offer a richer `conflicts` (names, merge); this one only counts revisions.
    if "conflicts" not in getattr(sub, "choices", {}):
        p = sub.add_parser("conflicts", help="records edited on two machines (several current versions)")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=cmd_conflicts)


def _tell_header_conflict(ctx: CliContext, vault: Vault) -> None:
    if vault.header_conflict is not None:
        ctx.info(f"note: {vault.header_conflict}")


def _confirm(question: str) -> bool:
    """Ask on the terminal; only an explicit yes counts."""
    if not sys.stdin.isatty():
        return False
    answer = input(f"{question} [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    vault = ctx.open_vault(read_only=True)  # it tells the mentor about any header conflict
    summary = create_backup(
        vault,
        Path(args.path),
        overwrite=args.force,
        progress=lambda done, total: ctx.progress("Backing up", done, total),
    )
    ctx.print(f"Backed up {summary.files} file(s) to {summary.path} ({_size(summary.size)}), still encrypted.")
    ctx.print("It opens with the passphrase (or recovery key) the vault has today, even after you change it.")
    if summary.damaged:
        ctx.info(
            f"warning: {len(summary.damaged)} damaged record file(s) were copied as they are "
            "(run `mentorjournal check`)"
        )
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    target = ctx.vault_dir
    replace = False
    if args.force and is_vault(target):
        if sys.stdin.isatty() and not _confirm(
            f"Replace the vault in {target} with the backup? The current vault is kept beside it, renamed."
        ):
            raise UsageError("nothing was restored")
        replace = True

    def unlock(folder: Path) -> Vault:
        if args.recovery_key_file is not None:
            key = ctx.secret(args.recovery_key_file, "Recovery key: ", "recovery key")
            vault = Vault.unlock_with_recovery_key(folder, key, read_only=True)
        else:
            vault = Vault.unlock(folder, ctx.passphrase("Passphrase of the backup: "), read_only=True)
        if vault.is_cheap:
            ctx.info(CHEAP_WARNING)
        _tell_header_conflict(ctx, vault)
        return vault

    summary = restore_backup(
        Path(args.path),
        target,
        unlock,
        replace_existing=replace,
        progress=lambda done, total: ctx.progress("Reading backup (KiB)", done // 1024, total // 1024),
        check_progress=lambda done, total: ctx.progress("Checking", done, total),
    )
    ctx.print(f"Restored {summary.files} file(s) into {summary.target} (backup made {summary.created}).")
    if summary.previous_kept_as is not None:
        ctx.print(f"The vault that was there is kept as {summary.previous_kept_as}.")
    for damaged in summary.report.damaged:
        ctx.print(f"DAMAGED {damaged.path.name}: {damaged.reason}")
    if summary.report.damaged:
        raise RecordDamaged(f"{len(summary.report.damaged)} damaged file(s) were already damaged when backed up")
    ctx.print(f"Checked: {summary.report.loaded} revision file(s) authenticated; header checked; OK.")
    return 0


def cmd_sync_status(args: argparse.Namespace, ctx: CliContext) -> int:
    vault = ctx.open_vault(read_only=True)
    vault.load(lambda done, total: ctx.progress("Unlocking", done, total))
    status = sync_status(vault)
    conflict = status.header_conflict
    if args.json:
        ctx.print_json(
            {
                "header_conflict": None
                if conflict is None
                else {
                    "message": str(conflict),
                    "opened": conflict.opened.name,
                    "copies": [p.name for p in conflict.copies],
                },
                "files": [
                    {
                        "file": str(f.path.relative_to(vault.path)),
                        "engine": f.engine,
                        "what": f.what,
                        "verdict": f.verdict,
                        "safe_to_delete": f.safe_to_delete,
                    }
                    for f in status.files
                ],
                "conflicts": status.conflicts,
                "missing_parents": status.missing_parents,
            }
        )
        return 0
    if conflict is not None:
        ctx.print(f"Header: {conflict}")
    for found in status.files:
        ctx.print(inert_name(f"{found.path.relative_to(vault.path)}: {found.engine} {found.what}: {found.verdict}"))
    if status.conflicts:
        ctx.print(f"{status.conflicts} record(s) were edited on two machines: see `mentorjournal conflicts`.")
    if status.missing_parents:
        ctx.print(f"{status.missing_parents} earlier version(s) have not arrived yet (a sync in progress?).")
    if conflict is None and not status.files and not status.conflicts and not status.missing_parents:
        ctx.print("Nothing to do: no sync copies, no conflicts, nothing missing.")
    return 0


def cmd_remove_header_copies(args: argparse.Namespace, ctx: CliContext) -> int:
    vault = ctx.open_vault()
    conflict = vault.header_conflict
    if conflict is None or not conflict.copies:
        ctx.print("There are no copies of the vault header.")
        return 0
    names = inert_name(", ".join(p.name for p in conflict.copies))
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("give --yes to remove header copies without a terminal")
        question = (
            f"Remove {names}? Afterwards only the passphrase you just typed (and the recovery key) "
            "opens this vault; any other passphrase set on another machine stops working."
        )
        if not _confirm(question):
            raise UsageError("nothing was removed")
    removed = remove_header_copies(vault)
    names = ", ".join(p.name for p in removed)
    ctx.print(inert_name(f"Removed {len(removed)} copy(ies) of the vault header: {names}."))
    return 0


def cmd_conflicts(args: argparse.Namespace, ctx: CliContext) -> int:
    vault = ctx.open_vault(read_only=True)  # it tells the mentor about any header conflict
    vault.load(lambda done, total: ctx.progress("Unlocking", done, total))
    conflicts = vault.graph.conflicts()
    rows: list[dict[str, Any]] = [
        {
            "record": record_id,
            "kind": heads[0].kind,
            "versions": [
                {
                    "revision": h.revision_id,
                    "written_at": h.written_at.isoformat().replace("+00:00", "Z"),
                    "deleted": h.deleted,
                }
                for h in heads
            ],
        }
        for record_id, heads in sorted(conflicts.items())
    ]
    if args.json:
        ctx.print_json(rows)
        return 0
    if not rows:
        ctx.print("No conflicts.")
        return 0
    for row in rows:
        ctx.print(f"{row['kind']} {row['record'][:8]}: {len(row['versions'])} current versions")
        for version in row["versions"]:
            deleted = " (deleted)" if version["deleted"] else ""
            ctx.print(f"  {version['revision'][:8]}  written {version['written_at']}{deleted}")
    ctx.print("Open them in the app (Conflicts) to keep one, keep both, or merge; nothing is dropped until you do.")
    return 0
