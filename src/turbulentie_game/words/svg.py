"""Small inline SVG charts (scatter, histogram, bars, lines) written by hand: no external assets."""

from __future__ import annotations

import math
from html import escape

FONT = "font-family:inherit"
AXIS = "#333"
GRID = "#ddd"


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = max(span, 1e-9) / ticks
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _ticks(lo: float, hi: float) -> list[float]:
    step = _nice_step(hi - lo)
    start = math.floor(lo / step) * step
    out = []
    v = start
    while v <= hi + step * 1e-6:
        if v >= lo - step * 1e-6:
            out.append(round(v, 6))
        v += step
    return out


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v - round(v)) < 1e-6 else f"{v:.1f}"


class _Frame:
    """A plot area inside an SVG with linear x and y scales."""

    def __init__(self, w, h, x_range, y_range, left=80, right=30, top=20, bottom=70):
        self.w, self.h = w, h
        self.left, self.right, self.top, self.bottom = left, right, top, bottom
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range

    def x(self, v: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return self.left + (v - self.x0) / span * (self.w - self.left - self.right)

    def y(self, v: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.h - self.bottom - (v - self.y0) / span * (self.h - self.top - self.bottom)

    def axes(self, x_label: str, y_label: str, x_ticks=True) -> list[str]:
        parts = []
        for v in _ticks(self.y0, self.y1):
            y = self.y(v)
            parts.append(
                f'<line x1="{self.left}" y1="{y:.1f}" x2="{self.w - self.right}" y2="{y:.1f}" '
                f'stroke="{GRID}"/><text x="{self.left - 8}" y="{y + 6:.1f}" '
                f'text-anchor="end" font-size="22">{_fmt(v)}</text>'
            )
        if x_ticks:
            for v in _ticks(self.x0, self.x1):
                x = self.x(v)
                parts.append(
                    f'<line x1="{x:.1f}" y1="{self.top}" x2="{x:.1f}" '
                    f'y2="{self.h - self.bottom}" stroke="{GRID}"/>'
                    f'<text x="{x:.1f}" y="{self.h - self.bottom + 24}" text-anchor="middle" '
                    f'font-size="22">{_fmt(v)}</text>'
                )
        base = self.h - self.bottom
        parts.append(
            f'<line x1="{self.left}" y1="{base}" x2="{self.w - self.right}" y2="{base}" '
            f'stroke="{AXIS}" stroke-width="2"/><line x1="{self.left}" y1="{self.top}" '
            f'x2="{self.left}" y2="{base}" stroke="{AXIS}" stroke-width="2"/>'
            f'<text x="{(self.left + self.w - self.right) / 2:.1f}" y="{self.h - 14}" '
            f'text-anchor="middle" font-size="24" font-weight="bold">{escape(x_label)}</text>'
            f'<text transform="translate(22 {(self.top + base) / 2:.1f}) rotate(-90)" '
            f'text-anchor="middle" font-size="24" font-weight="bold">{escape(y_label)}</text>'
        )
        return parts


def _svg(w: int, h: int, body: list[str], label: str, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {w} {h}" style="{FONT}">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def scatter(points, x_label: str, y_label: str, label: str, w: int = 900, h: int = 680) -> str:
    """Points (x, y, text, colour) with their text beside them (kept apart); axes 0 to 100."""
    f = _Frame(w, h, (0.0, 100.0), (0.0, 100.0))
    body = f.axes(x_label, y_label)
    placed: list[tuple[float, float, float]] = []  # label x, y, width
    for x, y, text, colour in sorted(points, key=lambda p: -p[1]):
        cx, cy = f.x(x), f.y(y)
        width = 11.0 * len(text)
        right = cx + 14 + width < w
        lx = cx + 14 if right else cx - 14 - width
        ly = cy + 7
        free = False
        for _ in range(3):  # move a label down a little until it no longer covers another one
            free = not any(
                abs(ly - py) < 22 and lx < px + pw and px < lx + width for px, py, pw in placed
            )
            if free:
                break
            ly += 22
        shown = ""  # no room: the point keeps its tooltip, the ranking has the name
        if free:
            placed.append((lx, ly, width))
            shown = f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="20">{escape(text)}</text>'
        body.append(
            f'<g class="point"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" fill="{colour}" '
            f'stroke="#fff" stroke-width="2"><title>{escape(text)}: {x:.0f}, {y:.0f}</title>'
            f"</circle>{shown}</g>"
        )
    return _svg(w, h, body, label, "scatter")


def histogram(values, x_label: str, y_label: str, label: str, w: int = 900, h: int = 420) -> str:
    """Bars counting how many values fall in each of about ten equal bins."""
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    step = _nice_step(hi - lo or 1.0, 10)
    start = math.floor(lo / step) * step
    n_bins = max(1, math.ceil((hi - start) / step + 1e-9))
    if start + n_bins * step <= hi:
        n_bins += 1
    counts = [0] * n_bins
    for v in values:
        counts[min(n_bins - 1, int((v - start) / step))] += 1
    f = _Frame(w, h, (start, start + n_bins * step), (0.0, max(counts) + 1))
    body = f.axes(x_label, y_label)
    for i, c in enumerate(counts):
        x0, x1 = f.x(start + i * step), f.x(start + (i + 1) * step)
        y = f.y(c)
        body.append(
            f'<rect class="bar" x="{x0 + 2:.1f}" y="{y:.1f}" width="{x1 - x0 - 4:.1f}" '
            f'height="{f.y(0) - y:.1f}" fill="#2b6cb0"><title>{c}</title></rect>'
        )
    return _svg(w, h, body, label, "histogram")


def bars(categories, series, x_label: str, label: str, w: int = 900) -> str:
    """Horizontal grouped bars: one row per category, one bar per series (name, values, colour)."""
    row_h = 18 * len(series) + 20
    top, bottom, left = 56, 64, 380
    h = top + bottom + row_h * len(categories)
    hi = max([v for _, vals, _ in series for v in vals] + [1e-9])
    f = _Frame(w, h, (0.0, hi * 1.1), (0.0, 1.0), left=left, top=top, bottom=bottom)
    body = []
    for v in _ticks(0.0, hi * 1.1):
        x = f.x(v)
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{h - bottom}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{h - bottom + 24}" text-anchor="middle" font-size="18">'
            f"{_fmt(v)}</text>"
        )
    for i, cat in enumerate(categories):
        y0 = top + i * row_h + 9
        body.append(
            f'<text x="{left - 10}" y="{y0 + 8 * len(series) + 6:.1f}" text-anchor="end" '
            f'font-size="22">{escape(cat[:30])}</text>'
        )
        for j, (name, vals, colour) in enumerate(series):
            y = y0 + j * 18
            body.append(
                f'<rect class="bar" x="{left}" y="{y}" width="{max(0.0, f.x(vals[i]) - left):.1f}" '
                f'height="16" fill="{colour}"><title>{escape(name)}: {vals[i]:.1f}</title></rect>'
            )
    for j, (name, _, colour) in enumerate(series):
        x = 20 + j * 420
        body.append(
            f'<rect x="{x}" y="12" width="24" height="24" fill="{colour}"/>'
            f'<text x="{x + 32}" y="32" font-size="22">{escape(name)}</text>'
        )
    body.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="{AXIS}" '
        f'stroke-width="2"/><text x="{(left + w - 30) / 2:.1f}" y="{h - 14}" '
        f'text-anchor="middle" font-size="24" font-weight="bold">{escape(x_label)}</text>'
    )
    return _svg(w, h, body, label, "bars")


def lines(series, legend, n_points: int, x_label: str, y_label: str, label: str, w: int = 900,
          h: int = 500, marks=(), x0: int = 0) -> str:  # fmt: skip
    """Lines (name, values, colour, dashed) over turns 0..n_points-1, y from 0 to 100, with a
    legend of (text, colour, dashed) entries in rows of three, and optional marks (x, text,
    tooltip) drawn as thin vertical lines with a short text at the top of the plot (alternating
    between two rows); x counts from x0."""
    f = _Frame(
        w,
        h,
        (x0, x0 + max(1, n_points - 1)),
        (0.0, 100.0),
        top=30 + 30 * math.ceil(len(legend) / 3),
    )
    body = f.axes(x_label, y_label)
    for i, (x, text, tip) in enumerate(marks):
        ty = f.top + 18 + 20 * (i % 2)
        body.append(
            f'<g class="mark"><title>{escape(tip)}</title><line x1="{f.x(x):.1f}" y1="{f.top}" '
            f'x2="{f.x(x):.1f}" y2="{f.y(0):.1f}" stroke="#999" stroke-dasharray="3 5"/>'
            f'<text x="{f.x(x):.1f}" y="{ty}" text-anchor="middle" font-size="17" '
            f'font-weight="bold">{escape(text)}</text></g>'
        )
    for name, vals, colour, dashed in series:
        pts = " ".join(f"{f.x(x0 + i):.1f},{f.y(v):.1f}" for i, v in enumerate(vals))
        dash = ' stroke-dasharray="10 7"' if dashed else ""
        body.append(
            f'<polyline class="line" points="{pts}" fill="none" stroke="{colour}" '
            f'stroke-width="4"{dash}><title>{escape(name)}</title></polyline>'
        )
    for j, (name, colour, dashed) in enumerate(legend):
        x = 20 + (j % 3) * 295
        y = 20 + (j // 3) * 30
        dash = ' stroke-dasharray="10 7"' if dashed else ""
        body.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 40}" y2="{y}" stroke="{colour}" stroke-width="4"'
            f'{dash}/><text x="{x + 48}" y="{y + 7}" font-size="21">{escape(name)}</text>'
        )
    return _svg(w, h, body, label, "lines")


