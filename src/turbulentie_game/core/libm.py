"""exp, log, log1p, cos, tanh and pow as the C library computes them, element by element.

A game's bits must not depend on the machine that plays it: a replay made on one computer is
verified on another, and the compiled kernels (core.kernels) call the C library. numpy picks
SIMD code of its own by the CPU for some of these functions (tanh with AVX2; exp, log, pow and
others with AVX-512), whose last bit can differ from the C library's, so the engine calls these
instead of numpy's. Python's math module calls the C library (after handling infinities and
NaN itself); the wrappers give numpy's answers where math would raise. They cost about 0.1 µs
an element: fine for the small batches the numpy engine plays, while big batches go to the
kernels (and for big arrays, once numba is loaded, the kernels' compiled versions of the same
functions). sqrt and the four arithmetic operations are exactly
rounded everywhere: numpy's own.
"""

from __future__ import annotations

import math

import numpy as np

INF, NAN = math.inf, math.nan


def _exp(v: float) -> float:
    try:
        return math.exp(v)
    except OverflowError:
        return INF


def _log(v: float) -> float:
    if v > 0.0:
        return math.log(v)
    return -INF if v == 0.0 else NAN


def _log1p(v: float) -> float:
    if v > -1.0:
        return math.log1p(v)
    return -INF if v == -1.0 else NAN


def _cos(v: float) -> float:
    try:
        return math.cos(v)
    except ValueError:  # an infinity
        return NAN


def _pow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        return INF
    except ValueError:  # a negative number to a broken power, or 0 to a negative one
        return INF if a == 0.0 else NAN


_UFUNCS = {
    name: np.frompyfunc(fn, 1, 1)
    for name, fn in (
        ("exp", _exp),
        ("log", _log),
        ("log1p", _log1p),
        ("cos", _cos),
        ("tanh", math.tanh),
    )
}
_POW = np.frompyfunc(_pow, 2, 1)


def _floats(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def exp(x) -> np.ndarray:
    return _unary("exp", x)


def log(x) -> np.ndarray:
    return _unary("log", x)


def log1p(x) -> np.ndarray:
    return _unary("log1p", x)


def cos(x) -> np.ndarray:
    return _unary("cos", x)


COMPILED_FROM = 4096  # elements from which the compiled versions go faster (once loaded)


def _compiled(size: int):
    if size < COMPILED_FROM:
        return None
    from . import jit

    return jit.loaded("kernels")


def _unary(name: str, x) -> np.ndarray:
    x = _floats(x)
    k = _compiled(x.size)
    return k.unary(name, x) if k is not None else _floats(_UFUNCS[name](x))


def tanh(x) -> np.ndarray:
    x = _floats(x)
    k = _compiled(x.size)
    return k.tanh(x) if k is not None else _floats(_UFUNCS["tanh"](x))


def power(a, b) -> np.ndarray:
    """a ** b element by element (numpy broadcasting)."""
    a, b = _floats(a), _floats(b)
    k = _compiled(max(a.size, b.size))
    return k.power(a, b) if k is not None else _floats(_POW(a, b))
