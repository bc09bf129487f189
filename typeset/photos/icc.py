"""The CMYK output profile: environment or shipped file → OutputProfile.

It separates RGB photos in every variant; X-1a names the registered newsprint
condition IFRA26 without embedding it, X-4 and PDF/A embed it (print-ready.md
§1, §2 #7-8).  The newsprint profile WAN-IFRA publishes
(WAN-IFRAnewspaper26v5.icc) is in no package registry and not freely
redistributable, so we ship one modelled from the same ISO 12647-3:2013 /
IFRA26 aims (scripts/make_newsprint_profile.py; provenance in
typeset/data/Newspaper26-typeset.icc.txt) and let TYPESET_CMYK_PROFILE point at
a measured one.  The FOGRA29 (uncoated offset) profile shipped before stays
in typeset/data for comparison and for offset jobs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import TypesetError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_PROFILE = DATA_DIR / "Newspaper26-typeset.icc"
SHIPPED_CONDITION = "IFRA26"           # registered name of the characterisation whose aims it models
FOGRA29_PROFILE = DATA_DIR / "FOGRA29L-typeset.icc"   # uncoated offset (ISO 12647-2 PT4), the old default
PROFILE_ENV, CONDITION_ENV = "TYPESET_CMYK_PROFILE", "TYPESET_CMYK_CONDITION"
REGISTERED = {"IFRA26", "IFRA30", "FOGRA29", "FOGRA39", "FOGRA47", "FOGRA51", "FOGRA52",
              "CGATS TR 001", "CGATS TR 006", "GRACoL2006_Coated1v2"}   # ICC registry names we know


@dataclass(frozen=True)
class OutputProfile:
    data: bytes
    condition: str        # OutputConditionIdentifier
    description: str
    registered: bool      # condition is a name in the ICC characterisation registry


def _description(data: bytes) -> str:
    """The profile's 'desc' text (ICC v2 textDescriptionType), or '' when absent."""
    count = int.from_bytes(data[128:132], "big")
    for i in range(count):
        sig = data[132 + 12 * i:136 + 12 * i]
        offset = int.from_bytes(data[136 + 12 * i:140 + 12 * i], "big")
        if sig == b"desc" and data[offset:offset + 4] == b"desc":
            length = int.from_bytes(data[offset + 8:offset + 12], "big")
            return data[offset + 12:offset + 12 + length].rstrip(b"\0").decode("latin-1").strip()
    return ""


def check_cmyk_output(data: bytes, where: str) -> None:
    if len(data) < 132 or data[36:40] != b"acsp":
        raise TypesetError(f"{where}: not an ICC profile")
    if data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        raise TypesetError(f"{where}: need a CMYK output (prtr) profile, got "
                           f"{data[12:16].decode('latin-1')}/{data[16:20].decode('latin-1')}")


def load_output_profile() -> OutputProfile:
    """$TYPESET_CMYK_PROFILE (condition from $TYPESET_CMYK_CONDITION) or the shipped newsprint profile."""
    configured = os.environ.get(PROFILE_ENV)
    path = Path(configured) if configured else SHIPPED_PROFILE
    try:
        data = path.read_bytes()
    except OSError as err:
        raise TypesetError(f"{PROFILE_ENV}={path}: {err.strerror}") from err
    check_cmyk_output(data, str(path))
    condition = os.environ.get(CONDITION_ENV) or (SHIPPED_CONDITION if not configured else "Custom")
    description = _description(data) or condition
    return OutputProfile(data, condition, description, condition in REGISTERED)


def colour_settings() -> str:
    """TYPESET_CMYK_PROFILE (by content) and TYPESET_CMYK_CONDITION, as one
    string.  The shipped profile counts by content too: a new one (FOGRA29 →
    newsprint) changes every photo's separation, so cached separations and
    batch's up-to-date records must not outlive it."""
    from ..fonts.metrics import file_sha256

    def digest(path: str) -> str:
        try:
            return file_sha256(path)
        except OSError:
            return ""
    profile = os.environ.get(PROFILE_ENV, "")
    content = digest(profile) if profile else "shipped:" + digest(str(SHIPPED_PROFILE))[:16]
    return f"profile={content};condition={os.environ.get(CONDITION_ENV, '')}"
