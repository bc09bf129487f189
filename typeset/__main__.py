"""`python -m typeset …` runs the paiban command."""
import sys

from .cli import main

sys.exit(main())
