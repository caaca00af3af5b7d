"""The JSON format of Bayesian games: :func:`load_bayesian` and :func:`solve_bayesian`.

A file is an object with ``"kind": "bayesian"`` and a ``"game"`` naming one of four forms
(``"cutoff"`` when left out); the schema is documented in ``docs/howto-bayesian.md``.
Validation is strict: unknown keys, missing keys, wrong types and bad numbers raise
:class:`BayesianFormatError` naming the field path (``players[1].distribution.hi``).

>>> g = load_bayesian({"kind": "bayesian", "game": "all_pay", "players": 2,
...                    "distribution": {"family": "uniform", "lo": 0, "hi": 1}})
>>> solve_bayesian(g).bid
v**2/2
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gametheory._kernel.results import Result
from gametheory.bayesian.distributions import (
    DistributionError,
    TypeDistribution,
    beta,
    density,
    truncated_normal,
    uniform,
)
from gametheory.bayesian.game import BayesianGame, BayesianGameError, BayesianPlayer
from gametheory.errors import GameError, GameFormatError
from gametheory.symbolic.expr import ExpressionError

#: Largest file read (bytes).
MAX_FILE = 1_000_000


class BayesianFormatError(GameFormatError):
    """A Bayesian game file (or dict) is malformed; the message names the field path."""


@dataclass(frozen=True)
class AllPayAuction:
    """The symmetric all-pay auction: ``players`` bidders with values from ``distribution``."""

    distribution: TypeDistribution
    players: int = 2


@dataclass(frozen=True)
class WarOfAttrition:
    """The two-player war of attrition with values from ``distribution``."""

    distribution: TypeDistribution


@dataclass(frozen=True)
class ScreeningGame:
    """Fearon's take-it-or-leave-it demand against a responder's private war cost."""

    cost: TypeDistribution
    p: Any
    proposer_cost: Any


_FAMILIES: dict[str, tuple[set[str], set[str]]] = {
    # family: (required keys, optional keys) besides "family"
    "uniform": ({"lo", "hi"}, set()),
    "beta": ({"alpha", "beta"}, {"lo", "hi"}),
    "truncated_normal": ({"mu", "sigma", "lo", "hi"}, set()),
    "density": ({"formula", "lo", "hi"}, {"var"}),
}


def _fail(path: str, msg: str, source: str | None) -> BayesianFormatError:
    return BayesianFormatError(f"{path}: {msg}" if path else msg, source)


def _obj(v: Any, path: str, required: set[str], optional: set[str], source: str | None) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise _fail(path, f"expected an object, got {type(v).__name__}", source)
    keys = set(v)
    missing = required - keys
    if missing:
        raise _fail(path, f"missing {', '.join(sorted(missing))}", source)
    extra = keys - required - optional
    if extra:
        raise _fail(path, f"unknown key(s) {', '.join(sorted(map(str, extra)))} (allowed: {', '.join(sorted(required | optional))})", source)
    return v


def _number(v: Any, path: str, source: str | None) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise _fail(path, f"expected a number (or number text like \"1/3\"), got {type(v).__name__}", source)
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        raise _fail(path, f"expected a finite number, got {v}", source)
    return v


def _distribution(v: Any, path: str, source: str | None) -> TypeDistribution:
    if not isinstance(v, Mapping) or "family" not in v:
        raise _fail(path, "expected an object with a \"family\" (uniform, beta, truncated_normal, density)", source)
    fam = v["family"]
    if fam not in _FAMILIES:
        raise _fail(f"{path}.family", f"unknown family {fam!r} (allowed: {', '.join(_FAMILIES)})", source)
    req, opt = _FAMILIES[fam]
    _obj(v, path, req | {"family"}, opt, source)
    args = {k: (v[k] if k in ("formula", "var") else _number(v[k], f"{path}.{k}", source)) for k in v if k != "family"}
    try:
        if fam == "uniform":
            return uniform(args["lo"], args["hi"])
        if fam == "beta":
            return beta(args["alpha"], args["beta"], args.get("lo", 0), args.get("hi", 1))
        if fam == "truncated_normal":
            return truncated_normal(args["mu"], args["sigma"], args["lo"], args["hi"])
        if not isinstance(args["formula"], str):
            raise _fail(f"{path}.formula", "expected formula text", source)
        return density(args["formula"], args["lo"], args["hi"], var=args.get("var", "t"))
    except (DistributionError, ExpressionError) as exc:
        raise _fail(path, str(exc), source) from None


def _read(data: Any) -> tuple[Any, str | None]:
    if isinstance(data, Mapping):
        return data, None
    if isinstance(data, (str, Path)):
        path = Path(data)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise BayesianFormatError(f"cannot read the file: {exc.strerror}", str(path)) from None
        if size > MAX_FILE:
            raise BayesianFormatError(f"file larger than {MAX_FILE} bytes", str(path))
        try:
            return json.loads(path.read_text(encoding="utf-8")), str(path)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BayesianFormatError(f"not valid JSON ({exc})", str(path)) from None
    raise BayesianFormatError(f"expected a file path or a dict, got {type(data).__name__}")


def is_bayesian(data: Any) -> bool:
    """Whether parsed JSON data declares itself a Bayesian game (``"kind": "bayesian"``)."""
    return isinstance(data, Mapping) and data.get("kind") == "bayesian"


def load_bayesian(data: str | Path | Mapping[str, Any]) -> BayesianGame | AllPayAuction | WarOfAttrition | ScreeningGame:
    """Read a Bayesian game from a JSON file path or an already parsed dict (strictly)."""
    raw, source = _read(data)
    if not is_bayesian(raw):
        raise _fail("kind", "expected \"kind\": \"bayesian\" at the top level", source)
    game = raw.get("game", "cutoff")
    if game == "all_pay":
        d = _obj(raw, "", {"kind", "distribution"}, {"game", "players"}, source)
        n = d.get("players", 2)
        if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 50:
            raise _fail("players", f"expected an integer number of bidders in 2..50, got {n!r}", source)
        return AllPayAuction(_distribution(d["distribution"], "distribution", source), n)
    if game == "war_of_attrition":
        d = _obj(raw, "", {"kind", "distribution", "game"}, set(), source)
        return WarOfAttrition(_distribution(d["distribution"], "distribution", source))
    if game == "screening":
        d = _obj(raw, "", {"kind", "game", "cost", "p", "proposer_cost"}, set(), source)
        return ScreeningGame(
            _distribution(d["cost"], "cost", source), _number(d["p"], "p", source), _number(d["proposer_cost"], "proposer_cost", source)
        )
    if game != "cutoff":
        raise _fail("game", f"unknown game {game!r} (allowed: cutoff, all_pay, war_of_attrition, screening)", source)
    d = _obj(raw, "", {"kind", "players", "payoffs"}, {"game", "constants"}, source)
    if not isinstance(d["players"], list):
        raise _fail("players", "expected a list of players", source)
    players = []
    for i, p in enumerate(d["players"]):
        where = f"players[{i}]"
        p = _obj(p, where, {"name", "type", "distribution", "actions"}, set(), source)
        if not isinstance(p["actions"], list) or not all(isinstance(a, str) for a in p["actions"]):
            raise _fail(f"{where}.actions", "expected a list of action names", source)
        for key in ("name", "type"):
            if not isinstance(p[key], str):
                raise _fail(f"{where}.{key}", f"expected a name, got {type(p[key]).__name__}", source)
        players.append(BayesianPlayer(p["name"], p["type"], _distribution(p["distribution"], f"{where}.distribution", source), tuple(p["actions"])))
    consts = d.get("constants", {})
    if not isinstance(consts, Mapping):
        raise _fail("constants", "expected an object of name: number", source)
    for k, v in consts.items():
        _number(v, f"constants.{k}", source)
    if not isinstance(d["payoffs"], list):
        raise _fail("payoffs", "expected a list of {\"profile\": [...], \"payoffs\": [...]}", source)
    table: dict[tuple[str, ...], Any] = {}
    for i, row in enumerate(d["payoffs"]):
        where = f"payoffs[{i}]"
        row = _obj(row, where, {"profile", "payoffs"}, set(), source)
        prof, pay = row["profile"], row["payoffs"]
        if not isinstance(prof, list) or not all(isinstance(a, str) for a in prof):
            raise _fail(f"{where}.profile", "expected a list of action names, one per player", source)
        if not isinstance(pay, list) or not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in pay):
            raise _fail(f"{where}.payoffs", "expected a list of formulas (text) or numbers, one per player", source)
        if tuple(prof) in table:
            raise _fail(f"{where}.profile", f"profile {prof} given twice", source)
        table[tuple(prof)] = pay
    try:
        return BayesianGame(players, table, consts)
    except (BayesianGameError, ExpressionError, DistributionError) as exc:
        raise BayesianFormatError(str(exc), source) from None


def solve_bayesian(game: Any, *, grid: int | None = None) -> Result:
    """Solve a game from :func:`load_bayesian` (or a path/dict, loaded first).

    Cutoff games go to :func:`gametheory.bayesian.cutoff.solve_cutoffs`, all-pay auctions and
    wars of attrition to :mod:`gametheory.bayesian.bidding`, screening games to
    :func:`gametheory.bayesian.screening.fearon_screening`. Each returns a verified
    :class:`~gametheory._kernel.results.Result`.
    """
    from gametheory.bayesian.bidding import all_pay_bids, war_of_attrition_bids
    from gametheory.bayesian.cutoff import GRID, solve_cutoffs
    from gametheory.bayesian.screening import fearon_screening

    if isinstance(game, (str, Path, Mapping)):
        game = load_bayesian(game)
    if isinstance(game, BayesianGame):
        return solve_cutoffs(game, grid=grid or GRID)
    if isinstance(game, AllPayAuction):
        return all_pay_bids(game.distribution, game.players, grid=grid or 100)
    if isinstance(game, WarOfAttrition):
        return war_of_attrition_bids(game.distribution, grid=grid or 60)
    if isinstance(game, ScreeningGame):
        return fearon_screening(game.cost, game.p, game.proposer_cost, grid=grid or 1000)
    raise GameError(f"solve_bayesian: not a Bayesian game ({type(game).__name__})")
