"""Full-factorial parameter sweeps with resumable, atomically written output.

:func:`sweep` solves a model at every point of the Cartesian product
:math:`G = X_1 \\times \\dots \\times X_k` of the varied parameters' grids (the others held at
their defaults or at ``fixed``), recording at each point the outcome key and the chosen
quantities. Points are numbered in C order (the last varied parameter moves fastest):
point :math:`i` has grid indices ``numpy.unravel_index(i, shape)``.

Output (``out=``, ``.csv`` or ``.json``) is rewritten atomically -- to a temporary file in
the same directory, then :func:`os.replace` -- at most every ``checkpoint`` seconds, at the
end, and when the sweep is interrupted (:class:`KeyboardInterrupt`), so the file on disk is
always a complete, valid file of the points computed so far. With ``resume=True`` an
existing file is read back first (it must describe the same model, grid and fixed values)
and its points are not solved again; each point appears once in the final file.

While a sweep writes ``out`` it holds :class:`~gametheory._kernel.files.OutputLock` on it (a
second sweep with the same file is refused), and it first removes the ``.NAME.*.tmp`` files
a sweep killed during a checkpoint left behind. ``out`` must not be a symbolic link. CSV
text cells that would start a spreadsheet formula are quoted
(:func:`~gametheory._kernel.files.csv_text_cell`) and read back as the original text.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from gametheory._kernel.files import (
    OutputLock,
    check_output_path,
    csv_text_cell,
    csv_text_value,
    remove_stale_temporaries,
    write_atomic,
)
from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.sensitivity.common import as_model
from gametheory.sensitivity.executors import (
    EQUILIBRIUM,
    Chunk,
    PointResult,
    Progress,
    check_workers,
    dask_client,
    model_ref,
    run,
)
from gametheory.sensitivity.grid import normalise_vary

_INT = re.compile(r"^[+-]?\d+$")
_RAT = re.compile(r"^[+-]?\d+/\d+$")


def cell_text(x: Any) -> str:
    """CSV text of a value (exact rationals as ``p/q``, booleans as ``true``/``false``)."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, (Fraction, int)):
        return str(x)
    if isinstance(x, float):
        return repr(x)
    if isinstance(x, str):
        return csv_text_cell(x)
    return json.dumps(json_value(x), separators=(",", ":"))


