"""The search index of an unlock, made in a worker thread: the app stays responsive meanwhile.

On a new device the first search folds every note (about 10 s at 100,000 sessions), and even reading the
sealed index back takes a few tenths of a second: on the UI thread either would freeze the app. The build
works from a snapshot of the journal's records (journal/search_build.py) and is taken in on the UI thread
when it ends, caught up with whatever was saved meanwhile. Screens that wait for it have their
``search_index_ready`` called then. Locking cancels it (``cancel``): the build stops at its next batch,
nothing is attached or sealed, and its in-memory index is let go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorjournal.journal.search_build import BuildStopped

if TYPE_CHECKING:
    from textual.app import App

    from mentorjournal.journal import Journal
    from mentorjournal.journal.search_build import SearchBuild


class SearchPreparation:
    """At most one build at a time, for the journal it was started for."""

    def __init__(self, app: App[int]) -> None:
        self._app = app
        self._build: SearchBuild | None = None
        self._failed: Journal | None = None  # a journal whose build failed: its searches build in place

    @property
    def running(self) -> bool:
        return self._build is not None

    def start(self, journal: Journal) -> bool:
        """Make ``journal``'s index in a worker, unless one is on its way already. False: there is nothing
        to wait for (the index is ready, or a build failed and the search should build it in place)."""
        if self._build is not None:
            return True
        if self._failed is journal:
            return False
        build = journal.search_build()
        if build is None:
            return False
        self._build = build
        self._app.run_worker(lambda: self._run(build, journal), thread=True, group="search-index", name="search-index")
        return True

    def cancel(self) -> None:
        """Stop the build (the vault is being locked): it attaches and seals nothing."""
        build, self._build = self._build, None
        self._failed = None
        if build is not None:
            build.cancel()

    def _run(self, build: SearchBuild, journal: Journal) -> None:  # on the worker thread
        try:
            build.run()
            ok = True
        except BuildStopped:
            ok = False
        except Exception:  # noqa: BLE001 - the vault locked under it, or a failure: the search builds in place
            ok = False
        try:
            self._app.call_from_thread(self._done, build, journal, ok)
        except RuntimeError:  # the app has ended: let the index go here
            build.cancel()
            build.finish()

    def _done(self, build: SearchBuild, journal: Journal, ok: bool) -> None:  # on the UI thread
        if self._build is build:
            self._build = None
        current = getattr(self._app, "journal", None)
        if current is not journal:
            build.cancel()  # locked (and perhaps unlocked again) since it started
        attached = build.finish()
        if current is not journal:
            return
        if not ok and not attached and not build.cancelled:
            self._failed = journal
        for screen in list(self._app.screen_stack):
            ready = getattr(screen, "search_index_ready", None)
            if callable(ready):
                ready()
