"""The fast paths of the N-player enumeration: multilinear evaluation in the homotopy
tracker and the sympy-free text of algebraic roots, each checked against a plain
reference (einsum contraction, sympy's ``rootof``)."""

from __future__ import annotations

import itertools
import math
import random

import flint
import mpmath
import numpy as np
import pytest

from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.enumpoly.homotopy import _Homotopy
from gametheory.normal.solvers.enumpoly.identify import _poly_text, _root_text, _rootof_text
from gametheory.normal.solvers.enumpoly.supports import _integer_payoffs
from gametheory.normal.solvers.enumpoly.system import _System


def _reference_F(h: _Homotopy, X: np.ndarray, tensors: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Target system values and Jacobian by a direct einsum per equation (the slow way)."""
    P = X.shape[0]
    Q = h._blocks(X)
    ne = len(tensors)
    F = np.zeros((P, ne), dtype=complex)
    JF = np.zeros((P, ne, h.M), dtype=complex)
    for e, (T, opp) in enumerate(zip(tensors, h.opp)):
        if not opp:
            F[:, e] = T
            continue
        letters = "abcdefgh"[: len(opp)]
        F[:, e] = np.einsum(f"{letters}," + ",".join(f"p{c}" for c in letters) + "->p", T, *[Q[j] for j in opp])
        for pos, j in enumerate(opp):
            rest = [c for q, c in enumerate(letters) if q != pos]
            o = h.off[j]
            if not rest:
                JF[:, e, o: o + h.kb[j]] = T[None, :]
                continue
            spec = f"{letters}," + ",".join(f"p{c}" for c in rest) + f"->p{letters[pos]}"
            JF[:, e, o: o + h.kb[j]] = np.einsum(spec, T, *[Q[jj] for q, jj in enumerate(opp) if q != pos])
    return F, JF


CASES = [
    ((3, 3, 3, 3), ((0, 1, 2),) * 4),
    ((3, 3, 3, 3), ((0, 1), (0, 1, 2), (1, 2), (0, 2))),
    ((3, 3, 3, 3), ((0,), (0, 1, 2), (1, 2), (0, 2))),
    ((2, 2, 2, 2, 2), ((0, 1),) * 5),
    ((4, 4, 4), ((0, 1, 3), (0, 1, 2, 3), (2, 3))),
    ((3, 3, 3), ((1,), (0, 2), (0, 1))),
]


@pytest.mark.parametrize("shape,support", CASES)
def test_multilinear_evaluate_matches_einsum(shape, support):
    rng = np.random.default_rng(7)
    game = NormalFormGame(rng.integers(0, 100, (*shape, len(shape))))
    U = _integer_payoffs(game)
    system = _System(U, support)
    h = _Homotopy(system, np.random.default_rng(3))
    X = rng.normal(size=(9, h.M)) + 1j * rng.normal(size=(9, h.M))
    t = rng.random(9)
    H, J, Ht = h.evaluate(X, t)
    F, JF = _reference_F(h, X, h.T)
    ne = len(h.T)
    # H = (1 - t) F + t gamma G and Ht = gamma G - F, so F = H - t Ht
    assert np.allclose(H[:, :ne] - t[:, None] * Ht[:, :ne], F, atol=1e-12)
    # the Jacobian's F part: (1 - t) JF + t gamma JG; JG does not depend on the payoffs,
    # so compare with a second homotopy whose target tensors are zero
    h0 = _Homotopy(system, np.random.default_rng(3))
    for g, (eqs, opp, T) in enumerate(h0.groups):
        h0.flat[g] = (0 * h0.flat[g][0], [0 * Tj for Tj in h0.flat[g][1]])
        h0.groups[g] = (eqs, opp, 0 * T)
    _, J0, _ = h0.evaluate(X, t)
    assert np.allclose(J[:, :ne] - J0[:, :ne], (1 - t)[:, None, None] * JF, atol=1e-12)


@pytest.mark.parametrize("shape,support", CASES[:2] + CASES[3:5])
def test_batched_evaluate_matches_single(shape, support):
    """Batched tracking (one tensor per path) gives each path its own system's values."""
    rng = np.random.default_rng(11)
    systems = []
    for _ in range(3):
        game = NormalFormGame(rng.integers(0, 100, (*shape, len(shape))))
        systems.append(_System(_integer_payoffs(game), support))
    hb = _Homotopy(systems[0], np.random.default_rng(5))
    X0 = hb.batch(systems)
    X = X0 + 0.3 * (rng.normal(size=X0.shape) + 1j * rng.normal(size=X0.shape))
    t = rng.random(len(X))
    Hb, Jb, Htb = hb.evaluate(X, t)
    assert hb.sidx is not None
    for s, system in enumerate(systems):
        hs = _Homotopy(system, np.random.default_rng(5))
        rows = np.flatnonzero(hb.sidx == s)
        H, J, Ht = hs.evaluate(X[rows], t[rows])
        assert np.allclose(H, Hb[rows], atol=1e-12)
        assert np.allclose(J, Jb[rows], atol=1e-12)
        assert np.allclose(Ht, Htb[rows], atol=1e-12)


def _irreducible_polys(count: int, seed: int) -> list[list[int]]:
    rnd = random.Random(seed)
    out: list[list[int]] = []
    while len(out) < count:
        deg = rnd.randint(3, 6)
        co = [rnd.randint(-20, 20) for _ in range(deg)] + [rnd.randint(1, 9)]
        if rnd.random() < 0.3:  # sparse ones too
            co = [c if rnd.random() < 0.5 else 0 for c in co[:-1]] + [co[-1]]
        content, factors = flint.fmpz_poly(co).factor()
        for f, _m in factors:
            fc = [int(c) for c in f.coeffs()]
            if len(fc) >= 4:
                out.append(fc)
    return out


def test_rootof_text_matches_sympy():
    sp = pytest.importorskip("sympy")
    x = sp.Symbol("x")
    checked = 0
    for co in _irreducible_polys(60, 20261206):
        poly = sp.Poly(list(reversed(co)), x)
        for index, root in enumerate(poly.real_roots()):
            with mpmath.workdps(80):
                value = mpmath.mpf(str(sp.N(root, 80)))
                fast = _rootof_text(co, value)
            if fast is None:
                continue
            assert fast == str(sp.rootof(poly, index)), co
            checked += 1
    assert checked > 20


def test_root_text_falls_back_for_binomials_and_deflatable():
    sp = pytest.importorskip("sympy")
    x = sp.Symbol("x")
    for co in ([-3, 0, 0, 0, 1], [1, 0, 3, 0, 0, 1][:4] + [0, 0, 1], [-2, 0, 0, 0, 1], [1, 0, 0, 3, 0, 0, 1]):
        content, factors = flint.fmpz_poly(co).factor()
        for f, _m in factors:
            fc = [int(c) for c in f.coeffs()]
            if len(fc) < 4:
                continue
            poly = sp.Poly(list(reversed(fc)), x)
            for index, root in enumerate(poly.real_roots()):
                with mpmath.workdps(80):
                    value = mpmath.mpf(str(sp.N(root, 80)))
                    assert _root_text(fc, value) == str(sp.rootof(poly, index))


def test_poly_text():
    assert _poly_text([3, -1, 0, 5, -7, 2]) == "2*x**5 - 7*x**4 + 5*x**3 - x + 3"
    assert _poly_text([-1, 1, 0, 1]) == "x**3 + x - 1"
    assert list(itertools.islice(iter(_poly_text([0, 0, 0, 1])), 4)) == list("x**3")


def test_certificate_check_int64_matches_python_integers():
    """The joint relaxation's exact certificate check gives the same answer with int64
    sums (small entries) as with Python integers (the reference written out here)."""
    from fractions import Fraction

    from gametheory.normal.solvers.enumpoly.supports import _is_certificate

    rnd = random.Random(5)
    for trial in range(300):
        nr, nv = rnd.randint(1, 8), rnd.randint(1, 10)
        rows = [[rnd.randint(-3, 3) for _ in range(nv)] for _ in range(nr)]
        ineq = [rnd.random() < 0.5 for _ in range(nr)]
        big = 1 if trial % 3 else 1 << 70  # some force the Python-integer path
        lam = [Fraction(rnd.randint(-2, 4) * big, rnd.randint(1, 6)) for _ in range(nr)]
        den = 1
        for v in lam:
            den = math.lcm(den, v.denominator)
        ints = [int(v * den) for v in lam]
        ok_sign = not any(s and v < 0 for s, v in zip(ineq, ints))
        w = [sum(c * row[k] for c, row in zip(ints, rows)) for k in range(nv)]
        want = ok_sign and all(v >= 0 for v in w) and any(v > 0 for v in w)
        assert _is_certificate(rows, ineq, lam) == want


def _joint_rows_reference(U, support):
    """The joint relaxation's rows written out profile by profile (the slow way)."""
    N = len(support)
    profiles = [list(itertools.product(*[support[j] for j in range(N) if j != i])) for i in range(N)]
    offsets = list(itertools.accumulate([0] + [len(p) for p in profiles]))
    nv = offsets[-1]
    rows, ineq = [], []
    for i in range(N):
        s0 = support[i][0]
        for r in range(U[i].shape[i]):
            if r == s0:
                continue
            row = [0] * nv
            for k, p in enumerate(profiles[i]):
                row[offsets[i] + k] = int(U[i][p[:i] + (r,) + p[i:]]) - int(U[i][p[:i] + (s0,) + p[i:]])
            rows.append(row)
            ineq.append(r not in support[i])
    for i, j in itertools.combinations(range(N), 2):
        others = [m for m in range(N) if m not in (i, j)]
        for common in itertools.product(*[support[m] for m in others]):
            want = dict(zip(others, common))
            row = [0] * nv
            for who, sign in ((i, 1), (j, -1)):
                pos = [m for m in range(N) if m != who]
                for k, p in enumerate(profiles[who]):
                    if all(p[pos.index(m)] == want[m] for m in others):
                        row[offsets[who] + k] += sign
            rows.append(row)
            ineq.append(False)
    return rows, ineq


@pytest.mark.parametrize("shape", [(3, 3, 3, 3), (4, 4, 4), (2, 2, 2, 2, 2), (3, 2), (2, 3, 4)])
def test_joint_rows_match_reference(shape):
    from gametheory.normal.solvers.enumpoly.supports import _joint_rows, support_order

    rng = np.random.default_rng(13)
    game = NormalFormGame(rng.integers(-50, 100, (*shape, len(shape))))
    U = _integer_payoffs(game)
    order = support_order(shape)
    picks = [order[k] for k in rng.choice(len(order), size=min(40, len(order)), replace=False)]
    for support in picks:
        assert _joint_rows(U, support) == _joint_rows_reference(U, support)
