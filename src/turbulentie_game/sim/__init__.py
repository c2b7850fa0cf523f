"""Bots, batch runs, the balance lab and replays: everything that plays the engine."""
