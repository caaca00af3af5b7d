"""Exact regimes of ``analyze`` from the cell decomposition (gametheory.symbolic.cells)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy

import gametheory as gt
from gametheory.symbolic import Parameter, SymbolicGame
from gametheory.symbolic.cells import context, open_cells, separating_points
from gametheory.symbolic.regimes import _mixed_candidates, analyze


def deterrence() -> SymbolicGame:
    c = Parameter("c", "cost of war", default=2, lower=0, upper=5, lower_open=True)
    v = Parameter("v", "value of the stake", default=3, lower=0, upper=5, lower_open=True)
    return SymbolicGame.from_bimatrix(
        [["0", "0"], ["v", "v - c"]], [["1", "0"], ["-v", "-c"]], parameters=[c, v],
        strategies=(("Stay", "Attack"), ("Yield", "Fight")),
    )


def random_game(seed: int, shape: tuple[int, int], kind: str) -> SymbolicGame:
    rng = random.Random(seed)

    def entry() -> str:
        a, b, c, d = (rng.randint(-4, 4) for _ in range(4))
        if kind == "linear":
            return f"{a}*x + {b}*y + {c}"
        if kind == "bilinear":
            return f"{a}*x*y + {b}*x + {c}*y + {d}"
        return f"({a}*x + {b}*y + {c})/(y + {rng.randint(1, 3)})"

    x = Parameter("x", default=1, lower=0, upper=5)
    y = Parameter("y", default=2, lower=0, upper=5)
    m, n = shape
    A = [[entry() for _ in range(n)] for _ in range(m)]
    B = [[entry() for _ in range(n)] for _ in range(m)]
    return SymbolicGame.from_bimatrix(A, B, parameters=[x, y])


def engine_profiles(game: SymbolicGame, point: dict[str, Fraction]) -> set | None:
    """All equilibria by the exact engine, or None where the game is degenerate."""
    numeric = gt.solve(game.substitute(**point), "enummixed")
    if numeric.degenerate:
        return None
    return {e.profile for e in numeric}


def test_deterrence_two_regimes_split_by_c_equals_v() -> None:
    # Hand-derived: the defender fights an attack iff -c > -v (c < v); the challenger then
    # still attacks (v - c > 0): (Attack, Fight). For c > v the defender yields: (Attack, Yield).
    a = analyze(deterrence())
    assert a.decomposition == "cells"
    assert len(a.regimes) == 2
    assert any(sympy.expand(b - (sympy.Symbol("c", positive=True) - sympy.Symbol("v", positive=True))) == 0
               or str(b) in ("c - v", "-c + v") for b in a.boundaries)
    for r in a.regimes:
        assert r.cells
        c, v = r.sample["c"], r.sample["v"]
        (prof,) = a.equilibria_at(c=c, v=v)
        fight = (Fraction(0), Fraction(1))
        yield_ = (Fraction(1), Fraction(0))
        assert prof == ((Fraction(0), Fraction(1)), fight if c < v else yield_)


def test_one_parameter_threshold() -> None:
    # Matching-pennies-like in p: row prefers Top iff p > 1/2 against either column.
    p = Parameter("p", default="1/4", lower=0, upper=1)
    g = SymbolicGame.from_bimatrix([["p", "p"], ["1 - p", "1 - p"]], [["1", "0"], ["0", "1"]], parameters=[p])
    a = analyze(g)
    assert a.decomposition == "cells" and len(a.regimes) == 2
    for r in a.regimes:
        top = r.sample["p"] > Fraction(1, 2)
        assert a.equilibria_at(**r.sample) == [
            ((Fraction(1), Fraction(0)), (Fraction(1), Fraction(0)))
            if top
            else ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1)))
        ]


def test_separating_points_are_off_every_root() -> None:
    import flint

    polys = [flint.fmpz_poly([-2, 0, 1]), flint.fmpz_poly([-1, 3]), flint.fmpz_poly([1, 1, 1])]
    pts = separating_points(polys)
    # roots -sqrt2, 1/3, sqrt2: four gaps
    assert len(pts) == 4
    assert pts[0] < -Fraction(141, 100) < pts[1] < Fraction(1, 3) < pts[2] < Fraction(141, 100) < pts[3]


def test_open_cells_of_circle_and_line() -> None:
    ctx = context(("x", "y"))
    x, y = ctx.gens()
    cells, boundaries = open_cells([x * x + y * y - 4, x - y], ctx, [(Fraction(-3), Fraction(3)), (Fraction(-3), Fraction(3))])
    # every sign pattern realised in the box appears: inside/outside the circle, each side of the line
    patterns = {c.signs for c in cells}
    assert patterns == {(-1, -1), (-1, 1), (1, -1), (1, 1)}
    for c in cells:
        px, py = c.point
        assert -3 < px < 3 and -3 < py < 3
        assert c.signs == (1 if px * px + py * py > 4 else -1, 1 if px > py else -1)


@pytest.mark.parametrize("seed,shape,kind", [(1, (2, 2), "linear"), (2, (2, 3), "linear"), (3, (2, 2), "bilinear")])
def test_agrees_with_sympy_candidates(seed: int, shape: tuple[int, int], kind: str) -> None:
    """The python-flint candidates hold exactly where the sympy construction's do."""
    g = random_game(seed, shape, kind)
    a = analyze(g)
    old, _ = _mixed_candidates(g, sympy.true)
    rng = random.Random(seed)
    points = [r.sample for r in a.regimes] + [
        {"x": Fraction(rng.randint(1, 999), 200), "y": Fraction(rng.randint(1, 999), 200)} for _ in range(10)
    ]
    for pt in points:
        subs = {s: sympy.Rational(pt[s.name].numerator, pt[s.name].denominator) for s in g.symbols}
        theirs = {
            tuple(sympy.Rational(sympy.cancel(q.xreplace(subs))) for pr in e.profile for q in pr)
            for e in old
            if bool(e.condition.xreplace(subs))
        }
        ours = {tuple(sympy.Rational(q) for pr in prof for q in pr) for prof in a.equilibria_at(**pt)}
        assert ours == theirs, pt


