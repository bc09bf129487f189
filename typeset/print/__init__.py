"""Print-ready output: finished PDF/X and PDF/A files, page boxes and marks, newsprint photos, preflight.

Import the modules directly (`typeset.print.pdfx`, `.marks`, `.images`,
`.preflight`); this package imports nothing so that `paiban validate` stays light.
See README.md beside this file.
"""
