"""`python -m typeset …` runs the paiban command."""
from .cli import run

run()
