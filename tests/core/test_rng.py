import numpy as np

from turbulentie_game.core import rng


def test_uniform_draws_are_addressed_not_consumed():
    seeds = np.array([1, 2, 3], dtype=np.uint64)
    a = rng.uniform(seeds, 4, rng.PICK, 2)
    b = rng.uniform(seeds, 4, rng.PICK, 2)
    assert np.array_equal(a, b)
    # a game's draw does not depend on which other games share the batch
    alone = rng.uniform(seeds[1:2], 4, rng.PICK, 2)
    assert alone[0] == a[1]
    # other turn, purpose or slot gives another number
    assert not np.array_equal(a, rng.uniform(seeds, 5, rng.PICK, 2))
    assert not np.array_equal(a, rng.uniform(seeds, 4, rng.SEVERITY, 2))
    assert not np.array_equal(a, rng.uniform(seeds, 4, rng.PICK, 3))


def test_uniform_is_spread_over_the_unit_interval():
    u = rng.uniform(np.arange(20000, dtype=np.uint64), 1, rng.ARRIVALS, 0)
    assert u.min() >= 0.0 and u.max() < 1.0
    hist, _ = np.histogram(u, bins=10, range=(0, 1))
    assert hist.min() > 1800 and hist.max() < 2200
    z = rng.normal(np.arange(20000, dtype=np.uint64), 1, rng.QUALITY, 0)
    assert abs(z.mean()) < 0.05 and abs(z.std() - 1.0) < 0.05


def test_aligned_slots_follow_their_game():
    seeds = np.array([10, 11], dtype=np.uint64)
    slots = np.array([[0, 1, 2], [5, 6, 7]])
    u = rng.uniform(seeds, 3, rng.QUALITY, slots, aligned=True)
    assert u.shape == (2, 3)
    assert u[1, 0] == rng.uniform(seeds[1:], 3, rng.QUALITY, 5)[0]
