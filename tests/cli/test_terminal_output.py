"""Text from a file is shown at the terminal, never obeyed (issue 23, part 6).

A clause can hold escape sequences that clear the screen or retitle the window, and a file name
can hold a line break that forges an `error:` line. Every line the commands print for a person
writes those characters out as escapes, keeps a file name on its own line, and leaves ordinary
text exactly as it was; JSON escapes them inside its strings and reads back the same values.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.terminal import json_text, one_line
from tests.core.pdf_maker import Text, pdf

CLI = Path(__file__).resolve().parents[2] / "desktop" / "cli"
# What a hostile draft might hold: clear screen, set the window title (OSC ... BEL), a C1 CSI
# (which some terminals obey even as UTF-8), DEL, a right-to-left override and a line separator.
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x7f\u202e\u2028"
OBEYED = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))] + [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2028", "\u2029"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def obeyed(text: str) -> list[str]:
    """Return the characters in `text` a terminal would act on rather than show."""
    return sorted({char for char in text if char in OBEYED})


def hostile_drafts(tmp_path: Path) -> tuple[Path, Path]:
    one = tmp_path / "one.md"
    one.write_text(f"1. Fees. Customer pays {HOSTILE} the fees.\n\n2. Term. One year.\n", encoding="utf-8")
    two = tmp_path / "two.md"
    two.write_text(f"1. Fees. Customer pays {HOSTILE} twice the fees.\n\n2. Term. One year.\n", encoding="utf-8")
    return one, two


def test_clauses_prints_escape_sequences_written_out_not_obeyed(tmp_path, capsys):
    one, _ = hostile_drafts(tmp_path)
    code, out, err = run(capsys, "clauses", str(one))
    assert code == 0 and obeyed(out) == [] and obeyed(err) == []
    assert out.splitlines()[1] == "  1 Fees  Customer pays \\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\x7f\\u202e\\u2028 the fees."
    assert len(out.splitlines()) == 3  # the heading line and one line per clause


def test_history_prints_escape_sequences_written_out_not_obeyed(tmp_path, capsys):
    one, two = hostile_drafts(tmp_path)
    db = tmp_path / "deals.db"
    deal = "Acme\x1b[31m"
    assert run(capsys, "import", "--db", str(db), "--deal", deal, "--from", "them", str(one), str(two))[0] == 0
    code, out, err = run(capsys, "history", "--db", str(db), "--deal", deal, "--clause", "1")
    assert code == 0 and err == ""
    assert "\x1b" not in out and obeyed(out) == []
    assert out.startswith("Acme\\x1b[31m: 1 Fees\n")
    assert "{+twice" in out and "\\x1b[2J" in out


def test_every_human_readable_command_line_is_clean(tmp_path, capsys):
    one, two = hostile_drafts(tmp_path)
    db = tmp_path / "deals.db"
    for argv in (["compare", str(one), str(two)], ["positions", str(one)],
                 ["import", "--db", str(db), "--deal", HOSTILE, "--from", "them", str(one)],
                 ["summary", "--db", str(db), "--deal", HOSTILE, "-o", str(tmp_path / "s.md")]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and obeyed(out + err) == [], argv


def test_a_line_break_in_a_file_name_cannot_forge_an_error_line(tmp_path, capsys):
    forged = tmp_path / "a\nerror: forged.md"
    code, out, err = run(capsys, "clauses", str(forged))  # it does not exist: refused
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and err.endswith("\n")
    assert [line for line in err.splitlines() if line.startswith("error:")] == [err.rstrip("\n")]


def test_a_line_break_in_a_file_name_stays_on_its_note_line(tmp_path, capsys):
    # A PDF whose second page is a scan gets a note, which names the file.
    forged = tmp_path / "a\nerror: forged.pdf"
    forged.write_bytes(pdf([[Text("1. Fees. Customer pays the fees in the Order Form.", 72, 600)], []]))
    code, out, err = run(capsys, "clauses", str(forged))
    assert code == 0
    (note,) = err.splitlines()
    assert note.startswith(f"note: {tmp_path}/a\\nerror: forged.pdf: Page 2 has no text layer")
    assert not any(line.startswith("error:") for line in out.splitlines() + err.splitlines())
    assert out.startswith(f"{tmp_path}/a\\nerror: forged.pdf: 1 clauses\n")


def test_a_refused_argument_with_escape_sequences_prints_them_written_out(capsys):
    code, _, err = run(capsys, "clauses", "x.md", "--colour\x1b[2J")
    assert code == 2 and "\x1b" not in err
    assert err.splitlines()[-1] == "error: unrecognized arguments: --colour\\x1b[2J"


def test_an_undecodable_file_name_prints_without_a_traceback(tmp_path, capsys):
    # Python keeps a name's undecodable bytes as lone surrogates, which a UTF-8 stdout refuses.
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff.md"))
    path.write_text("1. Fees. Customer pays.\n", encoding="utf-8")
    code, out, _ = run(capsys, "clauses", str(path))
    assert code == 0 and out.startswith(f"{tmp_path}/\\xff.md: 1 clauses")


def test_json_output_escapes_them_inside_strings_and_reads_back_the_same(tmp_path, capsys):
    one, _ = hostile_drafts(tmp_path)
    code, out, err = run(capsys, "clauses", str(one), "--json")
    assert code == 0 and err == "" and obeyed(out) == []
    assert json.loads(out)["clauses"][0]["text"] == f"Customer pays {HOSTILE} the fees."
    assert "\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u007f\\u202e\\u2028" in out


def test_json_text_round_trips_every_obeyed_character_and_leaves_the_rest_alone():
    value = {"k\u202e": ["".join(OBEYED), "8.1(a) Fees — €12 “cap” \\ é\t", "\udcff"]}
    text = json_text(value)
    assert obeyed(text) == [] and json.loads(text) == value
    assert "8.1(a) Fees — €12 “cap” \\\\ é\\t" in text


@pytest.mark.parametrize("text", ["8.1(a) Fees — €12 “cap”", "C:\\drafts\\v2.docx", "tab\tstays", "", "ｆｕｌｌ 中文 العربية"])
def test_ordinary_text_is_printed_exactly_as_before(text):
    assert one_line(text) == text


def test_one_line_writes_each_obeyed_character_as_an_escape():
    assert one_line("a\nb\rc\x00d\x1be\x7ff\x85g\u202eh\u2069i\udcffj") == (
        "a\\nb\\rc\\x00d\\x1be\\x7ff\\x85g\\u202eh\\u2069i\\xffj")
    assert all(len(one_line(char)) > 1 for char in OBEYED)


def test_every_command_prints_through_terminal_py():
    """No print() or sys.stdout/sys.stderr write in desktop/cli but terminal.py's, so no new line escapes it."""
    stray = []
    for path in sorted(CLI.glob("*.py")):
        if path.name == "terminal.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name == "print" or name.startswith(("sys.stdout", "sys.stderr")) and name != "sys.stderr.close":
                    stray.append(f"{path.name}:{node.lineno}: {name}")
    assert stray == []
