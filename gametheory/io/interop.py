"""Conversions to and from the game objects of peer libraries: nashpy, pygambit, QuantEcon.

Each peer is imported only when its converter is called; a missing one raises
:class:`~gametheory.errors.GameError` saying what to install. What each conversion keeps:

==============  ============================================  ======================================
peer            to the peer                                   from the peer
==============  ============================================  ======================================
nashpy          ``nashpy.Game(A, B)``; two players. Integer   payoff matrices as given: integers
                payoffs stay ``int64`` (exact); other exact   become exact payoffs, floats floats
                payoffs become floats (nashpy solves in       (``exact=True`` reads a float as the
                floating point)                               decimal it prints as)
pygambit        exact rationals kept exactly; names and       always exact (pygambit holds
                title kept; trees go through the EFG format   rationals and decimals); names kept
QuantEcon       ``quantecon.game_theory.NormalFormGame``;     as nashpy: integers exact, floats
                integer payoffs stay integers, others become  floats
                floats
==============  ============================================  ======================================

nashpy and QuantEcon games have no player or strategy names; pass ``players=`` and
``strategies=`` to :func:`from_nashpy` / :func:`from_quantecon` to name them.

>>> import gametheory as gt
>>> g = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> from_nashpy(to_nashpy(g)) == g
True
"""

from __future__ import annotations

import io as _io
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.normal.game import NormalFormGame

#: Largest magnitude an integer payoff may have to be handed to a peer as ``int64`` (beyond
#: it, floats: a peer's linear algebra on int64 would overflow).
_INT_LIMIT = 2**53


