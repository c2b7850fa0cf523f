"""The balance lab's report: one self-contained HTML page with PNG plots (matplotlib, no window)."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from ..core.model import METERS
from ..files import atomic_write_bytes, atomic_write_text
from ..i18n import Translator, english
from ..words.lab import localise

# Okabe-Ito: a palette that colour-blind readers can tell apart
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MAIN_BOTS = ("adaptive", "balanced", "managing-up", "managing-out", "random")


def _numbers(axis, t: Translator) -> None:
    """An axis's tick labels as the reader's language writes numbers (a decimal comma in Dutch)."""

    def label(v: float, _pos) -> str:
        decimals = next((d for d in range(3) if abs(v - round(v, d)) < 1e-9), 2)
        return t.num(v, decimals)

    axis.set_major_formatter(FuncFormatter(label))


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def plot_scores(summary: dict, t: Translator) -> bytes:
    """Score distribution per bot (box plot, best first)."""
    bots = sorted(summary["bots"], key=lambda b: -summary["bots"][b]["score"]["mean"])
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(bots) + 1.2))
    stats = [
        {
            "label": b,
            "whislo": summary["bots"][b]["score"]["p10"],
            "q1": summary["bots"][b]["score"]["p10"],
            "med": summary["bots"][b]["score"]["median"],
            "q3": summary["bots"][b]["score"]["p90"],
            "whishi": summary["bots"][b]["score"]["p90"],
            "mean": summary["bots"][b]["score"]["mean"],
        }
        for b in bots
    ][::-1]
    ax.bxp(
        stats,
        orientation="horizontal",
        showmeans=True,
        showfliers=False,
        patch_artist=True,
        boxprops={"facecolor": "#cfe3f3"},
        meanprops={"marker": "D", "markerfacecolor": PALETTE[3]},
    )
    ax.set_xlabel(t("report.axis.score"))
    _numbers(ax.xaxis, t)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def plot_meters(summary: dict, t: Translator) -> bytes:
    """Median and 10-90 % band of each meter over the turns, per main bot."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharex=True)
    for i, meter in enumerate(METERS):
        ax = axes[i]
        for j, bot in enumerate(b for b in MAIN_BOTS if b in summary["bots"]):
            m = summary["bots"][bot]["meters"][meter]
            x = np.arange(len(m["median"]))
            med, lo, hi = (np.array(m[k], dtype=float) for k in ("median", "p10", "p90"))
            ax.plot(x, med, color=PALETTE[j], label=bot, lw=2)
            ax.fill_between(x, lo, hi, color=PALETTE[j], alpha=0.12)
        ax.set_title(t(f"meter.{meter}"))
        ax.set_ylim(0, 100)
        ax.set_xlabel(t("report.axis.turn"))
        _numbers(ax.xaxis, t)
        _numbers(ax.yaxis, t)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, loc="upper left")
    return _png(fig)


