"""`python -m turbulentie_game.cli`: the same as the `turbulentie-game` command."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
