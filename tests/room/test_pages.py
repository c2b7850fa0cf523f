"""The console, projector and plenary pages in a real headless Chromium (the system's, never a
downloaded one): clicking pause, next round and end, in Dutch and English."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = next(
    (
        p
        for p in (
            os.environ.get("CHROMIUM"),
            "/usr/bin/chromium",
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        )
        if p and Path(p).exists()
    ),
    None,
)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no system Chromium (apt-get install chromium)"
)

SHOTS = os.environ.get("ROOM_SHOTS")  # a folder: also photograph the pages there


@pytest.fixture
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _players(live, scn, h, n=12):
    out = []
    for i in range(n):
        name = f"Deelnemer {i + 1:02d} " + ("Van der Heijden-Oosterhuis" if i % 3 == 0 else "Bo")
        token = h.post(live.base + "/api/join", {"name": name})[1]["token"]
        out.append((token, h.BotPlayer(scn, h.SEED, ("balanced", "random")[i % 2])))
    return out


def _play_round(live, h, players):
    for token, player in players:
        if player.state.alive[0]:
            move = player.move()
            status, r = h.post(
                live.base + "/api/turn",
                {"turn": int(player.state.turn), "input": move.to_json()},
                {"Authorization": f"Bearer {token}"},
            )
            assert status == 200, r
            player.advance(move)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_console_runs_the_room_by_clicking(live, browser, scn, h, lang):
    from turbulentie_game.i18n import Translator

    t = Translator(lang)
    players = _players(live, scn, h, 4)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.on("dialog", lambda d: d.accept())
    page.goto(f"{live.base}/console?secret={live.secret}&lang={lang}")
    badge = page.locator("#status")
    badge.wait_for()
    page.wait_for_function("document.getElementById('status').textContent.length > 0")
    assert badge.inner_text() == t("room.status.lobby")
    page.click("#start")
    page.wait_for_function(
        f"document.getElementById('status').textContent === {t('room.status.running')!r}"
    )
    _play_round(live, h, players)
    page.click("#pause")
    page.wait_for_function(
        f"document.getElementById('status').textContent === {t('room.status.paused')!r}"
    )
    status, r = h.post(
        live.base + "/api/turn",
        {"turn": 1, "input": {"chips": {}}},
        {"Authorization": f"Bearer {players[0][0]}"},
    )
    assert status == 409 and r["reason"] == "room.refuse.paused"  # a paused room takes no moves
    page.click("#next")
    page.wait_for_function("document.getElementById('round').textContent.includes('2')")
    assert live.console()["room"]["round"] == 2
    page.fill("#msg", "Nog vijf minuten")
    page.click("#send")
    page.wait_for_timeout(300)
    seat = h.get(live.base + "/api/seat", {"Authorization": f"Bearer {players[1][0]}"})[1]
    assert seat["view"]["messages"][-1]["text"] == "Nog vijf minuten"
    if SHOTS:
        page.wait_for_timeout(1200)
        page.screenshot(path=f"{SHOTS}/console_{lang}.png")
    page.click("#end")
    page.wait_for_function(
        f"document.getElementById('status').textContent === {t('room.status.ended')!r}"
    )
    assert live.console()["room"]["status"] == "ended"
    assert page.locator("#end").is_disabled()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_projector_shows_full_names_and_pages_through_a_big_room(live, browser, scn, h, size):
    players = _players(live, scn, h, 30)
    live.act("start")
    _play_round(live, h, players)
    live.act("next")
    _play_round(live, h, players)
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{live.base}/projector?lang=nl")
    page.wait_for_function("document.querySelectorAll('#rank tr').length > 0")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/projector_{size[0]}.png")
    rows = page.locator("#rank tr:visible").count()
    assert 5 <= rows < 30  # paged, not cut off
    assert "pagina 1 van" in page.locator("#pager").inner_text()
    text = page.locator("#rank").inner_text()
    assert "Deelnemer 01 Van der Heijden-Oosterhuis" in text  # the full name
    box = page.locator("#rankbox").bounding_box()
    table = page.locator("#rankbox table").bounding_box()
    assert table["x"] + table["width"] <= box["x"] + box["width"] + 1  # nothing runs off
    assert table["y"] + table["height"] <= size[1]
    assert page.locator("#frontier circle").count() == 30
    assert page.locator("#meters polyline").count() == 3


def test_the_plenary_page_names_every_option_and_needs_the_secret(live, browser, scn, h):
    players = _players(live, scn, h, 6)
    live.act("mode", mode="free")
    live.act("start")
    for _ in range(scn.n_turns):
        _play_round(live, h, players)
    live.act("end")
    assert h.get(live.base + "/plenary")[0] == 403
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{live.base}/plenary?secret={live.secret}&lang=en")
    body = page.locator("body").inner_text()
    options = [(t.id, o) for t in scn.templates for o in t.option_ids]
    from turbulentie_game.words.narrate import option_label

    for tid, oid in options:
        assert option_label(scn, tid, oid, "en") in body
    for heading in (
        "The score and how it came about",
        "Where did the time go?",
        "Questions for the discussion",
        "Facilitator's script",
    ):
        assert heading in body
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/plenary_en.png", full_page=True)
