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

    def say(self, s: Said) -> str:
        """A Said in this language, its Said fields said too."""
        return say(self, s)


def say(translate, s: Said) -> str:
    """A Said through any `translate(key, **params)` function, its Said fields said too."""
    return translate(
        s.key, **{k: say(translate, v) if isinstance(v, Said) else v for k, v in s.params}
    )


@lru_cache(maxsize=1)
def english() -> Translator:
    """The English strings (the wording of messages in logs and exceptions)."""
    return Translator("en")
