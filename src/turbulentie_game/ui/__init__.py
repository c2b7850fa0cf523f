"""The pygame front end: the only package that imports pygame and pygame_gui.

Scenes (`…Scene`, one module or folder each) are reached by name through the App's router
(`app.go("board", session=…)`, registry in `scenes.py`) and never import each other; the game
they show lives in `play/`, and every sentence comes from `words/`."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # before any module here imports pygame
# the game makes no sound: without this, pygame.init() opens ALSA, which warns on every start
# on machines without a sound card
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
