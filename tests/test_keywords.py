"""The keyword sets of the public calls are checked by mypy: a misspelt or mistyped keyword of
``bibkit.resolve``, ``Session.resolve``, ``lookup``, ``push_to_zotero``, ``push``, ``check``,
``check_zotero``, ``export_zotero``, ``dumps`` or ``write`` is an error before anything runs
(``tests/typing/keywords.py``), and the calls written right pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bibkit
from bibkit.options import PushToZoteroKwargs, ResolveKwargs, part

ROOT = Path(__file__).resolve().parent.parent
CALLS = ROOT / "tests" / "typing" / "keywords.py"


def test_mypy_flags_exactly_the_wrong_keywords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    monkeypatch.setenv("MYPYPATH", str(ROOT))  # this tree's bibkit, whatever is installed
    out, err, _ = api.run(["--strict", "--cache-dir", str(tmp_path), "--no-error-summary", str(CALLS)])
    assert not err
    errors = {int(n): text for n, text in re.findall(r"keywords\.py:(\d+): error: (.*)", out)}
    lines = CALLS.read_text(encoding="utf-8").splitlines()
    wanted = {n: line.split("# E: ")[1] for n, line in enumerate(lines, 1) if "# E: " in line}
    assert len(wanted) == 11
    assert sorted(errors) == sorted(wanted), out
    for n, text in wanted.items():
        assert text in errors[n], (n, errors[n])


def test_a_call_hands_each_callee_only_its_share_of_the_keywords() -> None:
    given: PushToZoteroKwargs = {"collection": "A/B", "edition": "earliest", "api_key": "k", "language": None}
    assert part(given, ResolveKwargs) == {"edition": "earliest", "language": None}


def test_resolution_keywords_reach_the_resolution_options() -> None:
    with bibkit.Session(bibkit.Config()) as session:
        chosen = session.resolve_options({"edition": "earliest", "language": None, "publisher": "Verso",
                                          "sources": ["openlibrary"]})  # fmt: skip
        assert (chosen.edition, chosen.language, chosen.publisher) == ("earliest", None, "Verso")
        default = session.resolve_options({"min_confidence": None})
        assert default.min_confidence == session.resolve_options({}).min_confidence > 0
        assert session.resolve_options({"min_confidence": 0.25}).min_confidence == 0.25
        with pytest.raises(bibkit.errors.ConfigError, match="unknown edition policy 'newest'"):
            session.resolve_options({"edition": "newest"})  # type: ignore[typeddict-item]
