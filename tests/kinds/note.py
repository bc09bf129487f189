"""A block kind written by a test alone: <note>, a framed box of paragraphs.

It is the whole of what a new kind needs (issue 17 §1): its model type, its
builder, its layout, its schema fragment and its messages, in one module,
registered with `typeset.registry.register`.  No file of typeset/ names it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from typeset.model import Paragraph, Placement
from typeset.model.build import paragraphs, placement, source_line
from typeset.registry import BlockKind

SCHEMA = """
<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <define name="block" combine="choice"><ref name="note"/></define>
  <define name="note">
    <element name="note">
      <optional><ref name="id"/></optional>
      <ref name="placement"/>
      <oneOrMore><ref name="p"/></oneOrMore>
    </element>
  </define>
</grammar>
"""


@dataclass(frozen=True)
class Note:
    """A note: its paragraphs, in a frame."""
    id: str
    paragraphs: tuple[Paragraph, ...]
    placement: Placement = field(default_factory=Placement)
    line: int = 0
    lang: str = ""


def build(element, block_id: str) -> Note:
    """A <note> → Note."""
    return Note(id=block_id, paragraphs=paragraphs(element), placement=placement(element),
                line=source_line(element))


def content(ts, note: Note, span: int, ctx):
    """The note's lines in its columns, inside a frame (a boxed block)."""
    from typeset.flow.blocks import BlockContent
    from typeset.flow.slugs import Slug
    stream, composed = ts.body_slugs(note.paragraphs, ts.grid.column_width, art=note.id)
    air = Slug(lines=1, items=(), kind="space")       # a line of air inside the frame, top and foot
    return BlockContent("note", head=[air], stream=stream + [air], paragraphs=composed, boxed=True,
                        art=note.id)


KIND = BlockKind(name="note", model=Note, build=build, content=content, schema=SCHEMA,
                 paragraphs=lambda note: note.paragraphs, roles=("note",),
                 messages={"kind_note": ("注释", "note")})
