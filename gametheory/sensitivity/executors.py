"""Where model solves run: in this process, in a local process pool, or on a Dask cluster.

Work is cut into chunks of points; a chunk is solved by :func:`solve_chunk`, which
re-creates the model in the worker by its registry name
(:func:`gametheory.modeling.registry.get_model`, which loads the models declared under the
entry-point group ``gametheory.models`` in a fresh process), so only the name, the fixed
values and the points' values travel. A model that is not in the registry travels pickled.

Every executor yields ``(chunk_id, results)`` as chunks finish (in any order); the caller
records them. On :class:`KeyboardInterrupt` the executors cancel what has not started and
re-raise, so the caller can write what it has.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from fractions import Fraction
from typing import Any, TextIO

from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.modeling.registry import get_model, is_registered

#: One point's result: ``(outcome key or None, {quantity: value}, error text or None)``.
PointResult = tuple[str | None, dict[str, Any], str | None]
Chunk = tuple[int, list[dict[str, Fraction]]]

_MODELS: dict[str, Model] = {}


def model_ref(model: Model) -> Model | str:
    """What identifies ``model`` in a worker: its registry name, or the model itself."""
    if is_registered(model):
        return model.name
    return model


def resolve_model(ref: Model | str) -> Model:
    """The model a :func:`model_ref` stands for (one instance per name and process)."""
    if not isinstance(ref, str):
        return ref
    m = _MODELS.get(ref)
    if m is None:
        m = _MODELS[ref] = get_model(ref)
    return m


#: A pseudo-quantity: the equilibrium the model's statement rests on (``ModelResult.equilibrium``).
EQUILIBRIUM = "equilibrium"


def select_quantities(quantities: Mapping[str, Any], wanted: Sequence[str] | str | None, model: str) -> dict[str, Any]:
    if wanted is None:
        return {}
    if wanted == "all":
        return dict(quantities)
    out = {}
    for q in wanted:
        if q not in quantities:
            raise GameError(f"model {model}: no quantity {q!r} (available: {', '.join(quantities) or 'none'})")
        out[q] = quantities[q]
    return out


def solve_point(model: Model, point: Mapping[str, Fraction], quantities: Sequence[str] | str | None) -> PointResult:
    """Solve one point; a :class:`GameError` (e.g. a joint restriction) is recorded, not raised."""
    try:
        res = model.solve(point, flips=False)
    except GameError as exc:
        return None, {}, str(exc)
    available = res.quantities
    if quantities is not None and quantities != "all" and EQUILIBRIUM in quantities and EQUILIBRIUM not in available:
        available = {**available, EQUILIBRIUM: res.equilibrium}
    return res.outcome.key, select_quantities(available, quantities, model.name), None


def solve_chunk(ref: Model | str, points: list[dict[str, Fraction]], quantities: Sequence[str] | str | None) -> list[PointResult]:
    """Solve a chunk of points (runs in workers; module-level so it pickles)."""
    model = resolve_model(ref)
    return [solve_point(model, p, quantities) for p in points]


class Progress:
    """A minimal progress bar on stderr: ``[#####.....] 512/1024 50% 3.1 s, ~3.0 s left``."""

    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None, width: int = 30,
                 label: str = "sweep"):
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.stream = stream or sys.stderr
        self.width, self.label = width, label
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        frac = min(1.0, self.done / self.total)
        bar = "#" * int(frac * self.width)
        el = now - self.start
        eta = f", ~{el * (1 - frac) / frac:.1f} s left" if 0 < frac < 1 else ""
        self.stream.write(f"\r{self.label} [{bar:<{self.width}}] {self.done}/{self.total} {frac:4.0%} {el:.1f} s{eta}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def serial(ref: Any, chunks: Iterator[Chunk], quantities: Any) -> Iterator[tuple[int, list[PointResult]]]:
    model = resolve_model(ref)
    for cid, points in chunks:
        yield cid, [solve_point(model, p, quantities) for p in points]


#: Seconds between a worker's checks that its parent is still alive.
PARENT_POLL = 0.5


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. no permission: it exists
        return True
    return True


def _watch_parent(parent: int, ppid: int) -> None:
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != ppid or (ppid != parent and not _alive(parent)):
            os._exit(1)


def die_with_parent(parent: int, pdeathsig: bool) -> None:
    """Worker initializer: end this worker when process ``parent`` ends, even by SIGKILL.

    On Linux (with ``pdeathsig``) the kernel sends SIGKILL to the worker when the process
    that started it dies (``prctl(PR_SET_PDEATHSIG)``); on every POSIX system a daemon thread
    also checks every :data:`PARENT_POLL` seconds that the worker has not been re-parented
    and, when a fork server started it, that ``parent`` still runs. Elsewhere it does nothing.
    """
    if os.name != "posix":  # pragma: no cover - Windows
        return
    if pdeathsig and sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    ppid = os.getppid()
    if not _alive(parent):  # the parent died before the lines above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent, ppid), daemon=True, name="watch-parent").start()


def local_processes(ref: Any, chunks: Iterator[Chunk], quantities: Any, workers: int) -> Iterator[tuple[int, list[PointResult]]]:
    """A :class:`~concurrent.futures.ProcessPoolExecutor` with at most ``2 * workers`` chunks in flight.

    The workers end with this process, even when it is killed (:func:`die_with_parent`).
    """
    # PR_SET_PDEATHSIG fires when the *thread* that started the worker ends: use it only when
    # that thread is the main thread (which lives as long as the process)
    main = threading.current_thread() is threading.main_thread()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(), main))
    pending: dict[Future[list[PointResult]], int] = {}
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                try:
                    cid, points = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending[pool.submit(solve_chunk, ref, points, quantities)] = cid
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                cid = pending.pop(f)
                yield cid, f.result()
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)


