"""`python -m commsgen`."""

from .cli import main

main()