def _need(module: str, package: str, extra: str = "") -> Any:
    """Import ``module`` or raise a GameError naming the package to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        hint = f" (or pip install 'gametheory[{extra}]')" if extra else ""
        raise GameError(f"this conversion needs {package}: pip install {package}{hint}") from None


def _normal_game(game: Any, where: str) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise GameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    return game


def _peer_array(game: NormalFormGame, player: int | None) -> np.ndarray:
    """The payoffs of ``player`` (all players when ``None``) as a numeric array a float-based
    peer can use: ``int64`` when every payoff is an integer of moderate size (nothing lost),
    else ``float64``."""
    pick = (lambda a: a) if player is None else (lambda a: a[..., player])
    if game.is_exact:
        a = pick(game.payoffs)
        flat = a.reshape(-1).tolist()
        if all(v.denominator == 1 and abs(v) < _INT_LIMIT for v in flat):
            return np.array([int(v) for v in flat], dtype=np.int64).reshape(a.shape)
    return np.array(pick(game.to_float().payoffs), dtype=np.float64)


def _from_arrays(
    arrays: Sequence[Any],
    *,
    players: Sequence[str] | None,
    strategies: Sequence[Sequence[str]] | None,
    exact: bool | None,
    title: str,
) -> NormalFormGame:
    return NormalFormGame.from_arrays(
        *[np.asarray(a) for a in arrays], players=players, strategies=strategies, exact=exact, title=title
    )


# ----------------------------------------------------------------------------- nashpy
def to_nashpy(game: NormalFormGame) -> Any:
    """A ``nashpy.Game`` with the payoffs of a two-player game.

    Exact integer payoffs are handed over as ``int64`` arrays; other exact payoffs as floats
    (nashpy computes in floating point and cannot take arrays of fractions). Names are not
    kept (nashpy has none).

    Parameters
    ----------
    game:
        A two-player :class:`~gametheory.NormalFormGame`.

    Returns
    -------
    nashpy.Game
    """
    nash = _need("nashpy", "nashpy")
    g = _normal_game(game, "to_nashpy")
    if g.num_players != 2:
        raise GameError(f"to_nashpy: nashpy games have two players, this game has {g.num_players}")
    A, B = (_peer_array(g, i) for i in range(2))
    return nash.Game(A, B)


def from_nashpy(
    game: Any,
    *,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    exact: bool | None = None,
    title: str = "",
) -> NormalFormGame:
    """A :class:`~gametheory.NormalFormGame` from a ``nashpy.Game``.

    Parameters
    ----------
    game:
        The nashpy game (its ``payoff_matrices``).
    players, strategies, title:
        Names to give (nashpy games have none).
    exact:
        As for :class:`~gametheory.NormalFormGame`: ``None`` keeps integers exact and floats
        floats; ``True`` reads floats as the decimals they print as.

    Returns
    -------
    NormalFormGame
    """
    mats = getattr(game, "payoff_matrices", None)
    if mats is None or len(mats) != 2:
        raise GameError(f"from_nashpy: expected a nashpy.Game, got {type(game).__name__}")
    return _from_arrays(mats, players=players, strategies=strategies, exact=exact, title=title)


# ----------------------------------------------------------------------------- pygambit
def _gambit_number(v: Any) -> Any:
    """A payoff as pygambit takes it exactly: Fractions as ``pygambit.Rational``-compatible
    Fractions, floats as their shortest decimal text."""
    if isinstance(v, Fraction):
        return v
    return float(v)


def to_pygambit(game: NormalFormGame | ExtensiveGame) -> Any:
    """A ``pygambit.Game`` with the same players, strategies (or tree) and payoffs.

    Exact payoffs stay exact (pygambit holds rationals); a float payoff becomes the decimal it
    prints as. A tree goes through the EFG format (:func:`gametheory.dumps_game`); a
    symbolic tree must be given values first (:meth:`~gametheory.ExtensiveGame.substitute`).

    Parameters
    ----------
    game:
        A :class:`~gametheory.NormalFormGame` or a numeric :class:`~gametheory.ExtensiveGame`.

    Returns
    -------
    pygambit.Game
    """
    gbt = _need("pygambit", "pygambit")
    if isinstance(game, ExtensiveGame):
        if game.is_symbolic():
            raise GameError("to_pygambit: a symbolic tree needs values first (game.substitute(...))")
        from gametheory.io import dumps_game

        return gbt.read_efg(_io.StringIO(dumps_game(game, "efg")))
    g = _normal_game(game, "to_pygambit")
    arrays = [np.vectorize(_gambit_number, otypes=[object])(g.payoff_array(i)) for i in range(g.num_players)]
    out = gbt.Game.from_arrays(*arrays, title=g.title or "Untitled strategic game")
    for p, name, names in zip(out.players, g.players, g.strategies):
        p.label = name
        for s, sname in zip(p.strategies, names):
            s.label = sname
    return out


def from_pygambit(game: Any) -> NormalFormGame | ExtensiveGame:
    """A game from a ``pygambit.Game``: an :class:`~gametheory.ExtensiveGame` for a tree (read
    through the EFG format), else a :class:`~gametheory.NormalFormGame`; payoffs exact
    (pygambit's rationals and decimals are exact numbers), labels kept (an empty label gets
    the default name).

    Parameters
    ----------
    game:
        The pygambit game.

    Returns
    -------
    NormalFormGame or ExtensiveGame
    """
    if not hasattr(game, "is_tree") or not hasattr(game, "to_arrays"):
        raise GameError(f"from_pygambit: expected a pygambit.Game, got {type(game).__name__}")
    if game.is_tree:
        from gametheory.io import loads_game

        out = loads_game(game.to_efg(), "efg", source="pygambit game")
        assert isinstance(out, ExtensiveGame)
        return out
    arrays = game.to_arrays(dtype=Fraction)
    players = [p.label or f"Player {k + 1}" for k, p in enumerate(game.players)]
    strategies = [[s.label or str(j + 1) for j, s in enumerate(p.strategies)] for p in game.players]
    title = "" if game.title == "Untitled strategic game" else str(game.title)
    return _from_arrays(arrays, players=players, strategies=strategies, exact=True, title=title)


# ----------------------------------------------------------------------------- QuantEcon
def to_quantecon(game: NormalFormGame) -> Any:
    """A ``quantecon.game_theory.NormalFormGame`` with the same payoffs (any number of players).

    Integer payoffs stay integers; other exact payoffs become floats (QuantEcon computes in
    floating point). Names are not kept (QuantEcon has none).

    Parameters
    ----------
    game:
        A :class:`~gametheory.NormalFormGame`.

    Returns
    -------
    quantecon.game_theory.NormalFormGame
    """
    _need("quantecon", "quantecon", extra="bench")
    from quantecon.game_theory import NormalFormGame as QENormalFormGame

    g = _normal_game(game, "to_quantecon")
    return QENormalFormGame(_peer_array(g, None))


def from_quantecon(
    game: Any,
    *,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    exact: bool | None = None,
    title: str = "",
) -> NormalFormGame:
    """A :class:`~gametheory.NormalFormGame` from a ``quantecon.game_theory.NormalFormGame``.

    Parameters
    ----------
    game:
        The QuantEcon game (its ``payoff_profile_array``; a one-player game is refused).
    players, strategies, title:
        Names to give (QuantEcon games have none).
    exact:
        As for :func:`from_nashpy`.

    Returns
    -------
    NormalFormGame
    """
    arr = getattr(game, "payoff_profile_array", None)
    if arr is None:
        raise GameError(f"from_quantecon: expected a quantecon NormalFormGame, got {type(game).__name__}")
    arr = np.asarray(arr)
    if arr.ndim < 2:
        raise GameError("from_quantecon: a one-player QuantEcon game has no payoff profile to convert")
    arrays = [arr[..., i] for i in range(arr.shape[-1])]
    return _from_arrays(arrays, players=players, strategies=strategies, exact=exact, title=title)
