"""`python -m wijkcalc`: the same as the wijkcalc command."""

from .cli import main

main()