#: Seconds to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = 10.0


def dask_client(scheduler: Any, timeout: float | None = None) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``scheduler`` (an address or a client) and whether we own it."""
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the environment
        raise GameError("a Dask scheduler was given but dask.distributed is not installed "
                        "(pip install 'gametheory[dask]')") from None
    if isinstance(scheduler, distributed.Client):
        return scheduler, False
    if not isinstance(scheduler, str):
        raise GameError(f"scheduler must be an address like 'tcp://host:8786' or a distributed.Client, "
                        f"got {type(scheduler).__name__}")
    try:
        return distributed.Client(scheduler, timeout=timeout or CONNECT_TIMEOUT, set_as_default=False), True
    except (OSError, TimeoutError) as exc:
        raise GameError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    except Exception as exc:  # distributed raises a variety of errors for bad addresses
        raise GameError(f"cannot connect to the Dask scheduler at {scheduler}: {type(exc).__name__}: {exc}") from None


def dask_cluster(client: Any, ref: Any, chunks: Iterator[Chunk], quantities: Any,
                 in_flight: int) -> Iterator[tuple[int, list[PointResult]]]:
    """Chunks submitted to a Dask cluster, at most ``in_flight`` at a time."""
    from distributed import as_completed

    pending: dict[Any, int] = {}
    ac: Any = None
    exhausted = False

    def top_up() -> None:
        nonlocal exhausted, ac
        while not exhausted and len(pending) < in_flight:
            try:
                cid, points = next(chunks)
            except StopIteration:
                exhausted = True
                return
            fut = client.submit(solve_chunk, ref, points, quantities, pure=False)
            pending[fut] = cid
            if ac is None:
                ac = as_completed([fut], loop=client.loop)
            else:
                ac.add(fut)

    try:
        top_up()
        if ac is None:
            return
        for fut in ac:
            cid = pending.pop(fut)
            yield cid, fut.result()
            top_up()
    finally:
        for fut in list(pending):
            fut.cancel()


def _dask_run(client: Any, own: bool, ref: Any, chunks: Iterator[Chunk],
              quantities: Any) -> Iterator[tuple[int, list[PointResult]]]:
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})))
        yield from dask_cluster(client, ref, chunks, quantities, in_flight=4 * n)
    finally:
        if own:
            client.close()


def check_workers(workers: Any) -> None:
    """A clear error for a worker count that is not a positive integer."""
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise GameError(f"workers must be a positive integer, got {workers!r}")


def run(ref: Any, chunks: Iterator[Chunk], quantities: Any, *, workers: int = 1,
        scheduler: Any = None) -> Iterator[tuple[int, list[PointResult]]]:
    """Dispatch to :func:`serial`, :func:`local_processes` or :func:`dask_cluster`.

    The Dask scheduler is contacted here, before any chunk is produced, so an unreachable
    scheduler is a :class:`GameError` before work starts.
    """
    if scheduler is not None:
        client, own = dask_client(scheduler)
        return _dask_run(client, own, ref, chunks, quantities)
    check_workers(workers)
    if workers > 1:
        return local_processes(ref, chunks, quantities, workers)
    return serial(ref, chunks, quantities)
