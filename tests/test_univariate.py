"""Backward induction along one parameter (gametheory.extensive.univariate) against the
engine's backward induction at single points, on random small trees."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from flint import fmpq, fmpq_poly
from hypothesis import given
from hypothesis import strategies as st

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import chance, decision
from gametheory.extensive.univariate import AlgebraicPoint, _cmp, pieces_in_one_parameter, real_roots

PLAYERS = ["A", "B"]
T = fmpq_poly([0, 1])

# a tree spec: ("leaf", ((c0, c1, c2), (c0, c1, c2))) payoffs per player as polynomial coefficients,
# ("dec", player, [children]), ("chance", [children]) with probabilities t, 1 - t (two children)
coeffs = st.tuples(*(st.integers(-3, 3) for _ in range(3))).map(lambda c: tuple(Fraction(x, 2) for x in c))
leaves = st.tuples(coeffs, coeffs).map(lambda p: ("leaf", p))


def _extend(children: Any) -> Any:
    return st.one_of(
        st.tuples(st.just("dec"), st.integers(0, 1), st.lists(children, min_size=2, max_size=3)),
        st.tuples(st.just("chance"), st.lists(children, min_size=2, max_size=2)),
    )


trees = st.recursive(leaves, _extend, max_leaves=8)


def build(spec: Any, at: Fraction | None, counter: list[int]) -> Any:
    """The tree with polynomials in t (``at`` None) or numbers at t = ``at``."""
    kind = spec[0]
    if kind == "leaf":
        if at is None:
            return tuple(fmpq_poly([fmpq(c.numerator, c.denominator) for c in cs]) for cs in spec[1])
        return tuple(cs[0] + cs[1] * at + cs[2] * at * at for cs in spec[1])
    if kind == "dec":
        counter[0] += 1
        label = f"n{counter[0]}"
        kids = {f"a{i}": build(c, at, counter) for i, c in enumerate(spec[2])}
        return decision(PLAYERS[spec[1]], kids, infoset=label)
    p = T if at is None else at
    kids = [build(c, at, counter) for c in spec[1]]
    return chance({"x": (p, kids[0]), "y": (1 - p, kids[1])})


def point_plan(spec: Any, x: Fraction) -> dict[str, str | None]:
    root = build(spec, x, [0])
    if not hasattr(root, "actions"):
        return {}
    return backward_induction(ExtensiveGame.from_tree(root, players=PLAYERS))[0].actions()


@given(trees, st.lists(st.fractions(0, 1), min_size=1, max_size=4))
def test_pieces_match_pointwise_backward_induction(spec: Any, xs: list[Fraction]) -> None:
    pieces = pieces_in_one_parameter(build(spec, None, [0]), PLAYERS, 0, 1)
    assert pieces[0].lo == 0 and pieces[-1].hi == 1
    for a, b in zip(pieces, pieces[1:]):
        assert a.hi is b.lo
    # every piece: the plan at an interior point is the engine's
    for piece in pieces:
        x = piece.interior()
        assert point_plan(spec, x) == piece.plan
        root_vals = [v(fmpq(x.numerator, x.denominator)) for v in piece.values]
        assert root_vals == [fmpq(v.numerator, v.denominator)
                             for v in _values_at(spec, x)]
    # random points that are not cuts fall in a piece with the same plan
    cuts = {p.hi for p in pieces if isinstance(p.hi, Fraction)}
    for x in xs:
        if x in cuts or x in (0, 1):
            continue
        piece = next(p for p in pieces if _inside(x, p.lo, p.hi))
        assert point_plan(spec, x) == piece.plan


def _values_at(spec: Any, x: Fraction) -> tuple[Fraction, ...]:
    root = build(spec, x, [0])
    if isinstance(root, tuple):
        return root
    game = ExtensiveGame.from_tree(root, players=PLAYERS)
    return tuple(Fraction(v) for v in backward_induction(game)[0].payoffs)


def _inside(x: Fraction, lo: Any, hi: Any) -> bool:
    return _cmp(lo, x)[0] < 0 and _cmp(x, hi)[0] < 0


def test_real_roots_rational_and_irrational() -> None:
    p = (T * T - 2) * (T - 1) * (3 * T - 1)
    roots = real_roots(p, Fraction(-5), Fraction(5))
    assert [r for r in roots if isinstance(r, Fraction)] == [Fraction(1, 3), Fraction(1)]
    irr = [r for r in roots if isinstance(r, AlgebraicPoint)]
    assert len(irr) == 2 and abs(float(irr[1]) - 2 ** 0.5) < 1e-12 and abs(float(irr[0]) + 2 ** 0.5) < 1e-12
    assert real_roots(p, Fraction(1), Fraction(5, 4)) == []


def test_irrational_cut_between_pieces() -> None:
    root = decision("A", {"x": (T * T, 0), "y": (Fraction(1, 2), 0)}, infoset="A")
    pieces = pieces_in_one_parameter(root, PLAYERS, 0, 1)
    assert [p.plan["A"] for p in pieces] == ["y", "x"]
    cut = pieces[0].hi
    assert isinstance(cut, AlgebraicPoint) and abs(float(cut) - 0.5 ** 0.5) < 1e-12


def test_algebraic_point_texts_read_back_as_the_same_number() -> None:
    """Radicals for quadratics and sympy's CRootOf notation otherwise: both parse (with sympy)
    to the very root the isolating interval holds."""
    import sympy
    from flint import fmpq, fmpq_poly

    from gametheory.extensive.univariate import AlgebraicPoint, real_roots

    for coeffs in ([-2, 0, 1], [-7, 16, 3], [6, 16, 1], [-3, 6, 3, 13], [-85575, 101640, 49848, 7072, 272]):
        p = fmpq_poly([fmpq(c) for c in coeffs])
        for r in real_roots(p, Fraction(-100), Fraction(100)):
            assert isinstance(r, AlgebraicPoint)
            for text in (str(r), r.root_text(), r.to_json()):
                value = sympy.sympify(text)
                assert sympy.Poly(list(reversed(coeffs)), sympy.Symbol("x")).eval(value).equals(0)
                narrow = r.refine(Fraction(1, 10**30))
                assert narrow.lo < value < narrow.hi
    (pos,) = [r for r in real_roots(fmpq_poly([-2, 0, 1]), Fraction(0), Fraction(2))]
    assert str(pos) == "sqrt(2)" and "sqrt" not in pos.root_text()
