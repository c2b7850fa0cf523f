"""Message catalogues: every string the game shows, in Dutch (default) and English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .paths import assets_dir
from .yamlread import read_yaml

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language by key (every file in assets/i18n/<lang>/, merged)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}' (use one of: {', '.join(LANGUAGES)})")
    out: dict[str, str] = {}
    for path in sorted((assets_dir() / "i18n" / lang).glob("*.yaml")):
        data = read_yaml(path.read_text(encoding="utf-8")).data
        for k, v in data.items():
            if k in out:
                raise ValueError(f"{path}: key '{k}' is defined twice in the {lang} catalogue")
            out[str(k)] = str(v)
    return out


@dataclass(frozen=True)
class Said:
    """Something to say in the reader's language: a catalogue key and its fields (a field may
    itself be a Said, said in the same language)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()


def said(key: str, /, **params) -> Said:
    """A Said with these fields."""
    return Said(key, tuple(params.items()))


class Translator:
    """Looks up and fills in strings of one language."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self.strings = catalogue(lang)

    def __call__(self, key: str, /, **params) -> str:
        """The string for `key` with `{name}` fields filled in."""
        text = self.strings.get(key)
        if text is None:
            text = catalogue(DEFAULT_LANGUAGE).get(key, key)
        return text.format(**params) if params else text

    # numbers and plurals: the one place a language's way of writing them lives -------------
    def num(self, x: float, decimals: int = 1, sign: bool = False) -> str:
        """A number as this language writes it: a decimal comma in Dutch, grouping of
        thousands, a minus sign only for values that do not round to zero."""
        return format_number(self.lang, x, decimals, sign)

    def pct(self, share: float) -> str:
        """A share (0-1) as a whole percentage."""
        return self("num.percent", value=format_number(self.lang, 100.0 * share, 0))

    def plural(self, key: str, n: int, **params) -> str:
        """`key.one` for one thing, `key.other` for any other number; `{n}` is filled in."""
        form = "one" if n == 1 else "other"
        return self(f"{key}.{form}", n=format_number(self.lang, n, 0), **params)

    def say(self, s: Said) -> str:
        """A Said in this language, its Said fields said too."""
        return say(self, s)


# how each language writes a number: (decimal mark, thousands separator)
NUMBER_MARKS = {"nl": (",", "."), "en": (".", ",")}


def format_number(lang: str, x: float, decimals: int = 1, sign: bool = False) -> str:
    """A number in a language's notation (see Translator.num)."""
    x = float(x)
    if round(x, decimals) == 0:
        x = 0.0  # no "-0" and no "+0.0" for a change too small to show
    plain = f"{abs(x):,.{decimals}f}"
    dec, thou = NUMBER_MARKS.get(lang, NUMBER_MARKS["en"])
    if abs(x) < 10_000:
        plain = plain.replace(",", "")
    text = plain.translate(str.maketrans({".": dec, ",": thou}))
    if x < 0:
        return "\u2212" + text
    return ("+" + text) if sign and x > 0 else text


@dataclass(frozen=True)
class Number:
    """A number field of a Said, written as the reader's language writes numbers."""

    value: float
    decimals: int = 0


def say(translate, s: Said) -> str:
    """A Said through any `translate(key, **params)` function, its Said fields said too (and
    its Number fields in the notation of the translator's language)."""
    lang = getattr(translate, "lang", DEFAULT_LANGUAGE)

    def field(v):
        if isinstance(v, Said):
            return say(translate, v)
        if isinstance(v, Number):
            return format_number(lang, v.value, v.decimals)
        return v

    return translate(s.key, **{k: field(v) for k, v in s.params})


def reason_of(translator, exc: BaseException) -> str:
    """Why something was refused, in the translator's language when the exception carries it as
    catalogue data (`said`, as the strict reader's problems do), else its own message."""
    return reason_text(translator, str(exc), getattr(exc, "said", None))


def reason_text(translator, text: str, found: Said | None) -> str:
    """A stored reason: said in the translator's language when its catalogue data is known
    (`translator`: a Translator, or any `translate(key, **params)` with a `lang`)."""
    return say(translator, found) if isinstance(found, Said) else text


@lru_cache(maxsize=1)
def english() -> Translator:
    """The English strings (the wording of messages in logs and exceptions)."""
    return Translator("en")