def parse_cell(text: str) -> Any:
    """Inverse of :func:`cell_text` (up to the type of containers' elements)."""
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.match(text):
        return int(text)
    if _RAT.match(text):
        return Fraction(text)
    if text[0] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            return text
    try:
        return float(text)
    except ValueError:
        return csv_text_value(text)


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory and :func:`os.replace`.

    A symbolic link at ``path`` is refused; a new file gets the usual permissions (``0o666``
    minus the umask). See :func:`gametheory._kernel.files.write_atomic`.
    """
    write_atomic(path, text)


@dataclass(frozen=True)
class SweepResult(Result):
    """Outcomes (and quantities) of a model over a full-factorial grid.

    Frozen like every :class:`~gametheory._kernel.results.Result`: no attribute is rebound
    after construction. The per-point stores (``outcome``, ``values``, ``errors``, ``done``)
    are allocated for every point of the grid when the result is made and filled in place as
    points are solved (by :func:`sweep`, or read back by :meth:`load`), so a partial sweep is
    a valid result with ``complete`` false.

    Attributes
    ----------
    model:
        The model's registry name.
    parameter_names:
        All parameter names, in the model's order (``parameters`` holds the common
        :class:`~gametheory._kernel.results.Result` field: the options of the sweep).
    axes:
        ``{name: [values]}`` of the varied parameters (exact), in sweep order.
    fixed:
        Values of the other parameters.
    quantities:
        Names of the quantity columns.
    outcome, values, errors:
        Per point (flat C-order index): outcome key, ``{quantity: value}``, and the error
        text when the point could not be solved (e.g. a joint restriction of the model).
        ``None`` where the point has not been computed.
    method:
        ``"compiled"`` (vectorised regimes) or ``"solve"`` (``model.solve`` per point).
    """

    model: str
    parameter_names: tuple[str, ...]
    axes: dict[str, list[Fraction]]
    fixed: dict[str, Fraction]
    quantities: list[str] = field(default_factory=list)
    outcome: list[str | None] = field(default_factory=list, compare=False)
    values: list[dict[str, Any] | None] = field(default_factory=list, compare=False)
    errors: list[str | None] = field(default_factory=list, compare=False)
    done: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool), compare=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        n = self.n_points
        if not self.outcome:  # a fresh result: one empty slot per point (filled in place)
            self.outcome.extend([None] * n)
            self.values.extend([None] * n)
            self.errors.extend([None] * n)
            object.__setattr__(self, "done", np.zeros(n, dtype=bool))

    # ------------------------------------------------------------------ shape
    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.axes.values())

    @property
    def n_points(self) -> int:
        return math.prod(self.shape)

    @property
    def computed(self) -> int:
        return int(np.count_nonzero(self.done))

    @property
    def complete(self) -> bool:
        return bool(self.done.all())

    def point(self, i: int) -> dict[str, Fraction]:
        """All parameter values at flat index ``i``."""
        idx = np.unravel_index(i, self.shape)
        vals = dict(self.fixed)
        for (name, axis), k in zip(self.axes.items(), idx):
            vals[name] = axis[int(k)]
        return {n: vals[n] for n in self.parameter_names}

    def counts(self) -> dict[str, int]:
        """Number of computed points with each outcome (``"error"`` for failed points)."""
        c: Counter[str] = Counter()
        for i in np.flatnonzero(self.done).tolist():
            c[self.outcome[i] or "error"] += 1
        return dict(c)

    def outcome_grid(self) -> np.ndarray:
        """Outcome keys as an array of shape :attr:`shape` (``""`` where not computed)."""
        return np.array([o or "" for o in self.outcome], dtype=str).reshape(self.shape)

    def quantity_grid(self, name: str) -> np.ndarray:
        """A numeric quantity as a float array of shape :attr:`shape` (NaN where missing)."""
        out = np.full(self.n_points, np.nan)
        for i in np.flatnonzero(self.done).tolist():
            v = (self.values[i] or {}).get(name)
            if isinstance(v, (int, float, Fraction)):
                out[i] = float(v)
        return out.reshape(self.shape)

    # ------------------------------------------------------------------ rows
    def columns(self) -> list[str]:
        cols = ["index", *self.parameter_names, "outcome", *self.quantities]
        if any(e is not None for e in self.errors):
            cols.append("error")
        return cols

    def rows(self) -> Iterator[dict[str, Any]]:
        """The computed points as dicts: index, every parameter, outcome, quantities (, error)."""
        err = any(e is not None for e in self.errors)
        for i in np.flatnonzero(self.done).tolist():
            row: dict[str, Any] = {"index": i, **self.point(i), "outcome": self.outcome[i]}
            vals = self.values[i] or {}
            for q in self.quantities:
                row[q] = vals.get(q)
            if err:
                row["error"] = self.errors[i]
            yield row

    def _text_rows(self) -> Iterator[list[str]]:
        """Rows as CSV cells, fast: each axis value is formatted once."""
        names = list(self.axes)
        text_axes = [[str(v) for v in self.axes[n]] for n in names]
        fixed_text = {n: str(v) for n, v in self.fixed.items()}
        pos = {n: k for k, n in enumerate(names)}
        err = any(e is not None for e in self.errors)
        idx = np.flatnonzero(self.done)
        multi = np.unravel_index(idx, self.shape) if len(idx) else [np.zeros(0, dtype=np.int64)] * len(names)
        cols = [m.tolist() for m in multi]
        for r, i in enumerate(idx.tolist()):
            cells = [str(i)]
            for n in self.parameter_names:
                k = pos.get(n)
                cells.append(fixed_text[n] if k is None else text_axes[k][cols[k][r]])
            cells.append(csv_text_cell(self.outcome[i] or ""))
            vals = self.values[i] or {}
            cells.extend(cell_text(vals.get(q)) for q in self.quantities)
            if err:
                cells.append(csv_text_cell(self.errors[i] or ""))
            yield cells

    def csv_text(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([csv_text_cell(c) for c in self.columns()])
        w.writerows(self._text_rows())
        return buf.getvalue()

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write the computed points as CSV (atomically)."""
        atomic_write(path, self.csv_text())

    def to_json(self) -> dict[str, Any]:
        """JSON-ready description: grid, fixed values, counts and the computed rows."""
        header = self.columns()
        return {
            **self.common_json(),
            "model": self.model,
            "parameter_names": list(self.parameter_names),
            "axes": {n: [str(v) for v in vs] for n, vs in self.axes.items()},
            "fixed": {n: str(v) for n, v in self.fixed.items()},
            "quantities": list(self.quantities),
            "points": self.n_points,
            "computed": self.computed,
            "complete": self.complete,
            "counts": self.counts(),
            "rows": [
                {h: (int(c) if h == "index" else (parse_json_cell(c) if h in self.quantities else (csv_text_value(c) or None)))
                 for h, c in zip(header, cells)}
                for cells in self._text_rows()
            ],
        }

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write to ``path`` (``.json`` -> :meth:`to_json` without ``elapsed_seconds``, anything else
        -> CSV), atomically."""
        if str(path).lower().endswith(".json"):
            # without the wall-clock time, so the file is reproducible: a resumed sweep writes
            # the same file as one uninterrupted run
            data = self.to_json()
            data.pop("elapsed_seconds", None)
            atomic_write(path, json.dumps(data, indent=1) + "\n")
        else:
            self.to_csv(path)

    # ------------------------------------------------------------------ resume
    def load(self, path: str | os.PathLike[str]) -> int:
        """Read the points of an earlier (partial) output of the same sweep; returns how many."""
        text = Path(path).read_text(encoding="utf-8")
        if not text.strip():
            return 0
        if str(path).lower().endswith(".json"):
            return self._load_json(json.loads(text), path)
        return self._load_csv(text, path)

    def _mismatch(self, path: Any, what: str) -> GameError:
        return GameError(f"cannot resume from {path}: {what}; it was written by a different sweep "
                         "(remove it or run without resume)")

    def _record_text(self, path: Any, cells: Mapping[str, str], seen: set[int]) -> None:
        try:
            i = int(cells["index"])
        except (KeyError, ValueError):
            raise self._mismatch(path, "a row without a valid index") from None
        if not 0 <= i < self.n_points:
            raise self._mismatch(path, f"point {i} is outside the grid")
        if i in seen:
            raise self._mismatch(path, f"point {i} appears twice")
        seen.add(i)
        expected = self.point(i)
        for n in self.parameter_names:
            if cells.get(n) != str(expected[n]):
                raise self._mismatch(path, f"point {i} has {n}={cells.get(n)}, expected {expected[n]}")
        self.outcome[i] = csv_text_value(cells.get("outcome") or "") or None
        self.values[i] = {q: parse_cell(cells.get(q, "")) for q in self.quantities}
        self.errors[i] = csv_text_value(cells.get("error") or "") or None
        self.done[i] = True

    def _load_csv(self, text: str, path: Any) -> int:
        reader = csv.reader(io.StringIO(text))
        header = [csv_text_value(h) for h in next(reader)]
        params = list(self.parameter_names)
        if header[: len(params) + 2] != ["index", *params, "outcome"]:
            raise self._mismatch(path, "its columns differ")
        rest = [h for h in header[len(params) + 2:] if h != "error"]
        if self.quantities and rest != self.quantities:
            raise self._mismatch(path, f"its quantity columns are {rest}, expected {self.quantities}")
        self.quantities[:] = rest
        seen: set[int] = set()
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise self._mismatch(path, "a row has the wrong number of cells")
            self._record_text(path, dict(zip(header, cells)), seen)
        return len(seen)

    def _load_json(self, data: Any, path: Any) -> int:
        if not isinstance(data, dict) or data.get("model") != self.model:
            raise self._mismatch(path, "another model")
        if data.get("axes") != {n: [str(v) for v in vs] for n, vs in self.axes.items()}:
            raise self._mismatch(path, "another grid")
        if data.get("fixed") != {n: str(v) for n, v in self.fixed.items()}:
            raise self._mismatch(path, "other fixed values")
        qs = list(data.get("quantities", []))
        if self.quantities and qs != self.quantities:
            raise self._mismatch(path, f"its quantities are {qs}, expected {self.quantities}")
        self.quantities[:] = qs
        seen: set[int] = set()
        for row in data.get("rows", []):
            cells = {k: (cell_text(v) if k in qs else ("" if v is None else csv_text_cell(str(v))))
                     for k, v in row.items()}
            self._record_text(path, cells, seen)
        return len(seen)


def parse_json_cell(text: str) -> Any:
    """The JSON value of a CSV cell (:func:`parse_cell`, then :func:`~gametheory._kernel.results.json_value`)."""
    return json_value(parse_cell(text))


# ====================================================================== sweep
def _chunks(indices: list[int], size: int, result: SweepResult, names: Sequence[str]) -> Iterator[Chunk]:
    for start in range(0, len(indices), size):
        block = indices[start: start + size]
        yield start, [result.point(i) for i in block]


def sweep(
    model: Model | str,
    vary: Mapping[str, Any] | Sequence[str] | str,
    fixed: Mapping[str, Any] | None = None,
    quantities: Sequence[str] | str | None = None,
    *,
    workers: int = 1,
    scheduler: Any = None,
    progress: bool = False,
    out: str | os.PathLike[str] | None = None,
    resume: bool = False,
    method: str = "auto",
    chunk_size: int | None = None,
    checkpoint: float = 5.0,
) -> SweepResult:
    """Solve ``model`` at every point of a full-factorial grid.

    Parameters
    ----------
    model:
        A :class:`~gametheory.modeling.model.Model` or its registry name.
    vary:
        ``{name: values}`` (values: a sequence, or a grid spec body such as ``"0:1:11"``) or
        grid specs ``["p_US=0:1:11", "e=log:0.01:1:5"]`` (see :mod:`.grid`). The grid is
        :math:`\\prod_j X_j`; its size is :math:`\\prod_j |X_j|`.
    fixed:
        Values for parameters that are not varied (others take their defaults).
    quantities:
        Quantity names to record at each point, ``"all"``, or ``None`` (outcome only). The
        name ``"equilibrium"`` records the equilibrium the outcome rests on (the model's
        ``ModelResult.equilibrium``: strategies or plan, payoffs, regret) at each point.
    workers:
        Local worker processes (1: in this process).
    scheduler:
        A Dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``; the
        scheduler is contacted before any work, and an unreachable one is a
        :class:`~gametheory.errors.GameError`.
    progress:
        Draw a progress bar on stderr.
    out, resume:
        Output file (``.json`` or CSV), rewritten atomically every ``checkpoint`` seconds,
        at the end and on interruption; with ``resume`` an existing file's points are kept
        and not recomputed. Without ``resume`` an existing file is overwritten (the command
        line asks for ``--force`` first). The file is locked while the sweep runs; a
        symbolic link is refused.
    method:
        ``"auto"`` (the compiled regime classifier when the model has one and no quantities
        are asked for, else ``"solve"``), ``"compiled"`` or ``"solve"``.
    chunk_size:
        Points per task sent to a worker (default: about eight tasks per worker, at most 256).

    Returns
    -------
    SweepResult

    Raises
    ------
    GameError
        Unknown parameters, inadmissible or empty grids, a parameter both varied and fixed,
        an unknown quantity (found at the first point), an unreachable scheduler, an ``out``
        that is a symbolic link or that another sweep is writing.
    """
    t0 = time.perf_counter()
    model = as_model(model)
    axes = normalise_vary(model, vary)
    fixed = dict(fixed or {})
    both = sorted(set(axes) & set(fixed))
    if both:
        raise GameError(f"sweep: parameter {both[0]} is both varied and fixed")
    base = model.values(fixed)
    check_workers(workers)
    if method not in ("auto", "compiled", "solve"):
        raise GameError(f"sweep: method must be auto, compiled or solve, not {method!r}")
    from gametheory.sensitivity.compiled import has_compiled  # loads sympy: only when sweeping

    compilable = has_compiled(model, list(axes), base)
    if method == "compiled" and not compilable:
        raise GameError(f"sweep: model {model.name} has no compiled classifier for varying "
                        f"{', '.join(axes)} at these values (no symbolic regimes in them)")
    if method == "compiled" and quantities:
        raise GameError("sweep: the compiled classifier gives outcomes only; use method='solve' for quantities")
    use_compiled = method == "compiled" or (method == "auto" and not quantities and compilable)
    if isinstance(quantities, str) and quantities != "all":
        quantities = [quantities]
    qnames = list(quantities) if quantities and quantities != "all" else []
    result = SweepResult(
        model=model.name,
        parameter_names=tuple(p.name for p in model.parameters),
        axes=axes,
        fixed={n: v for n, v in base.items() if n not in axes},
        quantities=qnames,
        method="compiled" if use_compiled else "solve",
        arithmetic="exact",
        parameters={"quantities": quantities if quantities == "all" else qnames},
    )
    if quantities and quantities != "all":  # fail on an unknown quantity before the sweep
        probe = model.solve(result.point(0), flips=False)
        missing = [q for q in qnames if q not in probe.quantities and q != EQUILIBRIUM]
        if missing:
            raise GameError(f"model {model.name}: no quantity {missing[0]!r} "
                            f"(available: {', '.join(probe.quantities) or 'none'})")
    lock = None
    if out is not None:
        if os.path.islink(out):
            check_output_path(out, force=True)  # the one message for a symbolic link
        lock = OutputLock(out)
        lock.acquire()  # a second writer of the same file is refused here
    try:
        if out is not None:
            remove_stale_temporaries(out)  # left by a writer killed during a checkpoint
            if resume and Path(out).exists():
                result.load(out)
        result = _run_sweep(model, result, quantities, workers, scheduler, progress, out, chunk_size,
                            checkpoint, use_compiled, base, t0)
    finally:
        if lock is not None:
            lock.release()
    return result


def _run_sweep(model: Model, result: SweepResult, quantities: Any, workers: int, scheduler: Any,
               progress: bool, out: Any, chunk_size: int | None, checkpoint: float, use_compiled: bool,
               base: dict[str, Fraction], t0: float) -> SweepResult:
    todo = np.flatnonzero(~result.done)
    bar = Progress(result.n_points, enabled=progress, label=f"sweep {model.name}")
    bar.update(result.computed)
    client, own = dask_client(scheduler) if scheduler is not None and not use_compiled else (None, False)
    try:
        if use_compiled:
            _sweep_compiled(model, result, todo, bar, base)
        else:
            _sweep_solve(model, result, todo.tolist(), quantities, workers, client, chunk_size, bar,
                         out, checkpoint)
    except KeyboardInterrupt:
        if out is not None:
            replace(result, elapsed=time.perf_counter() - t0).write(out)
        raise
    finally:
        bar.close()
        if own and client is not None:
            client.close()
    result = replace(result, elapsed=time.perf_counter() - t0)
    if out is not None:
        result.write(out)
    return result


def _sweep_compiled(model: Model, result: SweepResult, todo: np.ndarray, bar: Progress,
                    base: dict[str, Fraction]) -> None:
    from gametheory.sensitivity.compiled import compiled_classifier

    clf = compiled_classifier(model, list(result.axes), base)
    reason = clf.invalid_reason()
    labels = np.asarray(clf.labels)
    names = list(result.axes)
    float_axes = [np.array([float(v) for v in result.axes[n]]) for n in names]
    block = 1 << 18
    for start in range(0, len(todo), block):
        idx = todo[start: start + block]
        multi = np.unravel_index(idx, result.shape)
        cols: dict[str, Any] = {n: float(v) for n, v in result.fixed.items()}
        for n, fa, m in zip(names, float_axes, multi):
            cols[n] = fa[m]

        def exact(k: int, idx: np.ndarray = idx) -> dict[str, Fraction]:
            return result.point(int(idx[k]))

        codes = clf.codes(cols, exact=exact)
        keys = labels[np.maximum(codes, 0)].tolist()
        for i, key, c in zip(idx.tolist(), keys, codes.tolist()):
            result.values[i] = {}
            if c < 0:
                result.outcome[i] = None
                result.errors[i] = reason
            else:
                result.outcome[i] = key
        result.done[idx] = True
        bar.update(len(idx))


def _sweep_solve(model: Model, result: SweepResult, todo: list[int], quantities: Any, workers: int,
                 scheduler: Any, chunk_size: int | None, bar: Progress, out: Any, checkpoint: float) -> None:
    par = workers if scheduler is None else 8
    size = chunk_size or max(1, min(256, math.ceil(len(todo) / (8 * max(1, par)))))
    blocks = {start: todo[start: start + size] for start in range(0, len(todo), size)}
    chunks = _chunks(todo, size, result, list(result.axes))
    last = time.perf_counter()
    discover = quantities == "all"
    for cid, results in run(model_ref(model), chunks, quantities, workers=workers, scheduler=scheduler):
        _record(result, blocks.pop(cid), results, discover)
        bar.update(len(results))
        if out is not None and time.perf_counter() - last >= checkpoint:
            result.write(out)
            last = time.perf_counter()


def _record(result: SweepResult, indices: list[int], results: list[PointResult], discover: bool) -> None:
    for i, (key, vals, err) in zip(indices, results):
        result.outcome[i] = key
        result.values[i] = vals
        result.errors[i] = err
        result.done[i] = True
        if discover:
            for q in vals:
                if q not in result.quantities:
                    result.quantities.append(q)
