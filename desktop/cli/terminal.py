"""What the commands print: text from a file is shown at the terminal, never obeyed by it.

A draft, a file name or a deal name can hold characters a terminal acts on instead of showing:
escape sequences that clear the screen, retitle the window or rewrite what was printed, a
line break that starts a forged `error:` line, a bidi override that shows a number backwards.
Every line of human-readable output is printed here, with those characters written out as
escapes (`\\x1b`, `\\n`, `\\u202e`); text without them is printed exactly as before. JSON
output escapes them the same way inside its strings, so a parser reads the very same values.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence

# C0 controls but tab, DEL and the C1 controls (U+0080-U+009F, which some terminals obey even
# in UTF-8), the line and paragraph separators, the bidi embeddings, overrides and isolates, and
# lone surrogates (a file name's undecodable bytes, which a UTF-8 stdout refuses with a traceback).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# json.dumps escapes the C0 controls itself.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name, as Python keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(value: object) -> str:
    """Return `str(value)` safe to print as (part of) one line: control characters written as escapes."""
    text = str(value)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def say(line: object = "") -> None:
    """Print one line of human-readable output on stdout, anything a terminal would act on escaped."""
    print(one_line(line))


def say_lines(lines: Sequence[object]) -> None:
    """Print lines of human-readable output on stdout, each one line whatever its text holds."""
    for line in lines:
        say(line)


def _sentence(message: object) -> str:
    # A message may be wrapped over lines for the window; the terminal gets it on one.
    return one_line(" ".join(str(message).split()))


def print_error(message: object) -> None:
    """Print the one `error: …` line of a refused input on stderr: one line, whatever the message holds."""
    print(f"error: {_sentence(message)}", file=sys.stderr)


def print_notes(path: object, notes: Sequence[str]) -> None:
    """Print what the reader noted about a file (footnotes not read, …) on stderr, one line each."""
    for note in notes:
        print(f"note: {one_line(path)}: {_sentence(note)}", file=sys.stderr)


def json_text(obj: object, *, indent: int | None = None) -> str:
    """Return `obj` as JSON text with every control and bidi character inside its strings escaped."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    # These characters occur only inside strings, where "\\u0085" reads back as the same character.
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNSAFE_IN_JSON.search(text) else text


def print_json(obj: object) -> None:
    """Print `obj` as JSON on stdout: indented at a terminal, compact for a pipe or a file."""
    # Compact output lets the json module use its C encoder (a 100-page compare prints ~0.15 s
    # faster); json.dump streams through the pure-Python encoder even without an indent, dumps does not.
    indent = 1 if sys.stdout.isatty() else None
    sys.stdout.write(json_text(obj, indent=indent))
    sys.stdout.write("\n")


__all__ = ["json_text", "one_line", "print_error", "print_json", "print_notes", "say", "say_lines"]
