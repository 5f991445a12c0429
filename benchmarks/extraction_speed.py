"""Throughput and memory of ``bibkit.extract`` on a large input built from real texts.

The annotated dev texts are concatenated and repeated until the input reaches ``--mb``
megabytes (5 by default), then extracted in one call on one core. Because a real archive does
not repeat itself, a second input of the same size is timed too: the paragraphs of all dev
texts shuffled afresh for every round (fixed seed), so that no paragraph keeps its neighbours
and the titles of one text end up amid the prose of another. A pathological input (one
1 MB line of title-like words, quotes and asterisks) is timed too: it must not be slower
per byte than real text by more than a small factor, which would betray quadratic matching.
Peak memory is measured with tracemalloc at two input sizes to show it grows linearly.

Finally an archive that names many *distinct* books is timed at two sizes: synthetic
"Author, Title" list lines (made-up words, every title different) with prose lines between
them that repeat earlier titles, some misspelt. The document-level rules compare text with
every title found, so time per line must stay flat as the number of distinct titles grows.

Usage::

    python benchmarks/extraction_speed.py [--mb 5] [--titles 10000]

It measures the installed bibkit (see the first line it prints), else the source tree.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The installed bibkit is measured, as users run it; the source tree only when none is installed.
sys.path.append(str(PROJECT_ROOT))

import bibkit  # noqa: E402
from bibkit import extract  # noqa: E402


def dev_corpus() -> str:
    """All dev texts joined; exits with a clear message when the shared data is absent."""
    shared = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    folder = shared / "data" / "mentions"
    if not folder.is_dir():
        sys.exit(f"dev texts not found at {folder}; set BIBKIT_SHARED_DIR to the shared data folder")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt files in {folder}")
    return "\n\n".join(texts)


def build(seed: str, megabytes: float) -> str:
    size = int(megabytes * 1_000_000)
    return (seed + "\n\n") * (size // (len(seed) + 2) + 1)


def build_shuffled(seed: str, megabytes: float, rng_seed: int = 1) -> str:
    """``megabytes`` of the paragraphs of ``seed``, reshuffled in every round."""
    paragraphs = [p for p in seed.split("\n\n") if p.strip()]
    rng = random.Random(rng_seed)
    size = int(megabytes * 1_000_000)
    out: list[str] = []
    total = 0
    while total < size:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            out.append(p)
            total += len(p) + 2
    return "\n\n".join(out)


def pathological_line(size: int = 1_000_000) -> str:
    """One line mixing everything the patterns anchor on, with no newline to stop them."""
    unit = "The Book of Names by Ann Lee's \"Red *Title 'Of* The\" [Link](http://x) and Ab, Cd: Ef - Gh "
    return (unit * (size // len(unit) + 1))[:size]


_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
_TITLE_SHAPES = (
    "The {0} of {1}",
    "{0} and {1}",
    "A {0} for the {1} {2}",
    "{0} {1}: A History of {2}",
    "The Last {0} in {1}",
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _misspell(title: str, rng: random.Random) -> str:
    """One letter dropped from one of the longer words (a typical slip when typing a title)."""
    ws = title.split(" ")
    long_words = [i for i, w in enumerate(ws) if len(w) > 4]
    if not long_words:
        return title
    i = rng.choice(long_words)
    j = rng.randrange(1, len(ws[i]) - 1)
    ws[i] = ws[i][:j] + ws[i][j + 1 :]
    return " ".join(ws)


def distinct_titles(count: int, seed: int = 3) -> str:
    """``count`` list lines "- Author, Title" naming distinct books, with a prose line after every
    fifth entry that repeats an earlier title, misspelt every other time."""
    rng = random.Random(seed)
    seen: set[str] = set()
    titles: list[str] = []
    out: list[str] = []
    while len(titles) < count:
        shape = rng.choice(_TITLE_SHAPES)
        title = shape.format(_word(rng), _word(rng), _word(rng))
        if title in seen:
            continue
        seen.add(title)
        titles.append(title)
        out.append(f"- {_word(rng)} {_word(rng)}, {title}")
        if len(titles) % 5 == 0:
            earlier = rng.choice(titles)
            if len(titles) % 10 == 0:
                earlier = _misspell(earlier, rng)
            out.append("")
            out.append(f"Somebody upthread mentioned {earlier} and it was a good read for me.")
            out.append("")
    return "\n".join(out) + "\n"


def timed(text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = len(extract(text))
    return time.perf_counter() - t0, n


def peak_memory(text: str) -> int:
    tracemalloc.start()
    extract(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the large input in MB (default 5)")
    parser.add_argument(
        "--titles", type=int, default=10_000, help="distinct titles in the larger archive (default 10000)"
    )
    args = parser.parse_args(argv)
    seed = dev_corpus()
    where = Path(bibkit.__file__ or "").parent
    print(f"bibkit {bibkit.__version__} from {where}")
    extract("warm up: load the model and the name lists once")
    big = build(seed, args.mb)
    mb = len(big.encode("utf-8")) / 1_000_000
    seconds, found = timed(big)
    print(f"real text: {mb:.1f} MB in {seconds:.2f} s = {mb / seconds:.2f} MB/s ({found} mentions)")
    del big
    mixed = build_shuffled(seed, args.mb)
    xmb = len(mixed.encode("utf-8")) / 1_000_000
    xseconds, xfound = timed(mixed)
    print(
        f"shuffled paragraphs: {xmb:.1f} MB in {xseconds:.2f} s = {xmb / xseconds:.2f} MB/s "
        f"({xfound} mentions)"
    )
    del mixed
    line = pathological_line()
    pmb = len(line.encode("utf-8")) / 1_000_000
    pseconds, pfound = timed(line)
    print(f"pathological 1 MB line: {pseconds:.2f} s = {pmb / pseconds:.2f} MB/s ({pfound} mentions)")
    small, large = build(seed, 1.0), build(seed, 4.0)
    m_small, m_large = peak_memory(small), peak_memory(large)
    ratio = (m_large / len(large)) / (m_small / len(small))
    print(
        f"peak memory: {m_small / 1e6:.1f} MB for 1 MB input, {m_large / 1e6:.1f} MB for 4 MB input "
        f"(per input byte, 4 MB / 1 MB = {ratio:.2f}; 1.0 means linear)"
    )
    per_line: list[float] = []
    for count in (args.titles // 5, args.titles):
        catalogue = distinct_titles(count)
        cmb = len(catalogue.encode("utf-8")) / 1_000_000
        cseconds, cfound = timed(catalogue)
        per_line.append(cseconds / count)
        print(
            f"distinct titles: {count} in {cmb:.1f} MB, {cseconds:.2f} s = {cmb / cseconds:.2f} MB/s, "
            f"{cseconds / count * 1e6:.0f} µs per title ({cfound} mentions)"
        )
    ratio = per_line[1] / per_line[0]
    print(f"time per title, {args.titles} / {args.titles // 5} titles = {ratio:.2f} (1.0 means linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
