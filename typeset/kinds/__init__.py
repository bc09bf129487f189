"""The built-in block kinds, one module each (see `typeset.registry`).

Each module declares its kind — element, model type, builder, layout,
messages, roles — and registers it when imported; `typeset.registry` imports
this package the first time a stage asks for a kind.  The order here is the
order the kinds are listed in (schema hints, docs).

To add a kind (a table, a sidebar, an advertisement): write
`typeset/kinds/<name>.py` with its model dataclass, `build` and `content`
functions and a `BlockKind(...)` passed to `register`, give it a RELAX NG
fragment (`schema=`), import it below, and document its element in
docs/format.md.  tests/kinds/ shows a kind added by a test alone.
"""
from . import article, banner, briefs, continuation, photo, rule, summary, table  # noqa: F401  (they register themselves)
