"""Resolve a corpus bigger than one machine on a Dask cluster, against a local catalogue.

Each worker opens the catalogue read-only once, when it joins (a worker plugin holds one
bibkit Session per worker), and resolves the files the bag hands it; nothing goes over the
network. The catalogue must be at the same path on every worker (a shared file system, or a
copy on each machine): it is only ever read, so any number of workers can share one file.

Run:  python examples/dask_resolve.py CATALOG FILE... [--scheduler tcp://host:8786]

Without --scheduler, a local cluster of two worker processes is started. Prints one JSON
record per mention (the file, then the resolution).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dask.bag as db
from distributed import Client, LocalCluster, Worker, WorkerPlugin, get_worker

import bibkit
from bibkit.catalog import database_for
from bibkit.config import Config

PLUGIN = "bibkit"


class BibkitSession(WorkerPlugin):
    """One offline bibkit Session per worker, on the catalogue given."""

    name = PLUGIN

    def __init__(self, catalog: str) -> None:
        self.catalog = catalog
        self.session: bibkit.Session | None = None

    def setup(self, worker: Worker) -> None:
        self.session = bibkit.Session(Config.load(catalog=self.catalog, offline=True, use_cache=False))

    def teardown(self, worker: Worker) -> None:
        if self.session is not None:
            self.session.close()


def resolve_file(path: str) -> list[dict[str, Any]]:
    """The resolutions of one file's mentions, as JSON-ready records (runs on a worker)."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, BibkitSession) and plugin.session is not None
    text = Path(path).read_text(encoding="utf-8")
    return [{"file": path, **r.to_dict()} for r in plugin.session.resolve(text)]


def resolve_corpus(client: Client, paths: Sequence[str], catalog: str) -> list[dict[str, Any]]:
    """Every mention of every file, resolved on the cluster behind ``client``, in file order."""
    # A small dump given as the catalogue is built once here, not once per worker.
    built = database_for(Path(catalog), cache_dir=Config.load().cache_dir)
    client.register_plugin(BibkitSession(str(built.resolve())))
    files = db.from_sequence(list(paths), npartitions=max(1, min(len(paths), 4 * len(client.nthreads()))))
    records: list[dict[str, Any]] = files.map(resolve_file).flatten().compute()
    return records


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalog")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    args = parser.parse_args(argv)
    if args.scheduler:
        with Client(args.scheduler) as client:
            records = resolve_corpus(client, args.files, args.catalog)
    else:
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            records = resolve_corpus(client, args.files, args.catalog)
    for record in records:
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
