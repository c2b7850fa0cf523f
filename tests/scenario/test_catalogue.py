"""The scenario catalogue: built-ins and extra folders, by id, code and path; broken files listed."""

import json

import pytest

from turbulentie_game.cli import main
from turbulentie_game.scenario import catalogue
from turbulentie_game.scenario.catalogue import Catalogue
from turbulentie_game.scenario.codes import CompetitionError, make_code
from turbulentie_game.scenario.registry import builtin_scenarios, resolve


def test_a_broken_file_is_listed_as_broken_with_its_first_problem_and_skipped(draft_folder):
    cat = Catalogue([draft_folder], builtins=False)
    broken = cat.broken()
    assert [e.path.name for e in broken] == ["aaa_draft.yaml"]
    assert broken[0].problem.line == 3 and "duplicate key 'id'" in broken[0].problem.message
    assert [e.id for e in cat.scenarios()] == [b.id for b in builtin_scenarios()]
    assert len(cat.entries()) == len(cat.scenarios()) + 1
    assert cat.by_id("draft_case") is None
    assert cat.by_id("wijk_in_beweging").path == draft_folder / "wijk_in_beweging.yaml"


def test_lookup_by_id_code_and_path(draft_folder):
    cat = Catalogue([draft_folder], builtins=False)
    entry = cat.by_id("jeugdteam_offline")
    assert cat.resolve("jeugdteam_offline") == entry.path
    assert cat.resolve("nope") == catalogue.Path("nope")
    assert catalogue.entry(entry.path) == cat.by_path(entry.path) == entry
    scn = cat.compiled(entry.path)
    assert scn.content_hash == entry.content_hash and scn.id == entry.id
    found, seed = cat.by_code(make_code(entry.id, entry.content_hash, 42))
    assert (found, seed) == (entry, 42)
    with pytest.raises(CompetitionError) as info:
        cat.by_code(make_code(entry.id, "ffffff", 42))
    assert info.value.reason == "other_version"
    with pytest.raises(CompetitionError) as info:
        cat.by_code(make_code("draft_case", "ffffff", 42))
    assert info.value.reason == "unknown_scenario"


def test_a_file_is_read_and_compiled_once_per_version(draft_folder, monkeypatch):
    catalogue.forget()
    reads, compiles = [], []
    read, comp = catalogue.read_scenario, catalogue.compile_scenario
    monkeypatch.setattr(catalogue, "read_scenario", lambda p: reads.append(p) or read(p))
    monkeypatch.setattr(catalogue, "compile_scenario", lambda *a: compiles.append(a) or comp(*a))
    cat = Catalogue([draft_folder], builtins=False)
    for _ in range(3):
        path = cat.resolve("eiland_in_balans")
        assert cat.compiled(path) is cat.compiled(path)
    n = len(list(draft_folder.glob("*.yaml")))
    assert len(reads) == n and len(compiles) == 1
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n# edited\n", encoding="utf-8")
    assert cat.compiled(path) is not None
    assert len(reads) == n + 1 and len(compiles) == 2


def test_resolving_an_id_does_not_read_the_built_ins_again(monkeypatch):
    resolve("wijk_in_beweging")
    monkeypatch.setattr(catalogue, "read_scenario", lambda p: pytest.fail(f"read {p} again"))
    assert resolve("wijk_in_beweging").name == "wijk_in_beweging.yaml"


def test_code_compiles_the_scenario_once(monkeypatch, capsys):
    entry = Catalogue().by_id("wijk_in_beweging")
    code = make_code(entry.id, entry.content_hash, 9)
    catalogue.forget()
    compiles = []
    comp = catalogue.compile_scenario
    monkeypatch.setattr(catalogue, "compile_scenario", lambda *a: compiles.append(a) or comp(*a))
    assert main(["simulate", "--code", code, "--bot", "balanced", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"] == "wijk_in_beweging"
    assert len(compiles) == 1


def test_a_broken_draft_among_the_built_ins_stops_no_command(broken_builtins, capsys):
    assert builtin_scenarios()[0].id == "wijk_in_beweging"
    assert main(["scenarios"]) == 0
    assert "aaa_draft" not in capsys.readouterr().out
    assert main(["validate", "wijk_in_beweging"]) == 0
    assert "wijk_in_beweging.yaml" in capsys.readouterr().out
    assert main(["simulate", "eiland_in_balans", "--seed", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"] == "eiland_in_balans"
    assert main(["compete", "new", "jeugdteam_offline", "--seed", "5"]) == 0
    assert "JEUGDTEAM_OFFLINE-" in capsys.readouterr().out
    assert main(["validate", str(broken_builtins / "aaa_draft.yaml")]) == 1
    assert "dubbele sleutel" in capsys.readouterr().out


def test_extra_folders_come_after_the_built_ins(draft_folder, tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    (own / "mine.yaml").write_text(
        (draft_folder / "eiland_in_balans.yaml")
        .read_text(encoding="utf-8")
        .replace("id: eiland_in_balans", "id: mijn_eiland", 1),
        encoding="utf-8",
    )
    cat = Catalogue([own, draft_folder])
    ids = [e.id for e in cat.scenarios()]
    builtin = [b.id for b in builtin_scenarios()]
    assert ids[: len(builtin)] == builtin and ids[len(builtin)] == "mijn_eiland"
    assert cat.by_id("wijk_in_beweging").path == builtin_scenarios()[0].path  # built-in first
    assert cat.by_id("mijn_eiland").path == own / "mine.yaml"
    assert [e.path.name for e in cat.broken()] == ["aaa_draft.yaml"]
