"""The bulk pipeline on Dask (``examples/dask_resolve.py``): a bag over files, a local cluster
of worker processes, the catalogue opened read-only on each worker; the same resolutions as
one process gives."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from bibkit.config import Config
from bibkit.session import Session
from tests.conftest import PROJECT_ROOT

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")


def _example() -> ModuleType:
    path = PROJECT_ROOT / "examples" / "dask_resolve.py"
    spec = importlib.util.spec_from_file_location("dask_resolve", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_dask_bag_over_files_resolves_as_one_process_does(tmp_path: Path, seed_db: Path) -> None:
    lines = (PROJECT_ROOT / "examples" / "reading-list.txt").read_text(encoding="utf-8").splitlines()
    paths = []
    for i in range(5):
        path = tmp_path / f"thread{i}.txt"
        path.write_text("\n".join(lines[i * 4 : i * 4 + 4]) + "\n", encoding="utf-8")
        paths.append(str(path))
    example = _example()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        records = example.resolve_corpus(client, paths, str(seed_db))
        # Each worker process opened the catalogue read-only and never wrote to it.
        opened = client.run(lambda dask_worker: dask_worker.plugins["bibkit"].session is not None)
    assert len(opened) == 2 and all(opened.values())

    expected = []
    with Session(Config.load(catalog=seed_db, offline=True, use_cache=False)) as session:
        for path in paths:
            text = Path(path).read_text(encoding="utf-8")
            expected += [{"file": path, **r.to_dict()} for r in session.resolve(text)]
    assert records == expected
    assert sum(r["status"] == "resolved" for r in records) == 10