def plot_events(summary: dict, scenario_titles: dict[str, str], t: Translator) -> bytes:
    """Mean arrivals per game of every event template (adaptive bot); never fired in red."""
    bot = "adaptive" if "adaptive" in summary["bots"] else next(iter(summary["bots"]))
    per = summary["bots"][bot]["events_by_template"]
    ids = list(per)
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(ids) + 1.2))
    colours = [PALETTE[3] if t in summary["never_fired"] else PALETTE[0] for t in ids]
    ax.barh(
        [scenario_titles.get(t, t) for t in ids][::-1],
        [per[t] for t in ids][::-1],
        color=colours[::-1],
    )
    ax.set_xlabel(t("report.axis.arrivals", bot=bot))
    _numbers(ax.xaxis, t)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def plot_levers(summary: dict, t: Translator) -> bytes:
    """How much the adaptive bot loses when barred from each expectation and trait."""
    check = next((c for c in summary["checks"] if c["id"] == "every_lever_matters"), None)
    if check is None or not check.get("details"):
        return b""
    names, diffs = [], []
    for line in check["details"]:
        names.append(line["params"]["lever"])
        diffs.append(line["params"]["diff"]["num"])
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(names) + 1.2))
    ax.barh(
        names[::-1], diffs[::-1], color=[PALETTE[2] if d > 0 else PALETTE[3] for d in diffs][::-1]
    )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(t("report.axis.lever"))
    _numbers(ax.xaxis, t)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def plot_time(summary: dict, t: Translator) -> bytes:
    """Where the main bots put their time: chips per target over a game."""
    bots = [b for b in MAIN_BOTS if b in summary["bots"]]
    targets = list(summary["bots"][bots[0]]["time_per_target"])
    fig, ax = plt.subplots(figsize=(12, 3.8))
    width = 0.8 / len(bots)
    x = np.arange(len(targets))
    for j, b in enumerate(bots):
        ax.bar(
            x + j * width,
            [summary["bots"][b]["time_per_target"][t] for t in targets],
            width,
            label=b,
            color=PALETTE[j],
        )
    ax.set_xticks(x + 0.4 - width / 2, targets, rotation=60, ha="right")
    ax.set_ylabel(t("report.axis.chips"))
    _numbers(ax.yaxis, t)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def plot_ends(summary: dict, t: Translator) -> bytes:
    """How games ended, per bot."""
    bots = sorted(summary["bots"], key=lambda b: -summary["bots"][b]["score"]["mean"])
    reasons = ["completed", "cover_lost", "burnout"]
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(bots) + 1.2))
    left = np.zeros(len(bots))
    for j, r in enumerate(reasons):
        vals = np.array(
            [
                summary["bots"][b]["end_reasons"].get(r, 0) / summary["bots"][b]["games"]
                for b in bots
            ]
        )
        colour = PALETTE[[2, 3, 1][j]]
        ax.barh(bots[::-1], vals[::-1], left=left[::-1], color=colour, label=t(f"report.end.{r}"))
        left += vals
    ax.set_xlabel(t("report.axis.share"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: t.pct(v)))
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3)
    return _png(fig)


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#1b1b1b;line-height:1.45;padding:0 1rem}
h1{font-size:1.8rem} h2{margin-top:2.2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.95rem}
td,th{border:1px solid #ccc;padding:.3rem .6rem}
th{background:#eef4fa;text-align:left} .pass{color:#00734d;font-weight:700}
.fail{color:#b3261e;font-weight:700} .borderline{color:#8a5a00;font-weight:700}
.skipped{color:#666;font-weight:700} .advice{margin:.3rem 0 0 0;padding-left:1.2rem}
.advice li{margin:.15rem 0} .seeds{color:#444;font-size:.9rem}
img{max-width:100%;border:1px solid #ddd;margin:.5rem 0} details{margin:.2rem 0 .6rem 1rem}
.num{text-align:right;font-variant-numeric:tabular-nums}
"""


def markdown(summary: dict, t: Translator | None = None) -> str:
    """The checks, their figures and the advice as Markdown (report.md beside the page)."""
    t = t or english()
    blocks = summary.get("seed_blocks", 1)
    lines = [
        t("report.md.heading", scenario=summary["scenario"]),
        "",
        t(
            "report.md.intro",
            games=summary["games_per_bot"],
            seed=summary["first_seed"],
            blocks=t("report.md.blocks", blocks=blocks) if blocks > 1 else "",
            hash=summary["content_hash"],
        ),
        "",
    ]
    for c in summary["checks"]:
        lines.append(f"- **{c['status_word']}** `{c['id']}`: {c['text']}")
        if c.get("seeds_text"):
            lines.append(f"  - {c['seeds_text']}")
        for a in c.get("advice_text") or []:
            lines.append(("    - " if a.startswith(" ") else "  - ") + a.strip())
    return "\n".join(lines) + "\n"


def _row(cells: list[str], head: bool = False, num_from: int = 99) -> str:
    tag = "th" if head else "td"
    out = []
    for i, cell in enumerate(cells):
        cls = " class='num'" if i >= num_from and not head else ""
        out.append(f"<{tag}{cls}>{cell}</{tag}>")
    return "<tr>" + "".join(out) + "</tr>"


def write_report(
    summary: dict,
    folder: str | Path,
    titles: dict[str, str],
    scenario_map: str | None = None,
    t: Translator | None = None,
) -> Path:
    """Write index.html (plots embedded), report.md and the PNGs into `folder`; returns the
    page's path. The page (its headings, tables, plots and the checks) is in `t`'s language
    (English by default).

    `scenario_map` is the scenario map's SVG (reports.scenario_map), written beside the page
    as scenario_map.svg and shown on it."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    t = t or english()
    if summary.get("language") != t.lang or "text" not in (summary["checks"] or [{}])[0]:
        summary = localise(summary, t)
    atomic_write_text(out / "report.md", markdown(summary, t))
    plots = {
        "scores": (t("report.plot.scores"), plot_scores(summary, t)),
        "meters": (t("report.plot.meters"), plot_meters(summary, t)),
        "ends": (t("report.plot.ends"), plot_ends(summary, t)),
        "time": (t("report.plot.time"), plot_time(summary, t)),
        "levers": (t("report.plot.levers"), plot_levers(summary, t)),
        "events": (t("report.plot.events"), plot_events(summary, titles, t)),
    }
    for name, (_, data) in plots.items():
        if data:
            atomic_write_bytes(out / f"{name}.png", data)
    esc = html.escape
    code = "<code>{}</code>".format
    intro = t(
        "report.intro",
        games=summary["games_per_bot"],
        seed=summary["first_seed"],
        scenario=code(esc(summary["scenario"])),
        hash=code(esc(summary["content_hash"])),
    )
    if summary.get("seed_blocks", 1) > 1:
        intro += " " + t("report.intro_seeds", blocks=summary["seed_blocks"])
    if summary.get("advice_games"):
        intro += " " + t("report.intro_advice", games=summary["advice_games"])
    word = t("report.all_pass" if summary["passed"] else "report.some_fail")
    verdict = f"<span class='{'pass' if summary['passed'] else 'fail'}'>{esc(word)}</span>"
    parts = [
        f"<!doctype html><html lang='{esc(t.lang)}'><head><meta charset='utf-8'>",
        f"<title>{esc(t('report.title', scenario=summary['scenario']))}</title>"
        f"<style>{CSS}</style></head><body>",
        f"<h1>{esc(t('report.heading', title=titles.get('__title__', summary['scenario'])))}</h1>",
        f"<p>{intro} {t('report.verdict', verdict=verdict)}</p>",
        f"<h2>{esc(t('report.checks'))}</h2><p>{esc(t('report.checks_note'))}</p><table>"
        + _row([esc(t(f"report.col.{k}")) for k in ("check", "result", "figure")], head=True),
    ]
    for c in summary["checks"]:
        cls = c["status"]
        advice = c.get("advice_text") or []
        parts.append(
            f"<tr><td>{esc(c['id'])}</td><td class='{cls}'>{esc(c['status_word'])}</td>"
            f"<td>{esc(c['text'])}"
            + (f"<div class='seeds'>{esc(c['seeds_text'])}</div>" if c.get("seeds_text") else "")
            + (
                "<ul class='advice'>" + "".join(f"<li>{esc(a)}</li>" for a in advice) + "</ul>"
                if advice
                else ""
            )
            + (
                f"<details><summary>{esc(t('report.details'))}</summary><ul>"
                + "".join(f"<li>{esc(d)}</li>" for d in c["details_text"])
                + "</ul></details>"
                if c["details_text"]
                else ""
            )
            + "</td></tr>"
        )
    heads = [t(f"report.col.{k}") for k in ("bot", "mean", "sd", "lost_cover", "lost_burnout")]
    heads += [t("report.col.final", meter=t(f"meter.{m}")) for m in METERS]
    parts.append(
        f"</table><h2>{esc(t('report.bots'))}</h2><table>"
        + _row([esc(h) for h in heads], head=True)
    )
    for b, st in sorted(summary["bots"].items(), key=lambda kv: -kv[1]["score"]["mean"]):
        cells = [esc(b), t.num(st["score"]["mean"]), t.num(st["score"]["sd"])]
        cells += [t.pct(st["lost_to_cover"]), t.pct(st["lost_to_burnout"])]
        cells += [t.num(st["final"][m]) for m in METERS]
        parts.append(_row(cells, num_from=1))
    parts.append("</table>")
    if summary["never_fired"]:
        events = ", ".join(esc(e) for e in summary["never_fired"])
        parts.append(f"<p class='fail'>{t('report.never_fired', events=events)}</p>")
    heads = [t(f"report.col.{k}") for k in ("dilemma", "option", "picked", "forced", "vs_average")]
    parts.append(
        f"<h2>{esc(t('report.dilemmas'))}</h2><table>" + _row([esc(h) for h in heads], head=True)
    )
    for d, opts in summary["dilemmas"].items():
        for o, info in opts.items():
            cells = [esc(titles.get(d, d)), esc(o), str(info["picked"].get("adaptive", 0))]
            cells.append(t.num(info.get("mean_score_when_forced", float("nan")), 2))
            cells.append(t.num(info.get("difference_to_average_option", float("nan")), 2, True))
            parts.append(_row(cells, num_from=2))
    parts.append("</table>")
    for title, data in plots.values():
        if data:
            b64 = base64.b64encode(data).decode("ascii")
            parts.append(
                f"<h2>{esc(title)}</h2><img alt='{esc(title)}' src='data:image/png;base64,{b64}'>"
            )
    if scenario_map:
        atomic_write_text(out / "scenario_map.svg", scenario_map)
        parts.append(
            f"<h2>{esc(t('report.map'))}</h2><p>{esc(t('report.map_note'))}</p>"
            f"<div class='map'>{scenario_map}</div>"
        )
    parts.append("</body></html>")
    return atomic_write_text(out / "index.html", "\n".join(parts))
