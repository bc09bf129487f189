#!/usr/bin/env python3
"""Run paiban from a checkout: `python cli.py build issues/sample.xml`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typeset.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
