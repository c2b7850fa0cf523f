"""Scenarios of one's own: the user's scenario folder, `--scenarios DIR`, `install`, the schema line."""

import json
import shutil
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from turbulentie_game.cli import main
from turbulentie_game.paths import scenarios_dir, user_scenarios_dir
from turbulentie_game.scenario import catalogue
from turbulentie_game.scenario.catalogue import Catalogue
from turbulentie_game.scenario.schema import SCHEMA_FILE


def _draft(folder: Path, scenario_id: str = "mijn_wijk", title: str = "Mijn eigen wijk") -> Path:
    """A copy of the default built-in with another id and title, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (scenarios_dir() / "wijk_in_beweging.yaml").read_text(encoding="utf-8")
    text = text.replace("id: wijk_in_beweging", f"id: {scenario_id}", 1)
    text = text.replace("nl: Wijk in beweging", f"nl: {title}", 1)
    target = folder / f"{scenario_id}.yaml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """An empty user data folder for this test (and no folders from an earlier --scenarios)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TURBULENTIE_DATA_DIR", str(folder))
    monkeypatch.setattr(catalogue, "_FOLDERS", [])
    return folder


def _schema_target(text: str) -> Path:
    line = text.splitlines()[0]
    assert line.startswith("# yaml-language-server: $schema=file:")
    return Path(url2pathname(urlparse(line.split("=", 1)[1]).path))


def test_a_draft_in_the_user_folder_is_found_by_every_command(data_folder, capsys):
    _draft(user_scenarios_dir())
    ids = [e.id for e in Catalogue().scenarios()]
    assert "mijn_wijk" in ids and ids[0] == "wijk_in_beweging"  # the default stays first
    assert main(["simulate", "mijn_wijk", "--seed", "2", "--bot", "balanced", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["turns_played"] > 0
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    own = out[out.index("Je eigen scenario's") :]
    assert "mijn_wijk" in own and "Mijn eigen wijk" in own


def test_a_broken_file_is_listed_as_broken_with_its_first_problem(data_folder, capsys):
    folder = user_scenarios_dir()
    folder.mkdir(parents=True)
    (folder / "kapot.yaml").write_text("id: kapot\nid: kapot\n", encoding="utf-8")
    broken = Catalogue().broken()
    assert [e.path.name for e in broken] == ["kapot.yaml"]
    assert broken[0].problem.line == 2
    assert main(["--lang", "en", "scenarios"]) == 0
    out = capsys.readouterr().out
    assert "kapot.yaml: BROKEN:" in out and ":2:" in out


def test_scenarios_dir_option_adds_a_folder_anywhere_on_the_line(data_folder, tmp_path, capsys):
    _draft(tmp_path / "course", "cursus_wijk")
    args = ["simulate", "cursus_wijk", "--seed", "2", "--bot", "balanced", "--json"]
    assert main([*args, "--scenarios", str(tmp_path / "course")]) == 0
    assert json.loads(capsys.readouterr().out)["turns_played"] > 0
    assert main(["--scenarios", str(tmp_path / "nowhere"), "scenarios"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_install_checks_then_copies_into_the_menu_folder(data_folder, tmp_path, capsys):
    source = _draft(tmp_path / "work")
    assert main(["--lang", "en", "install", str(source)]) == 0
    assert "in the menu now" in capsys.readouterr().out
    installed = user_scenarios_dir() / "mijn_wijk.yaml"
    assert "mijn_wijk" in [e.id for e in Catalogue().scenarios()]
    schema = _schema_target(installed.read_text(encoding="utf-8"))
    assert schema == (data_folder / SCHEMA_FILE).resolve() and json.loads(schema.read_text())
    assert main(["--lang", "en", "install", str(source)]) == 0  # again: replaces its copy
    assert "replacing" in capsys.readouterr().out
    broken = tmp_path / "work" / "broken.yaml"
    broken.write_text("id: broken\nformat: 7\n", encoding="utf-8")
    assert main(["install", str(broken)]) == 1
    assert "er is niets geïnstalleerd" in capsys.readouterr().out
    assert not (user_scenarios_dir() / "broken.yaml").exists()
    assert main(["install", str(tmp_path / "missing.yaml")]) == 2


def test_the_schema_line_of_a_new_file_survives_moving_it(data_folder, tmp_path):
    target = tmp_path / "a" / "demo.yaml"
    target.parent.mkdir()
    assert main(["new", "demo", "--out", str(target)]) == 0
    moved = tmp_path / "elsewhere" / "deeper" / "demo.yaml"
    moved.parent.mkdir(parents=True)
    shutil.move(target, moved)
    schema = _schema_target(moved.read_text(encoding="utf-8"))
    assert schema.is_file() and json.loads(schema.read_text(encoding="utf-8"))["$schema"]


def test_the_committed_reference_is_current_and_names_every_id():
    from turbulentie_game.core.model import CONSTANTS, HOOKS
    from turbulentie_game.paths import assets_dir
    from turbulentie_game.scenario.load import load_rules_spec
    from turbulentie_game.scenario.reference import COMMAND, reference_text

    committed = (Path(__file__).resolve().parents[2] / "docs" / "reference.md").read_text(
        encoding="utf-8"
    )
    text = reference_text()
    assert committed == text, f"docs/reference.md is stale: run {COMMAND}"
    rules = load_rules_spec()
    for name in [e.id for e in rules.expectations] + [t.id for t in rules.traits]:
        assert f"| `{name}` |" in text
    for name in [*HOOKS, *CONSTANTS, *rules.stances]:
        assert f"`{name}`" in text
    assert "(no note yet)" not in text.split("## Engine knobs")[1].split("## The setting")[0]
    assert "until_<calendar id>" in text and "999" in text
    assert (assets_dir() / "rules.yaml").is_file()


def test_the_reference_takes_its_ranges_from_the_schema(monkeypatch):
    from turbulentie_game.scenario import reference

    real = reference.scenario_schema

    def narrower(rules):
        schema = real(rules)
        schema["properties"]["turns"]["maximum"] = 33
        return schema

    monkeypatch.setattr(reference, "scenario_schema", narrower)
    line = next(
        x for x in reference.reference_text().splitlines() if x.startswith("| `turns` (required)")
    )
    assert "[4, 33]" in line


def test_the_docs_example_scenario_is_clean_installs_and_plays_to_the_end(data_folder, capsys):
    """docs/examples/warmte_in_het_dorp.yaml, the walk-through's draft written from docs/
    alone: valid, no lint warnings (the window's included), in the menu after `install`, and
    a whole game with the adaptive bot."""
    example = Path(__file__).parents[2] / "docs" / "examples" / "warmte_in_het_dorp.yaml"
    assert main(["lint", "--strict", str(example)]) == 0
    assert "geen waarschuwingen" in capsys.readouterr().out
    assert main(["install", str(example)]) == 0
    capsys.readouterr()
    assert "warmte_in_het_dorp" in [e.id for e in Catalogue().scenarios()]
    assert main(["simulate", "warmte_in_het_dorp", "--bot", "adaptive", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["turns_played"] == 14
