"""Issue 15's targets for ``bibkit check``, gated: faults planted in real entries of a catalogue
built from the shared real records (``benchmarks/check_quality.py``, on a smaller corpus), checked
against that catalogue on loopback. Skipped without the shared data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import PROJECT_ROOT

#: Faults that must all be flagged as errors; the others must be found 95 times in 100.
MUST_BE_ERRORS = ("wrong-book ISBN", "invented title", "invented author")


def _benchmark() -> ModuleType:
    path = PROJECT_ROOT / "benchmarks" / "check_quality.py"
    spec = importlib.util.spec_from_file_location("check_quality", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    path_before = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path_before  # the benchmark puts the source tree first, for when it runs alone
    return module


def test_planted_faults_are_found_and_clean_entries_raise_no_error(shared_dir: Path) -> None:
    benchmark = _benchmark()
    if not (shared_dir / "data" / "catalog").is_dir():
        pytest.skip("the shared catalogue records are not available")
    real = benchmark.load_real_catalog(shared_dir)
    measured = benchmark.measure(real, clean=200, per_kind=20, seed=15)
    for kind in MUST_BE_ERRORS:
        found, planted = measured.recall(kind)
        assert found == planted, kind
    others = [measured.recall(k) for k in benchmark.DETECTED_BY if k not in MUST_BE_ERRORS]
    found, planted = sum(f for f, _ in others), sum(p for _, p in others)
    assert found >= 0.95 * planted, others
    errors = [measured.with_error(kind) for kind in benchmark.CLEAN_SETS]
    assert sum(e for e, _ in errors) <= 0.01 * sum(n for _, n in errors), errors