def heatmap(rows, cols, values, label: str, x_label: str, w: int = 900) -> str:
    """A grid of numbers (rows x cols) shaded by size, the numbers written in the cells."""
    left, top, bottom, cell_h = 300, 20, 70, 34
    h = top + bottom + cell_h * len(rows)
    cell_w = (w - left - 20) / max(1, len(cols))
    hi = max([v for row in values for v in row] + [1])
    body = []
    for i, name in enumerate(rows):
        y = top + i * cell_h
        body.append(
            f'<text x="{left - 10}" y="{y + cell_h * 0.68:.1f}" text-anchor="end" '
            f'font-size="20">{escape(name[:28])}</text>'
        )
        for j, v in enumerate(values[i]):
            x = left + j * cell_w
            share = v / hi
            fill = f"rgba(31,95,168,{0.08 + 0.92 * share:.2f})" if v else "#f6f7f9"
            ink = "#fff" if share > 0.55 else "#111"
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                f'fill="{fill}"><title>{escape(name)}, {escape(str(cols[j]))}: {v}</title></rect>'
            )
            if v:
                body.append(
                    f'<text x="{x + cell_w / 2 - 1:.1f}" y="{y + cell_h * 0.66:.1f}" '
                    f'text-anchor="middle" font-size="16" fill="{ink}">{v}</text>'
                )
    step = 1 if len(cols) <= 25 else 5
    for j in range(0, len(cols), step):
        body.append(
            f'<text x="{left + (j + 0.5) * cell_w:.1f}" y="{top + cell_h * len(rows) + 24}" '
            f'text-anchor="middle" font-size="18">{escape(str(cols[j]))}</text>'
        )
    body.append(
        f'<text x="{(left + w) / 2:.1f}" y="{h - 14}" text-anchor="middle" font-size="24" '
        f'font-weight="bold">{escape(x_label)}</text>'
    )
    return _svg(w, h, body, label, "heatmap")
