"""Output files of the command line: the ``--force`` option and the checks made before any work.

No command overwrites an existing file unless ``--force`` is given, and none writes through a
symbolic link (not even with ``--force``: the link would lead outside the folder the user
named). The checks run before any computation; the write itself is atomic
(:func:`gametheory._kernel.files.write_atomic`).
"""

from __future__ import annotations

import io
import os
from typing import Any

import click

from gametheory._kernel.files import check_output_path, write_atomic


def force_option(func: Any) -> Any:
    """``--force``: overwrite an existing output file."""
    return click.option("--force", is_flag=True,
                        help="Overwrite an existing output file (a symbolic link is never written through).")(func)


def check_output(path: str | os.PathLike[str], force: bool, flag: str | None = "--out", *,
                 exists_hint: str = "pass --force to overwrite it") -> None:
    """Refuse ``path`` (named as ``FLAG PATH`` in the message) before any work: a symbolic
    link, a missing directory, or an existing file without ``force``."""
    label = f"{flag} {os.fspath(path)}" if flag else os.fspath(path)
    check_output_path(path, force=force, label=label, exists_hint=exists_hint)


def write_output(path: str | os.PathLike[str], data: str | bytes, force: bool, flag: str | None = "--out") -> None:
    """Write ``data`` to ``path`` atomically; an existing file only with ``force``."""
    label = f"{flag} {os.fspath(path)}" if flag else os.fspath(path)
    write_atomic(path, data, overwrite=force, label=label)


def save_figure(fig: Any, path: str | os.PathLike[str], force: bool, dpi: int = 110) -> None:
    """Draw a matplotlib figure to ``path`` (format from the extension) atomically."""
    buf = io.BytesIO()
    fig.savefig(buf, format=os.path.splitext(os.fspath(path))[1].lstrip(".").lower(), dpi=dpi)
    write_output(path, buf.getvalue(), force)
