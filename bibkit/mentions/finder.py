"""The finder model: the learnt part of extraction, and its file.

A :class:`Finder` holds the names of the features it was trained on, two gradient-boosted tree
ensembles (LightGBM) and a decision threshold. The first ensemble scores each candidate from
its own features; the second scores it again with the first's verdicts on its neighbours (see
:mod:`bibkit.mentions.agreement`). Its file is gzipped JSON holding LightGBM's own text format
for each ensemble, so loading it runs no code from the file (no pickle), and the package ships
one trained on the project's annotated texts (``bibkit train`` rebuilds it, see
:mod:`bibkit.mentions.training`).
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np
from scipy import sparse

from bibkit.errors import ConfigError

__all__ = ["FORMAT", "Finder", "default_finder", "matrix"]

#: The format name written into every model file; files of another format are refused.
FORMAT = "bibkit-finder/1"

PREDICT_THREADS = 1
"""Threads LightGBM may use to score one text: a text has a few hundred candidates, too few for
a thread pool to pay for itself, and a pool left behind in the caller's process can hang a
child it forks later."""
#: The model that ships in the package.
_DEFAULT = "finder.json.gz"


def matrix(rows: Sequence[Mapping[str, float]], columns: Mapping[str, int]) -> sparse.csr_matrix:
    """Feature dicts as a sparse matrix with the given columns (unknown names are dropped)."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        for name, value in row.items():
            column = columns.get(name)
            if column is not None and value:
                indices.append(column)
                data.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (
            np.asarray(data, dtype=np.float64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(rows), len(columns)),
    )


@dataclass(frozen=True)
class Finder:
    """A trained finder.

    Attributes:
        features: The candidate feature names, in column order.
        first: The first-stage ensemble (candidate features only).
        second: The second-stage ensemble (candidate features, then the agreement features).
        threshold: The probability from which a candidate becomes a mention.
        info: What it was trained on and how (texts, seed, library versions), for people.
    """

    features: tuple[str, ...]
    first: lightgbm.Booster
    second: lightgbm.Booster
    threshold: float
    info: Mapping[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def columns(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.features)}

    def score_first(self, x: sparse.csr_matrix) -> np.ndarray:
        """First-stage probabilities of the rows of ``x`` (built with :func:`matrix`)."""
        if x.shape[0] == 0:
            return np.zeros(0)
        return np.asarray(self.first.predict(x, num_threads=PREDICT_THREADS), dtype=np.float64)

    def score_second(self, x: sparse.csr_matrix, agreement: Sequence[Sequence[float]]) -> np.ndarray:
        """Second-stage probabilities from the candidate features and the agreement features."""
        if x.shape[0] == 0:
            return np.zeros(0)
        both = sparse.hstack([x, sparse.csr_matrix(np.asarray(agreement, dtype=np.float64))], format="csr")
        return np.asarray(self.second.predict(both, num_threads=PREDICT_THREADS), dtype=np.float64)

    # -- the file --------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "features": list(self.features),
            "threshold": self.threshold,
            "info": dict(self.info),
            "first": self.first.model_to_string(),
            "second": self.second.model_to_string(),
        }

    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` (gzipped JSON), atomically."""
        from bibkit.formats import write_file

        payload = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
        write_file(Path(path), gzip.compress(payload, mtime=0))

    @classmethod
    def from_json(cls, data: Mapping[str, Any], origin: str = "model") -> Finder:
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ConfigError(f"{origin} is not a bibkit finder model (format {FORMAT})")
        try:
            return cls(
                features=tuple(str(f) for f in data["features"]),
                first=lightgbm.Booster(model_str=str(data["first"])),
                second=lightgbm.Booster(model_str=str(data["second"])),
                threshold=float(data["threshold"]),
                info=dict(data.get("info") or {}),
            )
        except (KeyError, TypeError, ValueError, lightgbm.basic.LightGBMError) as error:
            raise ConfigError(f"{origin} is a damaged bibkit finder model: {error}") from error

    @classmethod
    def load(cls, path: str | Path) -> Finder:
        """Read a model written by :meth:`save`; a file that is not one is refused with a
        :class:`~bibkit.errors.ConfigError`."""
        try:
            raw = Path(path).read_bytes()
            data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ConfigError(f"cannot read model {path}: {error}") from error
        return cls.from_json(data, str(path))


@functools.cache
def default_finder() -> Finder:
    """The model that ships with bibkit (read once)."""
    data = resources.files("bibkit.mentions").joinpath(_DEFAULT).read_bytes()
    return Finder.from_json(json.loads(gzip.decompress(data)), f"bibkit's own model ({_DEFAULT})")
