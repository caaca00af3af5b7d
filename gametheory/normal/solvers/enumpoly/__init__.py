"""All Nash equilibria of small N-player games (being split into modules; see support_solve)."""

from gametheory.normal.solvers.enumpoly.support_solve import (
    GROEBNER_MAX_BEZOUT,
    MAX_PATHS,
    MAX_SUPPORT_PROFILES,
    count_support_profiles,
    enumpoly_solve,
)

__all__ = ["GROEBNER_MAX_BEZOUT", "MAX_PATHS", "MAX_SUPPORT_PROFILES", "count_support_profiles", "enumpoly_solve"]
