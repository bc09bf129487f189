"""BCP 47 language tags of blocks → the Chinese variant they are set in.

A block's `lang` (``<article lang="zh-Hant-TW">``, docs/format.md) says two
things to the layout: which glyph forms its text takes (Traditional faces,
Noto CJK TC or HK, or the shipped Simplified ones) and where its marks
。，、：；！？ sit in their cell — bottom left in the mainland (GB/T 15834),
centred in Taiwan and Hong Kong (clreq, "Glyphs sizes and positions in
character faces of punctuation marks"; Typst calls the styles Gb and Cns).
Simplified Chinese is the default: an empty tag, "zh", "zh-Hans", "zh-CN"
and any non-Chinese tag set exactly as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# RFC 5646 §2.1 in outline: a 2–3 letter language (or 4–8 letters), then
# optional script, region, variants, extensions and a private use part.
# Well-formed is what is checked; whether the subtags are registered is not.
_WELL_FORMED = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"   # language (extlang)
    r"(?:-[A-Za-z]{4})?"                                       # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"                          # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"          # variants
    r"(?:-[0-9A-WYZa-wyz](?:-[A-Za-z0-9]{2,8})+)*"             # extensions
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"                        # private use
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+")                            # private use only

# Chinese languages (ISO 639-3 members of the macrolanguage zh that are written).
_CHINESE = frozenset({"zh", "cmn", "yue", "lzh", "wuu", "hak", "nan", "gan", "hsn", "cdo", "cjy", "cpx"})
# Regions whose public reads Traditional characters when the tag names no script.
_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})
# Regions that read Traditional characters with the mainland's mark positions
# (zh-Hant-CN: classical texts printed in the mainland keep GB/T 15834).
_GB_REGIONS = frozenset({"CN", "SG", "MY"})
# Languages whose written form is Traditional by default (Cantonese: Hong Kong).
_TRADITIONAL_LANGUAGES = {"yue": "HK"}


@dataclass(frozen=True)
class Variant:
    """How text of one language tag is set.

    tag: the tag as written ("" for the default).  traditional: Traditional
    glyph forms (Noto CJK TC/HK faces).  region: "HK" for Hong Kong and
    Macao forms (Noto CJK HK), "TW" for the other Traditional text, "" for
    Simplified.  centred_marks: 。，、：；！？ centred in their cell (Taiwan
    and Hong Kong practice) rather than at the bottom left (GB/T 15834).
    """
    tag: str = ""
    traditional: bool = False
    region: str = ""
    centred_marks: bool = False

    @property
    def simplified(self) -> bool:
        """Set exactly as the default (Simplified forms, mainland positions)."""
        return not self.traditional and not self.centred_marks


SIMPLIFIED = Variant()


def well_formed(tag: str) -> bool:
    """Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 §2.1)."""
    return bool(_WELL_FORMED.fullmatch(tag))


@lru_cache(maxsize=64)
def variant_of(tag: str) -> Variant:
    """The variant a block tagged `tag` is set in (SIMPLIFIED for "" and non-Chinese tags).

    zh-Hant, zh-TW, zh-Hant-TW → Traditional (TC forms), centred marks;
    zh-HK, zh-MO, zh-Hant-HK, yue → Traditional (HK forms), centred marks;
    zh-Hant-CN → Traditional forms, mainland mark positions;
    zh, zh-Hans, zh-CN, zh-Hans-TW, en … → Simplified, as before."""
    parts = tag.split("-") if tag else []
    if not parts or parts[0].lower() not in _CHINESE:
        return SIMPLIFIED
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:3] if len(p) == 4 and p.isalpha()), "")
    region = next((p.upper() for p in parts[1:4] if len(p) == 2 and p.isalpha()), "")
    region = region or _TRADITIONAL_LANGUAGES.get(language, "")
    traditional = script == "Hant" or (not script and region in _TRADITIONAL_REGIONS)
    if not traditional:
        return SIMPLIFIED if tag in ("", "zh", "zh-Hans") else Variant(tag=tag)
    forms = "HK" if region in ("HK", "MO") else "TW"
    return Variant(tag=tag, traditional=True, region=forms, centred_marks=region not in _GB_REGIONS)
