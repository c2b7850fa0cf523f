"""Mouse and keyboard placement reach the engine; invalid placements are refused on screen."""

import pygame

from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.ui.autoplay import key_event


def _board(make_app):
    app = make_app()
    from turbulentie_game.ui.menu import MenuScene

    app.push(MenuScene(app))
    app.start_game(default_scenario().path, 11)
    app.top.start()
    app.frame(0.016)
    return app, app.top


def _send(app, *events):
    for ev in events:
        app.handle(ev)
    app.frame(0.016)


def test_drag_and_drop_moves_a_chip_into_the_allocation(make_app):
    app, board = _board(make_app)
    start = board.free_chip_centers(1)[0]
    target = board.rows["zaak"].center
    _send(
        app,
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1),
        pygame.event.Event(pygame.MOUSEMOTION, pos=target, rel=(0, 0), buttons=(1, 0, 0)),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=target, button=1),
    )
    bram = board.session.scn.members[1].id
    assert board.session.plan.on(bram, "zaak") == 1
    # drag it on to another target, then back to the pool
    chip = board.row_chips("zaak")[0][1]
    other = board.rows["relatie"].center
    _send(
        app,
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=chip, button=1),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=other, button=1),
    )
    assert board.session.plan.on(bram, "zaak") == 0
    assert board.session.plan.on(bram, "relatie") == 1
    alloc = board.session.allocation() if not _dilemmas(board) else None
    if alloc is not None:
        targets = board.session.scn.rules.targets
        assert alloc.chips[0, 1, targets.index("relatie")] == 1


def _dilemmas(board):
    return [e for e in board.session.events() if e.option_ids and not e.fixed]


def test_keyboard_places_and_takes_chips_and_picks_options(make_app):
    app, board = _board(make_app)
    s = board.session
    entries = board.entries()
    target_index = entries.index(("target", "verbindend"))
    keys = [key_event(pygame.K_3), key_event(pygame.K_HOME)]
    keys += [key_event(pygame.K_DOWN)] * target_index
    keys += [key_event(pygame.K_RIGHT)] * 3 + [key_event(pygame.K_LEFT)]
    _send(app, *keys)
    member = s.scn.members[2].id
    assert s.plan.on(member, "verbindend") == 2
    for ev in _dilemmas(board):
        i = board.entries().index(("option", ev.uid, ev.option_ids[-1]))
        _send(
            app,
            key_event(pygame.K_HOME),
            *[key_event(pygame.K_DOWN)] * i,
            key_event(pygame.K_RETURN),
        )
        assert s.plan.options[ev.uid] == ev.option_ids[-1]
    _send(app, key_event(pygame.K_RETURN, pygame.KMOD_CTRL))
    assert s.state.turn == 1
    assert s.inputs[-1].chips[member]["verbindend"] == 2


def test_undo_takes_back_the_last_step(make_app):
    app, board = _board(make_app)
    s = board.session
    member = s.scn.members[0].id
    _send(app, key_event(pygame.K_1), key_event(pygame.K_HOME), key_event(pygame.K_RIGHT))
    assert s.plan.on(member, s.scn.rules.targets[0]) == 1
    _send(app, key_event(pygame.K_z, pygame.KMOD_CTRL))
    assert s.plan.on(member, s.scn.rules.targets[0]) == 0


def test_a_member_without_chips_left_is_refused_on_screen(make_app):
    app, board = _board(make_app)
    s = board.session
    _send(app, key_event(pygame.K_1), key_event(pygame.K_HOME))
    _send(app, *[key_event(pygame.K_RIGHT)] * (s.plan.capacity[s.scn.members[0].id] + 2))
    assert s.plan.free(s.scn.members[0].id) == 0
    assert board.message_bad and s.scn.members[0].name in board.message


def test_a_missing_dilemma_choice_refuses_the_turn_with_the_reason(make_app):
    app, board = _board(make_app)
    s = board.session
    if not _dilemmas(board):
        return
    _send(app, key_event(pygame.K_e))
    assert s.state.turn == 0 and board.message_bad
    assert "dilemma" in board.message
