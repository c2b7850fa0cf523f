"""The balance lab in words: verdicts, figures with their intervals and the advice, from the
lab's plain data (sim.balance.lab_summary), in the reader's language."""

from __future__ import annotations

import math

from ..i18n import Translator, format_number

OPS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">"}
STATUSES = ("pass", "borderline", "fail", "skipped")


def _decimals(value: float, thr: float | None, base: int, scale: float, most: int = 3) -> int:
    """`base` decimals, one more while the value and its threshold would look the same."""
    d = base
    if thr is None or not math.isfinite(value) or value == thr:
        return d
    while d < most and round(value * scale, d) == round(thr * scale, d):
        d += 1
    return d


def number(t: Translator, data: dict) -> str:
    """A number of the lab's data ({"num": …, "unit": …, "interval": …, "threshold": …})."""
    v, unit = data.get("num"), data.get("unit", "pts")
    if v is None:
        return "∞"
    thr = data.get("threshold")
    lo_hi = data.get("interval")
    sign = bool(data.get("sign"))
    if unit == "x":
        return f"{v:g}".replace(".", "," if t.lang == "nl" else ".")
    scale = 100.0 if unit == "pct" else 1.0
    whole = float(v).is_integer()
    if unit == "pts":
        base = 0 if whole and not lo_hi and not sign else 1
    else:
        base = {"pct": 0, "t": 1}.get(unit, 0 if whole else 1)
    d = _decimals(float(v), thr, base, scale)
    if lo_hi and None not in lo_hi:
        for end in lo_hi:  # show the interval's ends apart from the threshold too
            d = max(d, _decimals(float(end), thr, base, scale))

    def one(x: float, signed: bool = False) -> str:
        return format_number(t.lang, x * scale, d, sign=signed)

    text = one(v, sign)
    if unit == "pct":
        text = t("num.percent", value=text)
    if lo_hi and None not in lo_hi and lo_hi[0] != lo_hi[1]:
        text = t("lab.interval", value=text, lo=one(lo_hi[0]), hi=one(lo_hi[1]))
    return text


def say(t: Translator, data) -> str:
    """Any of the lab's plain data in words: a said ({"key", "params"}), a number, a list."""
    if isinstance(data, dict) and "key" in data:
        return t(data["key"], **{k: say(t, v) for k, v in data.get("params", {}).items()})
    if isinstance(data, dict) and "num" in data:
        return number(t, data)
    if isinstance(data, list):
        return ", ".join(say(t, x) for x in data)
    if isinstance(data, float):
        return format_number(t.lang, data, 1)
    return str(data)


def figure_num(fig: dict, unit: str | None = None) -> dict:
    """A figure of the lab's data ({"value", "interval", "threshold", …}) as a number to say."""
    return {
        "num": fig["value"],
        "unit": unit or fig["unit"],
        "interval": fig["interval"],
        "threshold": fig["threshold"],
    }


def limit(t: Translator, fig: dict) -> str:
    """What a figure needs, e.g. "needs ≤ 75 %"."""
    thr = {"num": fig["threshold"], "unit": fig["unit"]}
    return t("lab.needs", op=OPS[fig["op"]], limit=number(t, thr))


def status_word(t: Translator, status: str) -> str:
    """PASS, BORDERLINE, FAIL or SKIPPED in the reader's language."""
    return t(f"lab.status.{status}")


def status_width(t: Translator) -> int:
    return max(len(status_word(t, s)) for s in STATUSES)


def verdict(t: Translator, check: dict) -> str:
    """The check's verdict sentence (its figures, or what it needs when skipped)."""
    if check["status"] == "skipped":
        return t("lab.skipped", bots=", ".join(check.get("needs", [])))
    return "; ".join(say(t, part) for part in check["figure"])


