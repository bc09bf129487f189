"""转版: the rest of an article from an earlier page, under its （上接第N版）
line.  The article's part carries the lines it could not set
(flow/pages.py `Jumps`); the continuation threads them through its columns."""
from __future__ import annotations

from ..model import Continuation
from ..model.build import placement, source_line
from ..registry import BlockKind, register


def build(element, block_id: str) -> Continuation:
    """A <continuation of="…"> → Continuation."""
    return Continuation(id=block_id, of=element.get("of").strip(), placement=placement(element),
                        line=source_line(element))


def content(ts, block: Continuation, span: int, ctx):
    """（上接第N版）, then the lines its article carried over (none when the
    article fitted on its own page: a warning says so)."""
    from ..flow.blocks import BlockContent, Composed
    from ..messages import say
    carried = ctx.jumps.carried.get(block.of, [])
    text = "".join(s.text for s in carried)
    result = BlockContent("continuation", paragraphs=[Composed((), text, block.line)] if text else [])
    if carried:
        result.stream = [ts.jump_label("from", ctx.jumps.from_page.get(block.of, 0))] + carried
    else:
        result.warnings.append(say("nothing_carried", of=block.of))
    return result


KIND = register(BlockKind(name="continuation", grows=True, model=Continuation, build=build, content=content,
                          messages={"kind_continuation": ("接转", "continuation")}))
