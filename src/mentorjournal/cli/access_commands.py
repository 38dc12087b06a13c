"""``export --subject-access``: everything held about a mentee, third parties removed, for their request.

Non-interactive like every CLI export: every third-party finding is removed (flagged words included) and
kinds and counts, never values, are reported on standard error. Writing it asks for the plaintext
confirmation unless it is sealed with age (``--encrypt-to``); the export log records it.
"""

from __future__ import annotations

import argparse

from mentorjournal.cli.context import CliContext
from mentorjournal.cli.handoff_options import confirm_plaintext, destination, report_written
from mentorjournal.errors import UsageError
from mentorjournal.export.handoff import Sealing
from mentorjournal.journal import Journal, Mentee

ACCESS_WARNING = (
    "warning: a subject access document holds everything recorded about this mentee, private notes, "
    "reflections and concern records included (other people's names and details removed). Read it before it "
    "goes, and send it to the mentee only, sealed if you can (--encrypt-to)."
)


def export_subject_access(
    args: argparse.Namespace, ctx: CliContext, journal: Journal, mentee: Mentee, sealing: Sealing | None
) -> int:
    from mentorjournal.export.exporting import export_document, export_log
    from mentorjournal.export.subject_access import AccessReview, collect, render_access, third_parties

    if args.fmt not in ("md", "json"):
        raise UsageError("--subject-access writes md or json")
    if args.since or args.until:
        raise UsageError("--subject-access covers everything held: it takes no --since or --until")
    if not args.output:
        raise UsageError("--subject-access writes a file: give --output PATH")
    review = AccessReview(collect(journal, mentee, export_log(journal)), mentee, third_parties(journal, mentee))
    review.accept_all()  # non-interactive: every third-party finding is removed
    redacted = review.redacted()
    review.final_check(redacted)
    text = render_access(redacted, args.fmt)
    if sealing is None:
        confirm_plaintext(args, ctx, ACCESS_WARNING, "--subject-access")
    result = export_document(
        journal, mentee, text, destination(ctx, args, sealing), audience="subject-access", fmt=args.fmt,
        counts=review.counts(),
    )  # fmt: skip
    report_written(ctx, args, result.destination)
    listed = ", ".join(f"{kind} {n}" for kind, n in sorted(result.counts.items())) or "none"
    ctx.info(f"third parties removed: {listed}")
    return 0
