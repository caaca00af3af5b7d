"""The fast lifting of the cell decomposition (gametheory.symbolic.cells) is exact and gives
the same decomposition as before it was made fast.

* The root enclosures (exact for degrees one and two, Descartes' rule plus a certified
  bisection for one root in the box, FLINT/Arb otherwise) hold exactly the real roots.
* The fast column gives the same sample points and signs as the exact reference column
  (sympy isolating intervals, signs evaluated directly).
* ``analyze`` gives byte-identical JSON (regimes, conditions, cells, boundaries) to the
  implementation before the speed-up, on four of the benchmark's seeded games (golden
  SHA-256 digests recorded from that implementation at commit de630eb).
"""

from __future__ import annotations

import hashlib
import json
import random
from fractions import Fraction

import flint
import pytest
import sympy

from gametheory.symbolic import Parameter, SymbolicGame
from gametheory.symbolic.cells import (
    _column,
    _column_exact,
    _Lift,
    _one_root,
    _real_enclosures,
    context,
    irreducible_factors,
)
from gametheory.symbolic.regimes import analyze


def bench_game(index: int, shape: tuple[int, int], kind: str) -> SymbolicGame:
    """The generator of ``benchmarks/bench_symbolic.py --games`` (seed ``1000 + index``)."""
    rng = random.Random(1000 + index)

    def entry() -> str:
        a, b, c, d = (rng.randint(-4, 4) for _ in range(4))
        if kind == "linear":
            return f"{a}*x + {b}*y + {c}"
        if kind == "bilinear":
            return f"{a}*x*y + {b}*x + {c}*y + {d}"
        return f"({a}*x + {b}*y + {c})/(y + {rng.randint(1, 3)})"

    m, n = shape
    x = Parameter("x", "first parameter", default=1, lower=0, upper=5)
    y = Parameter("y", "second parameter", default=2, lower=0, upper=5)
    A = [[entry() for _ in range(n)] for _ in range(m)]
    B = [[entry() for _ in range(n)] for _ in range(m)]
    return SymbolicGame.from_bimatrix(A, B, parameters=[x, y], title=f"random {m}x{n} {kind} #{index}")


#: SHA-256 of ``analyze(game).to_json()`` (without ``elapsed_seconds`` and ``diagnostics``)
#: before the speed-up.
GOLDEN = {
    (0, "linear"): "af29d225b335b3e02bb7cdf7ac42d2f50e218a09bd2eb079445b149ae36b3f18",
    (2, "rational"): "c15da359dddef597d58946e90706971a93077bcd7e1be03eb2d19543e8343cb3",
    (4, "bilinear"): "ce08e61e96fd7918d28f7d2cf5c0565f1d98fbead04451116519fb2522e0d926",
    (5, "rational"): "ff3b25afdab47b993bb97ff4daf8a6839ba13c16f9308e48ba33adb9530038e8",
}


@pytest.mark.parametrize("index,kind", sorted(GOLDEN))
def test_analysis_identical_to_before(index: int, kind: str) -> None:
    data = analyze(bench_game(index, (2, 3), kind)).to_json()
    data.pop("elapsed_seconds", None)
    data.pop("diagnostics", None)  # the notes (their counts are in the JSON fields checked here)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    assert digest == GOLDEN[(index, kind)]


def real_roots(coeffs: list[int]) -> list[sympy.Basic]:
    t = sympy.Symbol("t")
    return sympy.Poly(list(reversed(coeffs)), t).real_roots()


@pytest.mark.parametrize("degree", [1, 2, 3, 4, 5])
def test_enclosures_hold_exactly_the_real_roots(degree: int) -> None:
    rng = random.Random(degree)
    done = 0
    while done < 25:
        coeffs = [rng.randint(-9, 9) for _ in range(degree)] + [rng.choice([-3, -2, -1, 1, 2, 3])]
        u = flint.fmpz_poly(coeffs)
        if u.discriminant() == 0:
            continue
        done += 1
        encl = _real_enclosures(u)
        roots = sorted(real_roots(coeffs), key=lambda r: float(r))
        assert len(encl) == len(roots)
        encl.sort(key=lambda e: float(e[0]))
        for (lo, hi), r in zip(encl, roots):
            a, b = sympy.Rational(int(lo.p), int(lo.q)), sympy.Rational(int(hi.p), int(hi.q))
            assert a <= r <= b
        for i in range(len(encl) - 1):
            assert encl[i][1] < encl[i + 1][0]


def test_single_root_in_box_is_certified() -> None:
    # 5y^3 - 7y + 1 has exactly one root in (1, 5): 1.12...
    u = flint.fmpz_poly([1, -7, 0, 5])
    lo, hi = _one_root(u, flint.fmpq(1), flint.fmpq(5), -1)
    (root,) = [r for r in real_roots([1, -7, 0, 5]) if 1 < r < 5]
    assert sympy.Rational(int(lo.p), int(lo.q)) < root < sympy.Rational(int(hi.p), int(hi.q))
    assert hi - lo < flint.fmpq(1, 2**30)
    # a wrong sign below (no sign change where it is claimed): no certificate
    assert _one_root(u, flint.fmpq(1), flint.fmpq(5), 1) is None


def test_descartes_bound_counts_roots_in_box() -> None:
    rng = random.Random(7)
    ctx = context(["x", "y"])
    x, y = ctx.gens()
    for _ in range(20):
        f = sum(rng.randint(-5, 5) * x**i * y**j for i in range(2) for j in range(4)) + y**4
        for g in irreducible_factors([f]):
            if g.degrees()[1] < 3:
                continue
            lift = _Lift(g)
            lift.box(Fraction(0), Fraction(5))
            for xv in (Fraction(1, 3), Fraction(2), Fraction(9, 2)):
                u = lift.at(xv)
                if u.degree() != lift.degree or u.discriminant() == 0:
                    continue
                coeffs = [int(c) for c in u.coeffs()]
                inside = sum(1 for r in real_roots(coeffs) if 0 < r < 5)
                bound = lift.roots_in_box(flint.fmpq(xv.numerator, xv.denominator))
                assert bound >= inside and (bound - inside) % 2 == 0


@pytest.mark.parametrize("index,shape,kind", [(2, (2, 3), "rational"), (8, (3, 3), "rational"), (7, (3, 3), "bilinear")])
def test_fast_column_matches_exact_column(index: int, shape: tuple[int, int], kind: str) -> None:
    """Every column of a game's decomposition: the fast lifting and the exact reference
    give the same samples and signs."""
    from gametheory.symbolic.regimes import _fast_candidates

    game = bench_game(index, shape, kind)
    _, clauses, alg = _fast_candidates(game)
    polys = {str(a.poly): a.poly for alts in clauses for atoms in alts for a in atoms}
    lifts = [_Lift(b) for b in irreducible_factors(list(polys.values())) if b.degrees()[1] > 0]
    for lift in lifts:
        lift.box(Fraction(0), Fraction(5))
    rng = random.Random(index)
    for _ in range(12):
        xv = Fraction(rng.randint(1, 5000), 1001)
        exact = _column_exact(lifts, xv, Fraction(0), Fraction(5))
        assert _column(lifts, xv, Fraction(0), Fraction(5)) == exact
