"""Where a headline may break: between words, never inside a name or a number.

A headline (主题, 引题, 副题, 通栏标题) that does not fit its span is broken
into lines between words (page-making.md "Headlines": "never inside a name,
a number or a fixed phrase").  Chinese has no spaces between words, so the
words come from jieba, the field's standard segmenter: a dictionary of
~350k words with frequencies picks the most likely segmentation, and an HMM
over characters finds words the dictionary lacks — above all personal names
(王堃 is one word).  jieba is pure Python; building its prefix dictionary
costs ≈ 0.6 s the first time and ≈ 0.3 s from its cache, so it is loaded only
when a headline needs breaking (most headlines fit on one line), once per
process, with its cache in our cache dir and its log lines in our log; the
words it finds are stored there too, so rebuilding an issue never loads it.

On top of jieba's words, a few rules keep what it splits but a reader sees
as one (page-making.md): a number and the unit after it (2026|年, 5|万), 第
and its number, a compound surname and its given name (欧阳|娜娜), the parts
of a transliterated name around · (阿加莎·克里斯蒂).  The composer's own
classes (rule book §1.2 R1–R5) forbid the rest: no line starts with a
closing mark or ends with an opening one, no break inside ——, …… or a run
of digits and Latin (6.1%, COVID-19).
"""
from __future__ import annotations

import logging
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..compose import classes as C
from ..fonts.cachefile import read_cached, write_cached

LOG = logging.getLogger("typeset.headlines")

# Classes that form one unbreakable run together (rule book R5, L4): digits,
# Latin, signs and units stuck to them (6.1%, ￥30, COVID-19).
_WORDISH = frozenset({C.DIGIT, C.LATIN, C.PREFIX, C.POSTFIX, C.LOPEN, C.LCLOSE})
# Compound surnames (复姓) jieba often cuts off their given name (欧阳|娜娜).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 皇甫 令狐 慕容 尉迟 公孙 长孙 夏侯 端木 独孤 南宫 宇文 "
    "轩辕 司徒 司空 澹台 呼延 钟离 申屠 闻人 万俟 东方 西门 太史 公冶 赫连".split())
# Common single-character surnames: a one-character word of these followed by
# a one-character word is taken for a name jieba did not join (王|堃).
SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于"
                     "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
                     "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
# Words before a number that belong to it (第3, 约5万 are read as one).
NUMBER_PREFIXES = frozenset("第")


def word_breaks(text: str, level: str = "gb") -> list[int]:
    """Positions k (0 < k < len(text)) where a line may break before
    text[k]: a word boundary that no rule above forbids.  A break at a
    space is the position after it (the space ends the line and is dropped)."""
    if len(text) < 2:
        return []
    cls = C.classify(text)
    starts = _word_starts(text)
    ns, ne = C.no_start(level), C.no_end(level)
    return [k for k in sorted(starts) if 0 < k < len(text) and _may_break(text, cls, k, ns, ne)]


def is_phrase_break(text: str, k: int) -> bool:
    """A break after a space, a pause/stop mark (，：！ …) or ——: between
    phrases, where an editor breaks first."""
    cls = C.classify(text[k - 2:k])[-1] if k >= 2 else C.char_class(text[k - 1])
    return text[k - 1].isspace() or cls in (C.PAUSE, C.STOP, C.EXCL, C.DASH)


def _may_break(text: str, cls: list[int], k: int, ns: frozenset, ne: frozenset) -> bool:
    a, b = cls[k - 1], cls[k]
    if text[k].isspace():
        return False                          # break after the space, not before it
    if b in ns or a in ne:
        return False                          # R1–R3 (避头尾)
    if a == b and a in (C.DASH, C.ELLIPSIS):
        return False                          # R5: inside ——, ……
    if a in _WORDISH and b in _WORDISH:
        return False                          # R5, L4: inside a number or a Latin word
    if a == C.MIDDOT or b == C.MIDDOT:
        return False                          # 阿加莎·克里斯蒂: one name
    if a == C.DIGIT and b == C.HAN:
        return False                          # 2026|年, 5|万: a number and its unit
    if b == C.DIGIT and text[k - 1] in NUMBER_PREFIXES:
        return False                          # 第|3
    return True


