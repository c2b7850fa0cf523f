"""A board under pressure: a session whose turn has eight open events, four of them dilemmas;
and a session played on by the adaptive bot."""

import numpy as np

from turbulentie_game.play.session import Session
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import resolve
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe


def played(turns: int, name: str = "jeugdteam_offline", seed: int = 3) -> Session:
    """A session of a built-in scenario after `turns` turns of the adaptive bot (in jeugdteam
    offline it prepares for the budget debate in turn 6 and puts events first)."""
    path = resolve(name)
    scn = load_scenario(path)
    s = Session(scn, path, seed)
    bot = make_bot("adaptive", scn)
    for _ in range(turns):
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        s.end_turn()
    return s


def crowded_session(n_events: int = 8, n_dilemmas: int = 4, seed: int = 5) -> Session:
    """A fresh game of a built-in scenario with its event slots filled by hand."""
    path = resolve("jeugdteam_offline")  # the default scenario has only three dilemmas
    scn = load_scenario(path)
    s = Session(scn, path, seed)
    st = s.state
    dilemmas = [i for i, t in enumerate(scn.templates) if scn.t_n_options[i] > 0]
    plain = [i for i, t in enumerate(scn.templates) if scn.t_n_options[i] == 0]
    picks = dilemmas[:n_dilemmas] + plain[: n_events - n_dilemmas]
    n_s = st.ev_active.shape[1]
    assert len(picks) == n_events <= n_s
    active = np.zeros((1, n_s), bool)
    active[0, :n_events] = True
    tmpl = np.full((1, n_s), -1)
    tmpl[0, :n_events] = picks
    sev = np.zeros((1, n_s))
    sev[0, :n_events] = 1.0 + 0.1 * np.arange(n_events)
    total = np.zeros(st.ev_total.shape)
    for j, t in enumerate(picks):
        total[0, j] = scn.o_demand[t, 0] * sev[0, j]
    uid = np.full((1, n_s), -1)
    uid[0, :n_events] = np.arange(100, 100 + n_events)
    s.state = st.evolve(
        ev_active=active,
        ev_template=tmpl,
        ev_uid=uid,
        ev_severity=sev,
        ev_total=total,
        ev_remaining=total.copy(),
        ev_deadline=np.where(active, 1 + np.arange(n_s) % 3, 0),
        ev_option=np.full((1, n_s), -1),
        ev_arrived=np.where(active, 0, -1),
        next_uid=np.array([100 + n_events]),
    )
    s.new_events = active[0].copy()
    s._preview = None
    return s


def two_events_session(seed: int = 5) -> tuple[Session, int]:
    """A fresh game with two open events (no dilemmas) that ask for the same expectation, and
    that expectation: a thin plan there leaves too little for both (time is scarce)."""
    path = resolve("jeugdteam_offline")
    scn = load_scenario(path)
    plain = [i for i in range(scn.n_templates) if scn.t_n_options[i] == 0]
    pair = next(
        (a, b, e)
        for a in plain
        for b in plain
        if a < b
        for e in range(scn.rules.n_exp)
        if scn.o_demand[a, 0, e] > 0 and scn.o_demand[b, 0, e] > 0
    )
    a, b, e = pair
    s = Session(scn, path, seed)
    st = s.state
    n_s = st.ev_active.shape[1]
    active = np.zeros((1, n_s), bool)
    active[0, :2] = True
    tmpl = np.full((1, n_s), -1)
    tmpl[0, :2] = (a, b)
    sev = np.where(active, 1.0, 0.0)
    total = np.zeros(st.ev_total.shape)
    total[0, 0] = scn.o_demand[a, 0]
    total[0, 1] = scn.o_demand[b, 0]
    s.state = st.evolve(
        ev_active=active,
        ev_template=tmpl,
        ev_uid=np.where(active, np.arange(n_s)[None, :] + 200, -1),
        ev_severity=sev,
        ev_total=total,
        ev_remaining=total.copy(),
        ev_deadline=np.where(active, 1, 0),  # both end this turn: what they get is their quality
        ev_option=np.full((1, n_s), -1),
        ev_arrived=np.where(active, 0, -1),
        next_uid=np.array([202]),
    )
    s.new_events = active[0].copy()
    s._preview = None
    return s, e


def board_for(app, session):
    """A board of a session pushed on an App and drawn once."""
    from turbulentie_game.ui.board import BoardScene

    board = BoardScene(app, session)
    app.push(board)
    app.frame(0.016)
    return board
