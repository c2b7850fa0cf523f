"""Every screen by name: the router's registry (only the App reads it; scenes never import scenes)."""

from __future__ import annotations

from .board import BoardScene
from .briefing import BriefingScene
from .end_screen import EndScene
from .history import HistoryScene
from .learning_scene import LearningScene
from .menu import HelpOverlay, MenuScene, MessageScene, NameScene, SettingsScene
from .resolution import ResolutionScene
from .room_join import RoomJoinScene
from .scene import Scene
from .whatif import WhatIfScene

SCENES: dict[str, type[Scene]] = {
    cls.name: cls
    for cls in (
        MenuScene,
        SettingsScene,
        HelpOverlay,
        MessageScene,
        NameScene,
        BriefingScene,
        BoardScene,
        ResolutionScene,
        EndScene,
        LearningScene,
        HistoryScene,
        WhatIfScene,
        RoomJoinScene,
    )
}
