"""Each trap a designer can fall into gives one clear message at the right line and column."""

import time

import pytest

from turbulentie_game.paths import assets_dir
from turbulentie_game.scenario.check import TEMPLATE, check_file

TEMPLATE_TEXT = (assets_dir() / TEMPLATE).read_text(encoding="utf-8").replace("__ID__", "demo")

# (name, text to replace in the template, replacement, marker on the expected line or None for
#  the replaced line, expected column, expected message and path after "LINE:COL: ")
CORPUS = [
    ("unknown key", "turns: 12", "turnz: 12", None, 1,
     "unknown key 'turnz': did you mean 'turns'? (at turnz)"),
    ("yes/no is not a boolean", "spontaneous: false           # only", "spontaneous: no  # only",
     None, 18, "write true or false, not 'no' (at events[1].spontaneous)"),
    ("1:30 is not a number", "    capacity: 5\n", "    capacity: 1:30\n", None, 15,
     "write a whole number (such as 5) here, not '1:30' (at team[0].capacity)"),
    ("enum typo", "archetype: macher", "archetype: macer", None, 16,
     "'macer' is not allowed here; use one of: butler, macher, schipper, regisseur, coach; "
     "did you mean 'macher'? (at team[1].archetype)"),
    ("effect op typo", "{op: meter, meter: trust, by: 2}", "{op: metre, meter: trust, by: 2}",
     None, 9, "unknown op 'metre': did you mean 'meter'? (at events[0].success[0])"),
    ("duplicate key", "turns: 12", "turns: 12\nturns: 14", "turns: 14", 1,
     "duplicate key 'turns' (first given at line {line_before}); remove one of them"),
    ("unknown follow-up", "event: krant_erbij}", "event: krant_erbj}", None, 32,
     "unknown event 'krant_erbj': did you mean 'krant_erbij'? (at events[0].failure[1].event)"),
    ("out of range", "  trust: 55\n", "  trust: 155\n", None, 10,
     "must be at most 100, not 155 (at start.trust)"),
    ("unknown expectation", "skills: {relatie: 4,", "skills: {relatei: 4,", None, 14,
     "unknown expectation 'relatei': did you mean 'relatie'? (at team[3].skills.relatei)"),
    ("comma splits a text", 'organisation: {nl: "Gemeente, afdeling Samenleving"',
     "organisation: {nl: Gemeente, afdeling Samenleving", None, 32,
     "unknown key 'afdeling Samenleving': a comma inside {...} split a text in two; put the "
     "whole text in quotes (at setting.organisation.afdeling Samenleving)"),
    ("colon inside a text", "nl: Een raadslid vraagt wat jullie aanpak oplevert.",
     "nl: Let op: een raadslid vraagt het.", None, 17,
     "mapping values are not allowed here; a ':' inside a text? put the whole text in quotes"),
    ("tab indentation", "  public_value: 40\n", "\tpublic_value: 40\n", None, 1,
     "found character '\\t' that cannot start any token (while scanning for the next token); "
     "indent with spaces, not tabs"),
    ("calendar after the end", "    turn: 9\n", "    turn: 30\n", None, 11,
     "turn 30 is after the last turn (12) (at calendar[0].turn)"),
    ("duplicate team id", "  - id: tim\n", "  - id: sanne\n", None, 9,
     "team member id 'sanne' is used twice (also item 0) (at team[1].id)"),
    ("unknown condition", "when: {turn: {min: 2}}", "when: {trun: {min: 2}}", None, 12,
     "unknown state value 'trun': did you mean 'turn'? (at events[2].when.trun)"),
    ("unquoted generation", 'generations: ["1.0", "2.0", "3.0"]', 'generations: [1.0, "2.0", "3.0"]',
     None, 17, 'write "1.0" in quotes: without them YAML reads a number, not a text '
     "(at setting.generations[0])"),
    ("newer format", "format: 1 ", "format: 2 ", None, 9,
     "this version of the game reads format: 1, not 2 (at format)"),
    ("quoted number", "  value_rate: 6\n", "  value_rate: '6'\n", None, 15,
     "write a number (such as 2 or 1.5) without quotes, not '6' (at task.value_rate)"),
    ("id with capitals", "  - id: karim\n", "  - id: Karim\n", None, 9,
     "'Karim' is not a valid id: use lower-case letters, digits and underscores, starting with "
     "a letter (for example 'karim') (at team[3].id)"),
    ("id with an accent", "  - id: meebewegen\n", "  - id: meebewégen\n", None, 13,
     "'meebewégen' is not a valid id: use lower-case letters, digits and underscores, starting "
     "with a letter (for example 'meebewegen') (at events[2].options[1].id)"),
]  # fmt: skip


