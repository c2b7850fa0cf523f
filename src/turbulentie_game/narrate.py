"""Earlier home of `words.narrate`, kept while callers (the command line) move over."""

from .words.narrate import (
    arrival_lines,
    cause_text,
    event_title,
    option_label,
    signed,
    trait_name,
    turn_lines,
)

__all__ = ["arrival_lines", "cause_text", "event_title", "option_label", "signed", "trait_name",
           "turn_lines"]  # fmt: skip
