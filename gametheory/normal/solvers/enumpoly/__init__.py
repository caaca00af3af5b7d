"""All Nash equilibria of small N-player games: support enumeration and polynomial systems.

Method (McKelvey & McLennan 1996, "Computation of equilibria in finite games", *Handbook of
Computational Economics* vol. 1, sec. 6; Datta 2003, "Using computer algebra to find Nash
equilibria", *ISSAC*). Every equilibrium has a *support*: the strategies each player uses
with positive probability. For each support profile ``S = (S_1, ..., S_N)``:

1. **Prune** it when a strategy of some ``S_i`` is *conditionally strictly dominated*: some
   other strategy of player ``i`` does strictly better against every pure profile of the
   opponents' supports ``S_-i`` (Porter, Nudelman & Shoham 2008, "Simple search methods
   for finding a Nash equilibrium", *Games and Economic Behavior* 63:642-662). Such a
   strategy is never a best response to a mixture on ``S_-i``. Then, exactly, by two
   linear relaxations that let the opponents correlate (any weight ``q > 0`` on the
   profiles of ``S_-i``): per player (this covers dominance by *mixtures* and unused
   strategies that would do better), and jointly, the players' weights agreeing on the
   others' joint law. A relaxation without a solution has a Motzkin certificate, checked in
   exact arithmetic before the support is dropped (``supports.prune_supports``). The
   survivors are ordered small and balanced first, and solved in chunks with their own
   seeds, in a process pool when the estimated work pays for it (``parallel=``).
2. **Solve** the indifference equations: every strategy in ``S_i`` earns player ``i`` the
   same payoff. With ``p_j0 = 1 - sum_r x_jr`` for the first strategy of each support this
   is a square polynomial system in the ``sum_i (|S_i| - 1)`` unknowns ``x_jr``; player
   ``i``'s equations are multilinear in the opponents' probabilities.

   * *Exactly* (``exact=True``, the default for exact games) when the system is small:
     a Groebner basis over the rationals (degree-reverse-lexicographic; python-flint's
     Buchberger), its dimension read off the leading monomials; for a zero-dimensional
     ideal the multiplication matrices of the quotient ring (Sturmfels 2002, *Solving
     systems of polynomial equations*, ch. 2) give every complex solution as eigenvectors
     and every probability exactly, as a root of an irreducible factor of the
     characteristic polynomial of its multiplication matrix (a rational number, a
     quadratic surd or a ``CRootOf``).
   * *Numerically* otherwise: homotopy continuation from a start system with the same
     multihomogeneous structure (the polynomial of player ``i`` has degree one in each
     opponent's probabilities; McKelvey & McLennan 1997, "The maximal number of regular
     totally mixed Nash equilibria", *J. Economic Theory* 72:411-425, show this count is
     the maximal number of solutions), in multiprojective coordinates with a random affine
     patch and the "gamma trick" (Sturmfels 2002, ch. 6; Sommese & Wampler 2005).
   * *Floats first* for supports of Bezout number at least ``BATCH_MIN_BEZOUT``: those of
     one structure are tracked together in one batch; a support is settled there only
     when it is beyond the Groebner limits and all its paths end at distinct nonsingular
     points with no equilibrium among them; otherwise it is solved again on its own above
     (a support Groebner bases can settle is never dismissed on floats).
   * *Subdivision first* (numba installed; ``subdivide=``, module ``boxes``): before any of
     the above, every support profile goes through one compiled pass in floating point
     with certified answers. Each equation, and each comparison of an unused strategy with
     a used one, is multi-affine, so its range over a box is spanned by its corner values;
     boxes are dropped by corner signs (of the equations, of those comparisons, and of the
     equations combined by the inverse Jacobian at the box's centre), and the Krawczyk
     test (Moore, Kearfott & Cloud 2009, *Introduction to Interval Analysis*, sec. 8.2)
     proves a small box holds no root or exactly one, every sign trusted only beyond a
     bound on its rounding. Supports it settles need no exact algebra (their isolated
     equilibria are identified exactly afterwards); the ones it leaves undecided go
     through the steps above unchanged.
3. **Keep** the real solutions that are strictly positive on the support and from which
   no player gains by deviating to a strategy outside it. Every kept point is polished by
   Newton's method at 60 significant digits and verified: rational equilibria have exact
   regret 0; irrational ones have regret at most ``1e-35`` (times the payoff scale) at
   that precision.

A support whose equations have a positive-dimensional solution set (the Groebner basis
has dimension ``d > 0``) is handled in one of three ways:

* if the basis is linear and the best-response conditions are affine on its solution set
  (always so for two players), the equilibria with this support form a polyhedron, and
  Fourier-Motzkin elimination over the rationals decides exactly whether it is empty, a
  point, or a continuum of known dimension (with an exact sample point);
* otherwise a linear-programming certificate may prove that no point of it is an
  equilibrium (some signed combination of a player's indifference conditions, or of an
  unused strategy's gain, has one-signed coefficients);
* otherwise it is sampled: the ``d`` independent coordinates are fixed at random rational
  points and the rest solved exactly, and the points where an unused strategy ties are
  solved for. A verified sample makes it a reported continuum; finding none leaves the
  support *unresolved*, since a curved solution set may still hold equilibria.

Continua and unresolved supports make the result incomplete; they are listed in
``parameters`` and ``diagnostics``, never silently skipped.
"""


from gametheory.normal.solvers.enumpoly.driver import enumpoly_solve
from gametheory.normal.solvers.enumpoly.groebner import GROEBNER_LIMITS
from gametheory.normal.solvers.enumpoly.precision import DIGITS, HP_TOL, HP_ZERO
from gametheory.normal.solvers.enumpoly.support_solve import (
    CONTINUUM_SAMPLES,
    GROEBNER_MAX_BEZOUT,
    GROEBNER_MAX_VARS,
)
from gametheory.normal.solvers.enumpoly.supports import (
    MAX_SUPPORT_PROFILES,
    count_support_profiles,
    estimated_work,
    prune_supports,
)
from gametheory.normal.solvers.enumpoly.system import MAX_PATHS

__all__ = [
    "CONTINUUM_SAMPLES",
    "DIGITS",
    "GROEBNER_LIMITS",
    "GROEBNER_MAX_BEZOUT",
    "GROEBNER_MAX_VARS",
    "HP_TOL",
    "HP_ZERO",
    "MAX_PATHS",
    "MAX_SUPPORT_PROFILES",
    "count_support_profiles",
    "enumpoly_solve",
    "estimated_work",
    "prune_supports",
]
