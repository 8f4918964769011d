"""When the language server asks LanguageTool again after it failed (issue 16).

A grammar pass that cannot run (the persistent server stopped, the configured URL not
answering, the local server dead twice) is one diagnostic and one message. LanguageTool is
then asked again, by a new grammar backend (which finds the persistent server again, asks the
configured URL again, or starts a local server):

- on the next **save** of a draft, at once;
- on the next **change** of a draft, once the delay since the last failure has passed:
  2 s after the first failure, then twice as long after each failure in a row
  (4, 8, 16, 32 s), at most 60 s;
- when the configuration is reloaded (the URL may have been corrected).

Until then the failure stays shown, without contacting LanguageTool at each keystroke. The
first pass that runs clears it and says so once. Nothing retries on a timer: a draft that is
not touched is not checked again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FIRST_DELAY = 2.0
MAX_DELAY = 60.0


class Retry:
    """The state of LanguageTool as the server last saw it, and when to try it again."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        #: What the last failure said (``None``: LanguageTool answered, or was never asked).
        self.message: str | None = None
        #: Failures in a row.
        self.failures = 0
        self.next_try = 0.0

    @property
    def down(self) -> bool:
        return self.message is not None

    def delay(self) -> float:
        """How long after the last failure a change tries again."""
        if not self.failures:
            return 0.0
        return min(FIRST_DELAY * 2 ** (self.failures - 1), MAX_DELAY)

    def due(self, saved: bool = False) -> bool:
        """Whether a pass now should ask LanguageTool (a save always does)."""
        return not self.down or saved or self.clock() >= self.next_try

    def failed(self, message: str) -> None:
        self.message = message
        self.failures += 1
        self.next_try = self.clock() + self.delay()

    def succeeded(self) -> bool:
        """Record a pass that ran; ``True`` if it ends a failure (to be said once)."""
        was_down = self.down
        self.message = None
        self.failures = 0
        self.next_try = 0.0
        return was_down

    def reset(self) -> None:
        """A new configuration: the next pass tries at once (the failure stays shown)."""
        self.next_try = 0.0