def _write(tmp_path, text):
    p = tmp_path / "demo.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _line_of(text: str, marker: str) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if marker in line][-1]


@pytest.mark.parametrize("case", CORPUS, ids=[c[0] for c in CORPUS])
def test_each_trap_gives_one_message_on_the_right_line(tmp_path, case):
    _, old, new, marker, column, expected = case
    assert old in TEMPLATE_TEXT
    text = TEMPLATE_TEXT.replace(old, new, 1)
    line = _line_of(text, marker or new.strip().splitlines()[0])
    expected = expected.replace("{line_before}", str(line - 1))
    report = check_file(_write(tmp_path, text))
    assert report.readable
    shown = [str(p).split(":", 1)[1] for p in report.errors]
    assert shown == [f"{line}:{column}: {expected}"]


def test_the_template_itself_is_clean(tmp_path):
    report = check_file(_write(tmp_path, TEMPLATE_TEXT), lint=True)
    assert report.valid and not report.warnings


def test_the_template_gives_every_option_a_stance(tmp_path):
    """A designer who copies the template's dilemmas gets options whose outcome depends on the
    situation (docs: "Give every option its stance"), not the silent default none."""
    from turbulentie_game.scenario.compile import read_scenario

    spec, _ = read_scenario(str(_write(tmp_path, TEMPLATE_TEXT)))
    options = [o for e in spec.events for o in e.options]
    assert options and all(o.stance != "none" for o in options)


def test_three_mistakes_give_three_positioned_messages(tmp_path):
    text = TEMPLATE_TEXT
    for old, new in [("turns: 12", "turnz: 12"), ("archetype: macher", "archetype: macer"),
                     ("  trust: 55\n", "  trust: 155\n")]:  # fmt: skip
        text = text.replace(old, new, 1)
    errors = check_file(_write(tmp_path, text)).errors
    assert [e.line for e in errors] == sorted(
        _line_of(text, m) for m in ("trust: 155", "macer", "turnz")
    )


HOSTILE = {
    "huge": lambda: "a: " + "x" * 2_100_000 + "\n",
    "deep": lambda: "a: " + "[" * 500 + "]" * 500 + "\n",
    "alias bomb": lambda: "\n".join(
        ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]
    ),
    "many values": lambda: "a: [" + ", ".join(["1"] * 250_000) + "]\n",
    "a list, not a mapping": lambda: "- 1\n- 2\n",
    "empty": lambda: "# nothing here\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_quickly_with_a_message(tmp_path, name):
    p = _write(tmp_path, HOSTILE[name]())
    start = time.perf_counter()
    report = check_file(p)
    # a guard against hangs and runaway expansion, not a timing goal (a loaded machine is slow)
    assert time.perf_counter() - start < 30
    assert not report.valid and report.errors[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (bytes(range(256)) * 40, "UTF-8"),
        ("titel: café\n".encode("latin-1"), "UTF-8"),
        (b"a: b\x00c\n", "#x0000"),
    ],
    ids=["binary junk", "latin-1", "NUL byte"],
)
def test_binary_and_non_utf8_files_are_refused(tmp_path, data, words):
    p = tmp_path / "junk.yaml"
    p.write_bytes(data)
    report = check_file(p)
    assert not report.valid and words in report.errors[0].message