def repeats_line(t: Translator, check: dict) -> str | None:
    """How the check did on each block of seeds (--seeds), or None for one block."""
    blocks = check.get("seeds")
    if not blocks:
        return None
    judged = [b for b in blocks if b["status"] != "skipped"]
    passed = sum(b["status"] != "fail" for b in judged)
    worst = min(
        (b for b in judged if b["deciding"]),
        key=lambda b: _margin(b["deciding"]),
        default=None,
    )
    if worst is None:
        return None
    fig = worst["deciding"]
    return t(
        "lab.repeats",
        passed=passed,
        n=len(judged),
        seed=worst["first_seed"],
        worst=number(t, figure_num(fig)),
        needs=limit(t, fig),
    )


def _margin(fig: dict) -> float:
    v, thr = fig["value"], fig["threshold"]
    if v is None:
        return -math.inf
    lo, hi = fig["interval"]
    se = max(((hi or v) - (lo or v)) / 3.92, 1e-12)
    return (v - thr if fig["op"][0] == ">" else thr - v) / se


def _factor(t: Translator, f: float) -> str:
    return number(t, {"num": f, "unit": "x"})


def lever_text(t: Translator, adv: dict) -> str:
    """The change in words: which numbers, which way, by what factor."""
    kind, _, what = adv["lever"].partition(":")
    factor = _factor(t, adv["factor"])
    if kind in ("option_effects", "option_demand"):
        return t(f"lab.lever.{kind}", option=what, factor=factor)
    if kind == "trait_knob":
        name, _, knob = what.partition(".")
        return t("lab.lever.trait_knob", name=name, knob=knob, factor=factor)
    if adv["lever"] == "trait:*":
        return t("lab.lever.trait_all", factor=factor)
    if adv["lever"] == "task:value_rate":
        return t("lab.lever.task_value_rate", factor=factor)
    return t(f"lab.lever.{kind}", name=what, factor=factor)


def _together(t: Translator, entry: str) -> str:
    """Another lever of the same trial: a trait's name, or `lever ×factor` said in words."""
    lever, sep, factor = entry.rpartition(" ×")
    return lever_text(t, {"lever": lever, "factor": float(factor)}) if sep else entry


def measure_text(t: Translator, adv: dict, fig: dict) -> str:
    """What the check's figure became, in the check's own terms."""
    prefix = adv["item"].split(":")[0]
    key = f"lab.m.{adv['check']}.{prefix}"
    if key not in t.strings:
        key = f"lab.m.{adv['check']}"
    return t(key, value=number(t, figure_num(fig)), item=adv["item"], subject=adv["subject"])


def plain(t: Translator, x: float) -> str:
    """A number of a scenario file as short as it can be said (up to four digits)."""
    text = f"{x:.4g}"
    if "e" in text:
        text = f"{x:.6f}".rstrip("0").rstrip(".")
    d = len(text.split(".")[1]) if "." in text else 0
    return format_number(t.lang, x, d)


def changes_text(t: Translator, adv: dict) -> str:
    """The numbers of the file to change: `path: old → new`, …, each far outside what the rules
    file and the built-in scenarios use with that range."""
    out = []
    for c in adv["changes"]:
        text = f"{c['path']}: {plain(t, c['old'])} → {plain(t, c['new'])}"
        if c.get("usual"):
            lo, hi = c["usual"]
            if lo == hi:  # one value everywhere
                text += " " + t("lab.advice.unusual_one", value=plain(t, lo))
            else:
                text += " " + t("lab.advice.unusual", lo=plain(t, lo), hi=plain(t, hi))
        out.append(text)
    return "; ".join(out)


