"""A game being played, without pygame: the session (game, plan, undo, what the plan would do),
the player's settings and saves, and the controller that starts, resumes and ends games and
returns outcomes as data. The window (ui/) and, later, the room drive it."""
