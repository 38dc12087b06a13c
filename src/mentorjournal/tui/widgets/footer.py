"""The key bar at the bottom of every screen: Textual's Footer, redrawn only when its keys change.

Textual's Footer rebuilds all its key widgets (unmount, mount, style, lay out) each time the screen's
bindings are refreshed: on every focus move, tab change and screen resume, four or five times while a
screen opens (about 35 ms each on a modest machine, a third of opening a mentee). The keys it shows
rarely differ between those refreshes, so this one compares what it would show with what it shows and
rebuilds only on a difference, at most once per refresh cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

KeysShown = tuple[tuple[object, ...], ...]


class KeyFooter(Footer):
    """A compact footer that skips redundant rebuilds."""

    # The palette key is docked right. Textual gives compact keys a one-cell right margin, and through that
    # cell the last letter of a key cut off by the palette key showed after it ("^p CommandsH").
    DEFAULT_CSS = """
    KeyFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    def __init__(self, *, compact: bool = True, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._shown: KeysShown | None = None
        self._rebuild_pending = False

    def _keys(self) -> KeysShown:
        """What ``compose`` would draw: every shown binding with its state, and the palette key's."""
        return tuple(
            (key, binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
