"""Text read from a game file, made safe to print.

The readers keep titles and names exactly as the file has them (so a game round-trips), and
a file may hold anything: terminal escape sequences (``ESC [ 2 J`` clears the screen,
``ESC ] 0 ; ... BEL`` retitles the window), bare carriage returns that overwrite what was
printed, or bidirectional overrides that make text read differently from what it is.
:func:`safe_text` is for the moment such text is shown: every control or format character
becomes a visible escape.

>>> safe_text("Chicken\\x1b[2J")
'Chicken\\\\x1b[2J'
>>> safe_text("a\\u202eb")
'a\\\\u202eb'
>>> safe_text("title\\n\\ncomment")
'title\\n\\ncomment'
>>> safe_text("title\\n\\ncomment", newlines=False)
'title\\\\n\\\\ncomment'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["safe_text"]

_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control and invisible format character written as an escape.

    Tabs are kept, and line breaks (``\\n``) too unless ``newlines=False`` (for text that must
    stay on one line, such as a name in a table). Everything else below U+0020, DEL, the C1
    controls U+0080-U+009F, and the Unicode format characters (bidirectional overrides,
    zero-width characters) become ``\\r``, ``\\n``, ``\\xNN`` or ``\\uNNNN``, so nothing a file holds can move
    the cursor, recolour or clear the terminal, or reorder what is printed. Printable text,
    accented letters and other scripts included, is unchanged.
    """
    keep = "\t\n" if newlines else "\t"

    def repl(m: re.Match[str]) -> str:
        ch = m.group()
        return ch if ch in keep else _escape(ch)

    out = _UNSAFE_RE.sub(repl, text)
    if out.isascii():
        return out
    # any other format character (category Cf) of a newer Unicode version
    return "".join(_escape(c) if unicodedata.category(c) == "Cf" else c for c in out)
