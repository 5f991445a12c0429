"""Review that remembers: every mention that is not a confident resolution is asked about once,
on the terminal (even when the text came on standard input), and the answer is reused on every
later run. Driven through a real pseudo-terminal, and through piped answers."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from bibkit.cli import cli
from bibkit.model import Mention
from bibkit.review import DecisionStore, mention_key
from tests.servers.openlibrary import FakeServices

READING_LIST = (
    "Books I keep coming back to:\n\n"
    "- *The Prophet Unarmed* by Trotsky\n"
    "- *Ten Days* by John Reed\n"
    "- *Summer Holidays* by Jane Doe\n"
)


def _spawn(command: str, cwd: Path) -> pexpect.spawn:
    """``command`` run by a shell on a fresh pseudo-terminal, with the test's environment."""
    return pexpect.spawn(
        "/bin/sh", ["-c", command], cwd=str(cwd), env=dict(os.environ), encoding="utf-8", timeout=60
    )


def _bibkit(*args: str) -> str:
    return " ".join([shlex.quote(sys.executable), "-m", "bibkit", *map(shlex.quote, args)])


@pytest.mark.skipif(not Path("/dev/tty").exists() or os.name == "nt", reason="needs a POSIX terminal")
def test_a_reading_list_reviewed_once_is_not_asked_about_again(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    (tmp_path / "list.txt").write_text(READING_LIST, encoding="utf-8")
    convert = _bibkit(
        "--no-cache", "convert", "-", "--source", "openlibrary", "--review", "--min-confidence", "0.95"
    )
    first = _spawn(f"cat list.txt | {convert} -o first.bib", tmp_path)
    # The text came on standard input: the questions are still asked on the terminal.
    first.expect("line 3: - \\*The Prophet Unarmed\\* by Trotsky")
    first.expect("could be:")
    first.expect("1. The Prophet Unarmed / Isaac Deutscher")
    first.expect(r"which one\?.*\[0\]: ")
    first.sendline("1")
    first.expect("line 4: - \\*Ten Days\\* by John Reed")  # below --min-confidence: asked too
    first.expect(r"which one\?.*\[0\]: ")
    first.sendline("n")  # not a book, this time
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0, first.before
    written = (tmp_path / "first.bib").read_text(encoding="utf-8")
    assert "Deutscher" in written and "Ten Days" not in written

    again = _spawn(f"cat list.txt | {convert} -o second.bib", tmp_path)
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    assert "could be:" not in (again.before or "")
    assert (tmp_path / "second.bib").read_text(encoding="utf-8") == written


def _run(args: list[str], answers: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=answers)
    return result.exit_code, result.stdout, result.stderr


def test_an_isbn_typed_in_review_is_looked_up_and_remembered(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    source = tmp_path / "list.txt"
    source.write_text(READING_LIST, encoding="utf-8")
    decisions = tmp_path / "decisions.json"
    args = ["--no-cache", "convert", str(source), "--source", "openlibrary", "-f", "csljson"]
    args += ["--review", "--decisions", str(decisions)]
    # A wrong ISBN is refused and asked again; then the edition of the right one is taken.
    code, out, err = _run(args, "i\n12345\ni\n978-1-78168-311-8\n1\n")
    assert code == 0, err
    assert "'12345' is not a valid ISBN" in err
    assert "The Prophet Armed" in out  # the person knows better than the text
    stored = json.loads(decisions.read_text(encoding="utf-8"))
    assert len(stored["decisions"]) == 1

    # No --review: the stored decision still settles the mention; nothing is asked.
    code, out, err = _run([*args[:-3], "--decisions", str(decisions)])
    assert code == 0 and "could be:" not in err
    assert "The Prophet Armed" in out


def test_search_again_with_other_words(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("Reading:\n\n- *The Prophet Unarmed*\n", encoding="utf-8")
    args = ["--no-cache", "convert", str(source), "--source", "openlibrary", "-f", "csljson", "--review",
            "--min-confidence", "0.95"]
    code, out, err = _run(args, "s\nlenin's last struggle moshe lewin\n1\n")
    assert code == 0, err
    assert 'found for "lenin\'s last struggle moshe lewin"' in err
    assert "Lenin's Last Struggle" in out


def test_end_of_input_keeps_the_answers_given_and_skips_the_rest(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    source = tmp_path / "list.txt"
    source.write_text(READING_LIST, encoding="utf-8")
    args = ["--no-cache", "resolve", str(source), "--source", "openlibrary", "--json", "--review"]
    args += ["--min-confidence", "0.95"]
    code, out, err = _run(args, "n\n")  # then Ctrl-D
    assert code == 0, err
    assert "Aborted" not in err
    statuses = [(r["mention"]["title"], r["status"], r["reason"]) for r in json.loads(out)]
    assert statuses[0][2] == "marked as not a book in review"
    assert statuses[1][1] == "not_found"  # skipped: asked again next time
    code, out, err = _run(args, "")
    assert err.count("could be:") == 1  # only the one left


def test_review_with_text_on_stdin_and_no_terminal_is_one_clear_error(
    fake_services: FakeServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bibkit.review

    monkeypatch.setattr(bibkit.review, "_TTY", str(tmp_path / "no-such-terminal"))
    code, _out, err = _run(
        ["--no-cache", "convert", "-", "--source", "openlibrary", "--review"], READING_LIST
    )
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("bibkit: error: --review asks questions on the terminal")
    assert "Traceback" not in err


def test_decisions_are_keyed_by_what_the_mention_says(tmp_path: Path) -> None:
    one = Mention(text="*Ten Days* by John Reed", start=3, end=26, title="Ten Days", author="John Reed")
    other = Mention(text="TEN DAYS, by john reed", start=90, end=112, title="TEN DAYS", author="john reed")
    different = Mention(text="Ten Days by Reed", start=0, end=16, title="Ten Days", author="Reed")
    assert mention_key(one) == mention_key(other) != mention_key(different)


def test_a_file_that_is_not_a_decisions_file_is_never_overwritten(tmp_path: Path) -> None:
    from bibkit.errors import ConfigError

    path = tmp_path / "notes.json"
    path.write_text('{"mine": true}', encoding="utf-8")
    with pytest.raises(ConfigError, match="is not a bibkit review decisions file"):
        DecisionStore(path)
    assert path.read_text(encoding="utf-8") == '{"mine": true}'