@pytest.mark.parametrize(
    "seed,shape,kind",
    [(10, (2, 2), "rational"), (11, (2, 3), "linear"), (12, (2, 3), "bilinear"), (13, (2, 3), "rational"),
     (14, (3, 3), "linear")],
)
def test_every_cell_sample_matches_the_engine(seed: int, shape: tuple[int, int], kind: str) -> None:
    """Property: at each reported cell's sample point the engine's equilibria are the regime's."""
    g = random_game(seed, shape, kind)
    a = analyze(g)
    assert a.decomposition == "cells"
    checked = 0
    for r in a.regimes:
        for cell in r.cells[:6]:
            theirs = engine_profiles(g, cell.sample)
            if theirs is None:
                continue
            assert set(a.equilibria_at(**cell.sample)) == theirs, cell.sample
            assert set(a.holding(**cell.sample)) == set(r.equilibria)
            checked += 1
    assert checked > 0
    # the regimes are distinct sets of equilibria, and their shares add up
    assert len({r.equilibria for r in a.regimes}) == len(a.regimes)
    assert sum(r.share for r in a.regimes) == pytest.approx(1.0)


def test_cell_conditions_hold_at_sample() -> None:
    a = analyze(deterrence())
    for r in a.regimes:
        for cell in r.cells:
            subs = {s: sympy.Rational(cell.sample[s.name].numerator, cell.sample[s.name].denominator) for s in a.game.symbols}
            assert all(bool(c.xreplace(subs)) for c in cell.conditions(a.boundaries))


def test_samples_fallback_and_json() -> None:
    a = analyze(deterrence(), cells=False, samples=40)
    assert a.decomposition == "samples" and all(not r.cells for r in a.regimes)
    doc = analyze(deterrence()).to_json()
    assert doc["decomposition"] == "cells" and len(doc["regime_cells"]) == len(doc["regimes"])
    assert all(isinstance(s, int) for cells in doc["regime_cells"] for c in cells for s in c["signs"])
