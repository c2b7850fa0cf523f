"""The learning debrief page for reports and the command line; it is built in `words/`."""

from ..words.learning import (
    alt_text,
    bot_label,
    change_bits,
    event_bits,
    heat_rows,
    mattered_lines,
    reflection_texts,
    share_series,
    summary_lines,
)
from ..words.learning_page import SECTIONS, meters_chart, render_html, render_text

__all__ = ["SECTIONS", "alt_text", "bot_label", "change_bits", "event_bits", "heat_rows",
           "mattered_lines", "meters_chart", "reflection_texts", "render_html", "render_text",
           "share_series", "summary_lines"]  # fmt: skip
