"""Output files written safely: no silent overwrite, no symlinks, atomic, locked, CSV-safe.

Every file the engine or the command line writes goes through :func:`write_atomic`: the
data is written to a temporary file ``.NAME.<random>.tmp`` in the target's directory and
moved over the target with :func:`os.replace` (or linked into place, when an existing file
must not be overwritten), so a reader never sees half a file. A new file gets the
permissions ``open(path, "w")`` would give it (``0o666`` minus the umask); a replaced file
keeps its mode.

A target that is a symbolic link (dangling or not) is refused, even when overwriting is
allowed: writing through the link would change a file outside the folder the user named,
and silently replacing the link by a plain file would surprise whoever made it.

:class:`OutputLock` keeps two writers (two sweeps with the same output file) apart, and
:func:`remove_stale_temporaries` cleans the temporary files a killed writer left behind.
:func:`csv_text_cell` neutralises CSV text cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import uuid
from pathlib import Path
from types import TracebackType

from gametheory.errors import GameError

try:  # pragma: no cover - platform dependent
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "OutputLock",
    "check_output_path",
    "csv_text_cell",
    "csv_text_value",
    "remove_stale_temporaries",
    "write_atomic",
]


def _label(path: str | os.PathLike[str], label: str | None) -> str:
    return label if label is not None else os.fspath(path)


def check_output_path(path: str | os.PathLike[str], *, force: bool = False, label: str | None = None,
                      exists_hint: str = "pass --force to overwrite it") -> None:
    """Refuse ``path`` as an output file before any work is done.

    A symbolic link is always refused; an existing file is refused unless ``force``; a
    missing directory or an existing directory at ``path`` is refused. ``label`` is how the
    message names the file (default: the path), ``exists_hint`` what to do about an
    existing file.

    >>> check_output_path("/nonexistent-dir/x.csv")
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: /nonexistent-dir/x.csv: directory /nonexistent-dir does not exist
    """
    name = _label(path, label)
    p = Path(path)
    if p.is_symlink():
        raise GameError(f"{name}: is a symbolic link; gametheory does not write through links "
                        "(name the file itself, or remove the link)")
    if p.is_dir():
        raise GameError(f"{name}: is a directory")
    parent = p.parent
    if str(parent) and not parent.is_dir():
        raise GameError(f"{name}: directory {parent} does not exist")
    if p.exists() and not force:
        raise GameError(f"{name}: the file exists; {exists_hint}")


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = True,
                 label: str | None = None) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` atomically.

    The data go to a temporary file in the same directory, then replace ``path``
    (``overwrite``) or are linked into place only if ``path`` still does not exist (so a file
    that appeared meanwhile is not overwritten). A symbolic link at ``path`` is refused. A
    new file gets ``0o666`` minus the umask; a replaced file keeps its mode.

    Raises
    ------
    GameError
        ``path`` is a symbolic link, or exists and ``overwrite`` is false, or cannot be written.
    """
    name = _label(path, label)
    target = os.fspath(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if os.path.islink(target):
        raise GameError(f"{name}: is a symbolic link; gametheory does not write through links "
                        "(name the file itself, or remove the link)")
    directory = os.path.dirname(os.path.abspath(target))
    base = os.path.basename(target)
    while True:
        tmp = os.path.join(directory, f".{base}.{uuid.uuid4().hex[:12]}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        except OSError as exc:
            raise GameError(f"{name}: cannot write: {exc.strerror or exc}") from None
        break
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            try:
                st = os.lstat(target)
            except FileNotFoundError:
                pass
            else:
                if stat.S_ISREG(st.st_mode):
                    os.chmod(tmp, stat.S_IMODE(st.st_mode))
            os.replace(tmp, target)  # replaces a link that appeared meanwhile, never its target
        else:
            try:
                os.link(tmp, target)  # fails if target exists (a file, or a link, even dangling)
            except FileExistsError:
                raise GameError(f"{name}: the file exists; pass --force to overwrite it") from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # no hard links on this file system: check, then move (a small window)
                if os.path.lexists(target):
                    raise GameError(f"{name}: the file exists; pass --force to overwrite it") from None
                os.replace(tmp, target)
            else:
                os.unlink(tmp)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise GameError(f"{name}: cannot write: {exc.strerror or exc}") from None
        raise


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[str]:
    """Remove the ``.NAME.*.tmp`` files that a killed writer of ``path`` left in its directory.

    Call it only while holding the :class:`OutputLock` of ``path`` (no live writer can own
    them then). Returns the names removed.
    """
    p = Path(path)
    directory = p.parent if str(p.parent) else Path(".")
    # ".NAME.<random>.tmp" with no dot in <random>: ".NAME.bak.csv.<random>.tmp" belongs to another file
    pattern = re.compile(r"^\." + re.escape(p.name) + r"\.[A-Za-z0-9_]{6,16}\.tmp$")
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    for entry in entries:
        if pattern.match(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(entry.name)
    return removed


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:  # pragma: no cover - e.g. Windows without the process
        return False
    return True


class OutputLock:
    """An exclusive lock on an output file while one writer (a sweep) writes it.

    The lock is the file ``.NAME.lock`` next to ``path``, holding the writer's process id.
    On POSIX it is held with :func:`fcntl.flock`, which the system releases when the writer
    dies, so a lock left by a killed writer is taken over; elsewhere the file is created with
    ``O_CREAT | O_EXCL`` and a lock whose process is gone is taken over. The lock file is
    removed when the lock is released.

    Raises
    ------
    GameError
        Another live process holds the lock.
    """

    def __init__(self, path: str | os.PathLike[str], *, label: str | None = None):
        p = Path(path)
        self.path = p
        self.lock_path = (p.parent if str(p.parent) else Path(".")) / f".{p.name}.lock"
        self.label = _label(path, label)
        self._fd: int | None = None

    def _busy(self, pid: str) -> GameError:
        who = f"process {pid}" if pid else "another process"
        return GameError(f"{self.label}: another sweep ({who}) is writing this file; wait for it to finish "
                         f"(or remove {self.lock_path} if no such process runs)")

    def acquire(self) -> None:
        if fcntl is not None:
            self._acquire_flock()
        else:  # pragma: no cover - Windows
            self._acquire_exclusive()

    def _acquire_flock(self) -> None:
        for _ in range(100):
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
            except OSError as exc:
                raise GameError(f"{self.label}: cannot create the lock file {self.lock_path}: "
                                f"{exc.strerror or exc}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pid = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                raise self._busy(pid) from None
            # the holder before us may have removed the file after we opened it: retry then
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.lock_path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            self._fd = fd
            return
        raise GameError(f"{self.label}: cannot take the lock file {self.lock_path}")  # pragma: no cover

    def _acquire_exclusive(self) -> None:  # pragma: no cover - exercised on Windows only
        for _ in range(100):
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                try:
                    pid = self.lock_path.read_text(encoding="ascii").strip()
                except OSError:
                    continue
                if pid.isdigit() and _pid_alive(int(pid)):
                    raise self._busy(pid) from None
                try:
                    os.unlink(self.lock_path)
                except OSError:
                    pass
                continue
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            self._fd = fd
            return
        raise GameError(f"{self.label}: cannot take the lock file {self.lock_path}")

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.lock_path)  # while still holding it: a waiting writer retries on the new file
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


# ---------------------------------------------------------------------- CSV
_FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?\d+/\d+$|^[+-]?(inf|nan)$")


def _needs_quote(text: str) -> bool:
    if not text:
        return False
    if text[0] in _FORMULA_START:
        return not _NUMBER.match(text)
    if text[0] == "'":  # keep the quoting reversible: a quote before a formula start is doubled
        return _needs_quote(text[1:])
    return False


def csv_text_cell(text: str) -> str:
    """A CSV text cell a spreadsheet will not run as a formula (the OWASP rule).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single
    quote in front, unless it is a number (``-0.5``, ``-1/2``, ``+3e-2`` stay as they are).
    :func:`csv_text_value` undoes it.

    >>> csv_text_cell("=HYPERLINK(1)"), csv_text_cell("-0.5"), csv_text_cell("peace")
    ("'=HYPERLINK(1)", '-0.5', 'peace')
    """
    return "'" + text if _needs_quote(text) else text


def csv_text_value(cell: str) -> str:
    """The text a :func:`csv_text_cell` cell stands for.

    >>> csv_text_value("'=HYPERLINK(1)"), csv_text_value("'quoted")
    ('=HYPERLINK(1)', "'quoted")
    """
    if cell[:1] == "'" and _needs_quote(cell[1:]):
        return cell[1:]
    return cell
