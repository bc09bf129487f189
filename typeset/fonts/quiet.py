"""fontTools' log lines → our logger, never stderr (issue 13 §2, §7).

fontTools reports through `logging` ("FFTM NOT subset; don't know how to
subset; dropped", "… table is malformed").  With no handler configured,
Python prints warnings on stderr (logging.lastResort), before our own
message and in no user's language.  While typeset calls fontTools, its
records go to the `typeset.fonts` logger at DEBUG level instead: visible
when a developer configures logging, silent otherwise.  Scoped to our
calls, so an application's own fontTools logging is left as it set it.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager

OUR_LOG = logging.getLogger("typeset.fonts")


class _ToOurLog(logging.Handler):
    """Re-logs a fontTools record on `typeset.fonts`, as DEBUG, naming its origin."""

    def emit(self, record: logging.LogRecord) -> None:
        OUR_LOG.debug("%s: %s", record.name, record.getMessage())


_HANDLER = _ToOurLog()


@contextmanager
def fonttools_to_our_log():
    """Within the block, fontTools' records reach `typeset.fonts` only."""
    lib = logging.getLogger("fontTools")
    if _HANDLER in lib.handlers:          # nested use: already redirected
        yield
        return
    propagate = lib.propagate
    lib.addHandler(_HANDLER)
    lib.propagate = False
    try:
        yield
    finally:
        lib.removeHandler(_HANDLER)
        lib.propagate = propagate