def test_a_duplicate_key_does_not_hide_the_other_mistakes_and_all_are_said_in_dutch(
    tmp_path, capsys
):
    from turbulentie_game.cli import main

    text = TEMPLATE_TEXT
    for old, new in [("turns: 12", "turns: 12\nturns: 14"), ("archetype: macher", "archetype: macer"),
                     ("  trust: 55\n", "  trust: 155\n")]:  # fmt: skip
        text = text.replace(old, new, 1)
    p = _write(tmp_path, text)
    errors = check_file(p).errors
    lines = sorted(_line_of(text, m) for m in ("turns: 14", "macer", "trust: 155"))
    assert [(e.line, e.column > 0) for e in errors] == [(n, True) for n in lines]
    assert main(["validate", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[1] for line in out[:3]] == [str(n) for n in lines]
    said = "\n".join(out[:3])
    assert "dubbele sleutel 'turns'" in said and "bedoel je 'macher'" in said
    assert "hoogstens 100" in said and out[3].endswith("3 fout(en)")
    assert main(["--lang", "en", "validate", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    said = "\n".join(out[:3])
    assert "duplicate key 'turns'" in said and "did you mean 'macher'" in said
    assert out[3].endswith("3 error(s)")


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!binary aGVsbG8=",
        "!local 12",
        "!!set {a, b}",
    ],
)
def test_forbidden_yaml_tags_are_named_as_such(tmp_path, tagged):
    text = TEMPLATE_TEXT.replace("turns: 12", f"turns: {tagged}", 1)
    errors = check_file(_write(tmp_path, text)).errors
    tag = tagged.split()[0]
    named = [e for e in errors if f"the YAML tag '{tag}' is not allowed" in e.message]
    assert len(named) == 1 and named[0].line == _line_of(text, tag)


def test_a_schema_error_does_not_hide_an_unknown_id_elsewhere_in_the_file(tmp_path, capsys):
    """A misspelt archetype and a broken event (its demand missing) are schema errors; an
    unknown trait in the start and a follow-up to an event that does not exist are unknown ids.
    All four are reported at their lines; the calendar's reference to the broken event is not
    called unknown (it exists, it is only broken)."""
    from turbulentie_game.cli import main

    text = TEMPLATE_TEXT
    for old, new in [
        ("archetype: macher", "archetype: macer"),
        ("traits: {lerend: 35, poreus: 45}", "traits: {lerend: 35, poreuss: 45}"),
        ("{op: follow_up, event: krant_erbij}", "{op: follow_up, event: krant_erby}"),
        ("    demand: {politiek: 5, context: 3}\n", ""),  # the calendar's event verkiezingen
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    p = _write(tmp_path, text)
    errors = check_file(p).errors
    event = text.index("  - id: verkiezingen\n    kind:")  # the event, not the calendar entry
    verkiezingen = text[:event].count("\n") + 1
    assert [(e.line, e.path) for e in errors] == [
        (_line_of(text, "poreuss"), "start.traits.poreuss"),
        (_line_of(text, "macer"), "team[1].archetype"),
        (_line_of(text, "krant_erby"), "events[0].failure[1].event"),
        (verkiezingen, "events[4].demand"),
    ]
    by_line = {e.line: e.message for e in errors}
    assert "poreus" in by_line[_line_of(text, "poreuss")]  # did you mean
    assert "krant_erbij" in by_line[_line_of(text, "krant_erby")]
    assert "macher" in by_line[_line_of(text, "macer")]
    assert "demand" in by_line[verkiezingen]
    assert not any("verkiezingen" in e.message for e in errors)  # not "unknown event"
    assert main(["--lang", "en", "validate", str(p)]) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith("4 error(s)")
