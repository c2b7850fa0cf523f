"""The engine's exp, log, log1p, cos, tanh and pow are the C library's, element by element, in
the numpy engine and in the compiled kernels alike: a game's bits do not depend on the CPU."""

import math

import numpy as np
import pytest

from turbulentie_game.core import jit, libm

RNG = np.random.default_rng(7)
X = np.concatenate(
    [RNG.uniform(-40, 40, 6000), [0.0, -0.0, 1e-300, 800.0, -800.0, np.inf, -np.inf, np.nan]]
)
POS = np.concatenate([RNG.uniform(0, 100, 6000), [0.0, 1e-300, np.inf, -1.0, np.nan]])


def _math(fn, x):
    out = []
    for v in x:
        try:
            out.append(fn(v))
        except (ValueError, OverflowError):
            out.append(None)
    return out


@pytest.mark.parametrize(
    "name,fn,x",
    [
        ("exp", math.exp, X),
        ("log", math.log, POS),
        ("log1p", math.log1p, X / 40),
        ("cos", math.cos, X),
        ("tanh", math.tanh, X),
    ],
)
def test_each_function_gives_the_c_librarys_bits_and_numpys_answer_where_math_refuses(name, fn, x):
    want = _math(fn, x)
    numpy = getattr(np, name)
    with np.errstate(all="ignore"):  # infinities and NaN on purpose
        got = getattr(libm, name)(x)
        for g, w, v in zip(got, want, x, strict=True):
            if w is None:  # math refuses (an overflow, a log of 0): numpy's answer
                ref = numpy(v)
                assert (np.isnan(g) and np.isnan(ref)) or g == ref, (name, v, g, ref)
            else:
                assert (math.isnan(g) and math.isnan(w)) or g == w, (name, v, g, w)


def test_pow_is_the_c_librarys():
    base, exp = RNG.uniform(0, 5, 6000), RNG.uniform(-3, 3, 6000)
    assert np.array_equal(
        libm.power(base, exp), [math.pow(a, b) for a, b in zip(base, exp, strict=True)]
    )
    ages = np.arange(8)
    assert np.array_equal(libm.power(0.3, ages), [math.pow(0.3, int(a)) for a in ages])


def test_the_compiled_versions_give_the_same_bits():
    if jit.load("kernels") is None:
        pytest.skip("numba cannot load here: the compiled versions are not used")
    big = np.resize(X, 9000)  # above libm.COMPILED_FROM: the compiled path
    pos = np.resize(POS, 9000)
    with np.errstate(all="ignore"):  # infinities and NaN on purpose
        for name, x in (
            ("exp", big),
            ("log", pos),
            ("log1p", big / 40),
            ("cos", big),
            ("tanh", big),
        ):
            one_by_one = libm._floats(libm._UFUNCS[name](x))
            assert np.array_equal(getattr(libm, name)(x), one_by_one, equal_nan=True), name
    base, e = RNG.uniform(0, 5, 9000), RNG.uniform(-3, 3, 9000)
    assert np.array_equal(libm.power(base, e), libm._floats(libm._POW(base, e)))