def advice_lines(t: Translator, check: dict) -> list[str]:
    """The advice under a failing or borderline check: each change tried and what it gave, or
    a hint to read when the lab has no experiment for this check."""
    if check["status"] not in ("fail", "borderline"):
        return []
    advice = check.get("advice") or []
    if not advice:
        return [t("lab.hint", hint=t(f"lab.hint.{check['id']}"))]
    out = []
    for adv in advice:
        fig = adv["figure"]
        before = measure_text(t, adv, adv["before"])
        now = measure_text(t, adv, fig)
        tried = ", ".join(_factor(t, x["factor"]) for x in adv["tried"])
        if adv["passed"] and not adv["borderline"]:
            key = "lab.advice.pass"
        elif adv["passed"]:
            key = "lab.advice.borderline"
        else:
            key = "lab.advice.short"
        line = t(
            key,
            change=lever_text(t, adv),
            now=now,
            before=before,
            needs=limit(t, fig),
            tried=tried,
            games=adv["games"],
        )
        if adv.get("together"):
            names = [_together(t, x) for x in adv["together"]]
            line += " " + t("lab.advice.together", levers=", ".join(names))
        both = adv.get("combined")
        if both is not None:
            key = "lab.advice.combined" if both["passed"] else "lab.advice.combined_short"
            line += " " + t(key, now=measure_text(t, adv, both))
        if adv.get("wide"):
            line += " " + t("lab.advice.wide")
        out.append(line)
        if adv["changes"]:
            out.append("    " + t("lab.advice.in_file", changes=changes_text(t, adv)))
    return out


def localise(summary: dict, t: Translator) -> dict:
    """The summary with every check's sentences added in the reader's language (`text`,
    `details_text`, `advice_text`, `seeds_text`)."""
    out = dict(summary)
    checks = []
    for c in summary["checks"]:
        c = dict(c)
        c["status_word"] = status_word(t, c["status"])
        c["text"] = verdict(t, c)
        c["details_text"] = [say(t, d) for d in c.get("details", [])]
        c["advice_text"] = advice_lines(t, c)
        line = repeats_line(t, c)
        if line:
            c["seeds_text"] = line
        checks.append(c)
    out["checks"] = checks
    out["language"] = t.lang
    return out


def check_lines(t: Translator, check: dict) -> list[str]:
    """A check as the terminal shows it: verdict, the blocks of seeds, the advice."""
    width = status_width(t)
    lines = [f"{status_word(t, check['status']):<{width}}  {check['id']}: {verdict(t, check)}"]
    pad = " " * (width + 2)
    line = repeats_line(t, check)
    if line:
        lines.append(pad + line)
    lines += [pad + a for a in advice_lines(t, check)]
    return lines


def follow_lines(t: Translator, key: str, params: dict) -> list[str]:
    """What `balance --follow` says of one step (sim.lab.follow: round, advising, tried, done)."""
    if key == "round":
        return [t("balance.follow.round", round=params["round"], fails=", ".join(params["fails"]))]
    if key == "advising":
        return [t("balance.follow.advising", check=params["check"])]
    if key == "tried":
        s = params["step"]
        levers = "; ".join(lever_text(t, {"lever": lv, "factor": f}) for lv, f in s.levers)
        if s.on_top:
            levers = t("balance.follow.on_top", levers=levers)
        return [
            t(
                "balance.follow.kept" if s.kept else "balance.follow.dropped",
                levers=levers,
                before=len(s.fails_before),
                after=len(s.fails_after),
                now=", ".join(s.fails_after) or "—",
                near_before=s.borderline_before,
                near_after=s.borderline_after,
                gap_before=format_number(t.lang, s.short_before, 1),
                gap_after=format_number(t.lang, s.short_after, 1),
                short="" if s.how == "advised" else " " + t(f"balance.follow.{s.how}"),
            )
        ]
    done = params["done"]
    fails = [c.id for c in done.final.checks if c.status == "fail"]
    lines = [
        t(
            f"balance.follow.done.{done.reason}",
            kept=len(done.kept),
            rounds=done.rounds,
            fails=len(fails),
            which=", ".join(fails),
            first=sum(c.status == "fail" for c in done.first.checks),
        )
    ]
    if done.kept:
        lines.append(t("balance.follow.changes"))
        for s in done.kept:
            for path, old, new in s.changes:
                lines.append(f"  {path}: {plain(t, old)} → {plain(t, new)}")
    lines.append(t("balance.follow.written", path=str(done.out)))
    return lines