def _word_starts(text: str) -> set[int]:
    """Start positions of jieba's words, names and numbers joined back."""
    words = segment(text)
    starts, k = set(), 0
    for m, word in enumerate(words):
        if m and not _joined(words[m - 1], word):
            starts.add(k)
        k += len(word)
    return starts


def _joined(before: str, word: str) -> bool:
    """Whether jieba's words `before` + `word` are one name."""
    if not word or not ("\u4e00" <= word[0] <= "\u9fff"):
        return False
    if before in COMPOUND_SURNAMES and len(word) <= 2:
        return True                           # 欧阳|娜娜
    return len(before) == 1 and before in SURNAMES and len(word) == 1


@lru_cache(maxsize=1024)
def segment(text: str) -> tuple[str, ...]:
    """jieba's words of `text` (HMM on, for unknown names), in order.

    Kept in our cache dir too (`<cache>/jieba/words.marshal`), so a rebuild
    of an issue whose heads were broken before never loads jieba."""
    stored = _stored()
    words = stored.get(text)
    if words is None:
        words = tuple(_tokenizer().cut(text, HMM=True))
        _remember(text, words)
    return tuple(words)


WORDS_FORMAT = 1
WORDS_KEPT = 20_000             # segmentations kept on disk (≈ 1 MB), the oldest dropped
_STORED: Optional[dict] = None


def _words_file():
    """The stored segmentations and the header they must carry: the jieba
    that made them (its code and dictionary files' size and time), so a new
    jieba or dictionary segments again.  None without jieba or a cache dir."""
    import importlib.util
    spec = importlib.util.find_spec("jieba")
    folder = _cache_folder()
    if spec is None or not spec.origin or folder is None:
        return None, None
    package = os.path.dirname(spec.origin)
    stats = []
    for name in ("__init__.py", "dict.txt"):
        try:
            st = os.stat(os.path.join(package, name))
        except OSError:
            return None, None
        stats += [st.st_size, st.st_mtime_ns]
    return Path(folder) / "words.marshal", (WORDS_FORMAT, package, *stats)


def _stored() -> dict:
    """text → words, as stored (read once per process)."""
    global _STORED
    if _STORED is None:
        path, header = _words_file()
        value = read_cached(path, header) if path is not None else None
        _STORED = dict(value) if isinstance(value, dict) else {}
    return _STORED


def _remember(text: str, words: tuple[str, ...]) -> None:
    stored = _stored()
    stored[text] = list(words)
    while len(stored) > WORDS_KEPT:
        del stored[next(iter(stored))]
    path, header = _words_file()
    if path is not None:
        write_cached(path, header, stored)


_TOKENIZER = None


def _tokenizer():
    """Our jieba Tokenizer, made on first use: its cache in our cache dir
    (not /tmp), its "Building prefix dict…" lines in our log (not stderr)."""
    global _TOKENIZER
    if _TOKENIZER is None:
        start = time.perf_counter()
        import jieba
        # jieba adds a handler printing to stderr at import; its records
        # still reach our log (runtime.route_library_logging: "jieba").
        logging.getLogger("jieba").removeHandler(jieba.log_console)
        tokenizer = jieba.Tokenizer()
        folder = _cache_folder()
        if folder is not None:
            tokenizer.tmp_dir = folder
            tokenizer.cache_file = f"jieba-{jieba.__version__}.cache"   # a new jieba, a new cache
        tokenizer.initialize()
        LOG.debug("jieba %s loaded in %.3f s", jieba.__version__, time.perf_counter() - start)
        _TOKENIZER = tokenizer
    return _TOKENIZER


def _cache_folder():
    """<cache dir>/jieba, made if need be; None (jieba's default) when it cannot be."""
    from ..fonts.metrics import cache_dir
    folder = cache_dir() / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder)
