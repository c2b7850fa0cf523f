"""The turn board: the scene, its input, the first-time tour and the widgets it draws."""

from .scene import BoardScene

__all__ = ["BoardScene"]
