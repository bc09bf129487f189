"""typeset — a print-layout typesetter for Chinese newspapers (command: paiban 排版).

Pipeline: XML issue → model → template → CJK composer → column and page flow
→ PDF drawer → PDF/X finishing → preflight.  See `typeset.pipeline`.
"""
__version__ = "0.2.0"
