"""The play layer and the words run without a window: importing them never loads pygame."""

import subprocess
import sys


def test_importing_play_and_words_does_not_load_pygame():
    code = (
        "import sys\n"
        "import turbulentie_game.play, turbulentie_game.play.controller\n"
        "import turbulentie_game.play.session, turbulentie_game.play.storage\n"
        "import turbulentie_game.words.learning_page, turbulentie_game.words.labels\n"
        "assert 'pygame' not in sys.modules, 'pygame was loaded'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
