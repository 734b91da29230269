#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Generate the notebooks the export benchmark reads.

Run with Debian's /usr/bin/python3 (it has nbformat):

    /usr/bin/python3 bench/make_notebooks.py bench/out            # all of them
    /usr/bin/python3 bench/make_notebooks.py bench/out small large

Writes into the output directory:

    small.ipynb        20 cells                      (~30 KB)
    medium.ipynb       500 cells                     (~1 MB)
    large.ipynb        5,000 cells                   (~21 MB)
    huge-output.ipynb  one ~50 MB stream output      (~61 MB, ~1M lines)

Every notebook is nbformat 4.5 (cell ids) and written with nbformat.write, so the bytes
are exactly what Jupyter itself writes (indent=1, sorted keys, raw UTF-8, multi-line
strings split into lists of lines).  Content is mixed code/markdown (plus a few raw
cells) with stream outputs (stdout and stderr), execute_result text/plain + text/html,
display_data with real PNG images (built with zlib/struct, base64 as IPython stores
them) and the odd error traceback.  It also carries the things real notebooks carry and
a byte-exact writer must get right: non-ASCII text, emoji, ANSI escape codes, tqdm-style
progress bars, CR LF line endings, tabs, quotes and backslashes, empty sources, unexecuted
cells (execution_count null), cell metadata with tags and floats.

Outputs are stored the way Jupyter saves them: consecutive stream outputs of one name are
merged and carriage-return-overwritten text is gone.  That makes every notebook a fixed
point of `nbconvert --to notebook` (whose coalesce_streams preprocessor is always on and
would otherwise merge streams and drop text before a lone CR), so nbconvert's output is
byte-identical to its input and to what a faithful read-validate-write produces.

Generation is deterministic: every notebook has its own fixed seed and cell ids come
from that seed (not from uuid4), so the same nbformat version writes the same bytes
every time.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import struct
import sys
import time
import zlib

try:
    import nbformat
    from nbformat import v4
except ImportError:  # pragma: no cover - depends on the interpreter
    sys.exit("make_notebooks.py needs nbformat: run it with Debian's /usr/bin/python3")


# --------------------------------------------------------------------------------------
# Notebook recipes
# --------------------------------------------------------------------------------------
# markdown/raw: share of cells of that kind (the rest are code cells).
# unexecuted: share of code cells never run (execution_count null, no outputs).
# out_weights: relative weights of what an executed code cell prints.
# image: (min, max) width of the PNG plots, height is 3/4 of it; noise: share of
#        noisy (incompressible) rows, which sets how many bytes a plot costs.
RECIPES = {
    "small": dict(
        seed=20260101, cells=20, markdown=0.35, raw=0.0, unexecuted=0.1,
        out_weights=dict(none=2, stream=4, stderr=1, result=3, image=2, error=1,
                         progress=1, windows=0.5, multi=1),
        image=(48, 96), noise=0.35, html_rows=(3, 8), stream_lines=(1, 15),
    ),
    "medium": dict(
        seed=20260202, cells=500, markdown=0.3, raw=0.01, unexecuted=0.1,
        out_weights=dict(none=3, stream=5, stderr=1, result=4, image=2, error=0.3,
                         progress=0.5, windows=0.1, multi=1),
        image=(60, 100), noise=0.35, html_rows=(3, 12), stream_lines=(1, 20),
    ),
    "large": dict(
        seed=20260303, cells=5000, markdown=0.3, raw=0.005, unexecuted=0.08,
        out_weights=dict(none=2, stream=5, stderr=1, result=4, image=3, error=0.3,
                         progress=0.5, windows=0.1, multi=1.5),
        image=(66, 122), noise=0.6, html_rows=(4, 16), stream_lines=(2, 40),
    ),
}
HUGE = dict(seed=20260404, text_bytes=50_000_000)

ALL_NAMES = ["small", "medium", "large", "huge-output"]


# --------------------------------------------------------------------------------------
# PNG
# --------------------------------------------------------------------------------------
def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def make_png(rng: random.Random, width: int, height: int, noise: float) -> bytes:
    """A real 8-bit RGB PNG that looks vaguely like a plot: a white canvas with axes,
    a coloured curve and noisy (scatter-like) rows that do not compress."""
    colour = bytes(rng.choice([(31, 119, 180), (255, 127, 14), (44, 160, 44),
                               (214, 39, 40), (148, 103, 189)]))
    phase = rng.random() * 6.283
    freq = 1.0 + rng.random() * 3.0
    curve = [int((0.5 + 0.4 * _sin(phase + freq * x / width * 6.283)) * (height - 1))
             for x in range(width)]
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: None
        if rng.random() < noise:
            raw += rng.randbytes(width * 3)
            continue
        row = bytearray(b"\xff" * (width * 3))
        if y == height - 4:
            row[:] = b"\x20" * (width * 3)  # x axis
        row[9:12] = b"\x20\x20\x20"  # y axis
        for x in range(width):
            if abs(curve[x] - y) <= 1:
                row[x * 3:x * 3 + 3] = colour
        raw += row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + _png_chunk(b"IEND", b""))


def _sin(x: float) -> float:
    import math
    return math.sin(x)


def png_base64(png: bytes) -> str:
    # IPython stores images as b2a_base64(data).decode(): one line, trailing newline.
    return base64.b64encode(png).decode("ascii") + "\n"


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------
WORDS = ("the of model data value loss training result sample feature column index "
         "matrix vector estimate mean variance gradient batch epoch layer weight bias "
         "signal noise filter kernel series frame plot figure table query cache "
         "déjà-vu naïve café Zürich façade smörgåsbord Ελλάδα Москва 数据 分析 データ "
         "résumé coöperate").split()
EXTRA = ["🚀", "✅", "📈", "→", "≤", "α", "β", "µs", "°C", "—", "“quoted”", "½"]
NAMES = ["df", "x", "y", "model", "result", "data", "values", "frame", "arr", "series",
         "weights", "scores", "features", "labels", "batch", "tbl", "grid", "cfg"]
FUNCS = ["np.mean", "np.std", "pd.read_csv", "len", "sorted", "sum", "max", "min",
         "compute", "transform", "fit", "predict", "normalize", "aggregate"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(EXTRA))
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), f"`{rng.choice(NAMES)}`")
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def markdown_source(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.04:
        return ""  # empty markdown cell
    parts = []
    if rng.random() < 0.5:
        parts.append("#" * rng.randint(1, 3) + " " + sentence(rng, rng.randint(2, 6))[:-1])
    for _ in range(rng.randint(1, 3)):
        parts.append(" ".join(sentence(rng, rng.randint(6, 18))
                              for _ in range(rng.randint(1, 4))))
    r = rng.random()
    if r < 0.2:
        parts.append("\n".join(f"- {sentence(rng, rng.randint(3, 8))}"
                               for _ in range(rng.randint(2, 5))))
    elif r < 0.3:
        parts.append("$$\n\\frac{\\partial L}{\\partial w_{%d}} = \\sum_i \\left(y_i - "
                     "\\hat y_i\\right) x_{i%d}\n$$" % (rng.randint(0, 9), rng.randint(0, 9)))
    elif r < 0.38:
        rows = ["| name | value | note |", "|---|---:|---|"]
        for _ in range(rng.randint(2, 5)):
            rows.append(f"| {rng.choice(NAMES)} | {rng.uniform(-100, 100):.3f} | "
                        f"{rng.choice(WORDS)} |")
        parts.append("\n".join(rows))
    elif r < 0.45:
        parts.append(f"See [the docs](https://example.org/{rng.choice(NAMES)}?q=a&b=\"c\") "
                     f"and `C:\\\\Users\\\\{rng.choice(NAMES)}`.")
    text = "\n\n".join(parts)
    if rng.random() < 0.3:
        text += "\n"  # some sources end with a newline, most do not
    return text


def code_source(rng: random.Random) -> str:
    if rng.random() < 0.03:
        return ""
    lines = []
    if rng.random() < 0.15:
        lines.append("import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt")
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        a, b = rng.choice(NAMES), rng.choice(NAMES)
        if r < 0.3:
            lines.append(f"{a} = {rng.choice(FUNCS)}({b}, axis={rng.randint(0, 1)})")
        elif r < 0.45:
            lines.append(f"for i, {a} in enumerate({b}):\n    if i % {rng.randint(2, 9)} == 0:\n"
                         f"        print(f\"{{i}}\\t{{{a}!r}}\")")
        elif r < 0.55:
            lines.append(f"# {sentence(rng, rng.randint(3, 10))}")
        elif r < 0.65:
            lines.append(f"def {rng.choice(FUNCS).split('.')[-1]}_{rng.randint(0, 99)}({a}, "
                         f"{b}=None):\n    \"\"\"{sentence(rng, 5)}\"\"\"\n"
                         f"    return {a} * {rng.uniform(0, 10):.4f}")
        elif r < 0.75:
            lines.append(f"{a}[\"{rng.choice(WORDS)}\"] = {b}.apply(lambda v: v ** 2)")
        elif r < 0.85:
            lines.append(f"plt.plot({a}, {b}, label='{rng.choice(WORDS)}')\nplt.legend()")
        else:
            lines.append(f"print('{sentence(rng, rng.randint(2, 6))}', {a}.shape)")
    if rng.random() < 0.05:
        lines.append("%timeit " + rng.choice(NAMES) + ".sum()")
    if rng.random() < 0.1:
        lines.append("\tmixed_tabs = 'tab\\there'  # tab-indented line")
    return "\n".join(lines)


def stream_text(rng: random.Random, lo: int, hi: int) -> str:
    out = []
    for i in range(rng.randint(lo, hi)):
        r = rng.random()
        if r < 0.4:
            out.append(f"{i}\t{rng.choice(NAMES)}={rng.uniform(-1e3, 1e3):.6f}")
        elif r < 0.7:
            out.append(sentence(rng, rng.randint(2, 12)))
        elif r < 0.85:
            out.append(f"Epoch {i + 1}/{hi}: loss={rng.random():.4f} "
                       f"acc={rng.random():.4f} — {rng.randint(10, 999)}ms/step")
        else:
            out.append(repr([round(rng.gauss(0, 1), 4) for _ in range(rng.randint(3, 10))]))
    text = "\n".join(out)
    return text + "\n" if rng.random() < 0.9 else text


def html_table(rng: random.Random, rows: int, cols: int) -> tuple[str, str]:
    header = [rng.choice(WORDS) for _ in range(cols)]
    plain = ["    " + "  ".join(f"{h:>10}" for h in header)]
    html = ['<div>', '<style scoped>', '    .dataframe tbody tr th:only-of-type {',
            '        vertical-align: middle;', '    }', '', '    .dataframe thead th {',
            '        text-align: right;', '    }', '</style>',
            '<table border="1" class="dataframe">', '  <thead>',
            '    <tr style="text-align: right;">', '      <th></th>']
    html += [f"      <th>{h}</th>" for h in header]
    html += ['    </tr>', '  </thead>', '  <tbody>']
    for r in range(rows):
        vals = [f"{rng.gauss(0, 100):.4f}" if rng.random() < 0.8 else rng.choice(WORDS)
                for _ in range(cols)]
        plain.append(f"{r:<4}" + "  ".join(f"{v:>10}" for v in vals))
        html += ['    <tr>', f'      <th>{r}</th>']
        html += [f"      <td>{v}</td>" for v in vals]
        html += ['    </tr>']
    html += ['  </tbody>', '</table>', f'<p>{rows} rows × {cols} columns</p>', '</div>']
    plain.append(f"\n[{rows} rows x {cols} columns]")
    return "\n".join(plain), "\n".join(html)


ANSI_TB = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31m{ename}\x1b[0m                                 Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[{n}], line {line}\x1b[0m\n"
    "\x1b[1;32m----> {line}\x1b[0m \x1b[43m{name}\x1b[49m"
    "\x1b[43m[\x1b[49m\x1b[38;5;124m\"{key}\"\x1b[39m\x1b[43m]\x1b[49m\n",
    "\x1b[0;31m{ename}\x1b[0m: {evalue}",
]


def error_output(rng: random.Random, n: int) -> dict:
    ename = rng.choice(["KeyError", "ValueError", "ZeroDivisionError", "TypeError"])
    evalue = f"'{rng.choice(WORDS)}'" if ename == "KeyError" else sentence(rng, 5)
    tb = [t.format(ename=ename, evalue=evalue, n=n, line=rng.randint(1, 9),
                   name=rng.choice(NAMES), key=rng.choice(WORDS)) for t in ANSI_TB]
    return v4.new_output("error", ename=ename, evalue=evalue, traceback=tb)


def progress_text(rng: random.Random) -> str:
    """A finished tqdm bar as Jupyter saves it: the \\r-overwritten states are gone."""
    total = rng.randint(5, 400)
    return (f"100%|{'█' * 20}| {total}/{total} [00:{rng.randint(10, 59)}<00:00, "
            f"{rng.uniform(1, 99):.2f}it/s]\n")


def windows_text(rng: random.Random) -> str:
    """Output of a Windows subprocess (`!dir`): \\r\\n line endings survive as they are."""
    lines = [" Volume in drive C has no label.",
             f" Directory of C:\\Users\\{rng.choice(NAMES)}", ""]
    for _ in range(rng.randint(2, 8)):
        lines.append(f"2026-01-{rng.randint(1, 28):02d}  {rng.randint(0, 23):02d}:"
                     f"{rng.randint(0, 59):02d}    {rng.randint(0, 99999):>10,} "
                     f"{rng.choice(NAMES)}.csv")
    return "\r\n".join(lines) + "\r\n"


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same name, as Jupyter does before saving
    (and as nbconvert's always-on coalesce_streams does), so that these notebooks are
    fixed points of `nbconvert --to notebook`."""
    merged: list = []
    for o in outputs:
        if (merged and o.output_type == "stream" and merged[-1].output_type == "stream"
                and merged[-1].name == o.name):
            merged[-1].text += o.text
        else:
            merged.append(o)
    return merged


# --------------------------------------------------------------------------------------
# Notebook
# --------------------------------------------------------------------------------------
def new_id(rng: random.Random, used: set[str]) -> str:
    while True:
        cid = f"{rng.getrandbits(32):08x}"
        if cid not in used:
            used.add(cid)
            return cid


def notebook_metadata() -> dict:
    return {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py", "mimetype": "text/x-python", "name": "python",
            "nbconvert_exporter": "python", "pygments_lexer": "ipython3",
            "version": "3.11.2"},
    }


def cell_metadata(rng: random.Random) -> dict:
    md = {}
    r = rng.random()
    if r < 0.1:
        md["tags"] = sorted(rng.sample(["parameters", "hide-input", "slow", "todo", "skip"],
                                       rng.randint(1, 2)))
    elif r < 0.15:
        md["scrolled"] = True
    elif r < 0.2:
        md["collapsed"] = False
    elif r < 0.25:
        md["papermill"] = {"duration": round(rng.uniform(0, 30), 6), "exception": False,
                           "status": "completed",
                           "start_time": "2026-01-%02dT%02d:%02d:%02d.%06dZ"
                           % (rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                              rng.randint(0, 59), rng.randint(0, 999999))}
    return md


def make_outputs(rng: random.Random, recipe: dict, n: int) -> list:
    kinds, weights = zip(*recipe["out_weights"].items())
    kind = rng.choices(kinds, weights)[0]
    picks = [kind] if kind != "multi" else rng.choices(
        [k for k in kinds if k not in ("multi", "none", "error")],
        [w for k, w in zip(kinds, weights) if k not in ("multi", "none", "error")],
        k=rng.randint(2, 4))
    outputs = []
    for k in picks:
        if k == "none":
            continue
        if k == "stream":
            outputs.append(v4.new_output("stream", name="stdout",
                                         text=stream_text(rng, *recipe["stream_lines"])))
        elif k == "stderr":
            outputs.append(v4.new_output(
                "stream", name="stderr",
                text=f"/usr/lib/python3/dist-packages/{rng.choice(NAMES)}.py:"
                     f"{rng.randint(1, 999)}: FutureWarning: {sentence(rng, 8)}\n"
                     f"  {rng.choice(NAMES)} = {rng.choice(FUNCS)}(\"{rng.choice(WORDS)}\")\n"))
        elif k == "progress":
            outputs.append(v4.new_output("stream", name="stderr", text=progress_text(rng)))
        elif k == "windows":
            outputs.append(v4.new_output("stream", name="stdout", text=windows_text(rng)))
        elif k == "result":
            plain, html = html_table(rng, rng.randint(*recipe["html_rows"]), rng.randint(2, 7))
            outputs.append(v4.new_output("execute_result", execution_count=n,
                                         data={"text/plain": plain, "text/html": html}))
        elif k == "image":
            w = rng.randint(*recipe["image"])
            png = make_png(rng, w, w * 3 // 4, recipe["noise"])
            outputs.append(v4.new_output(
                "display_data",
                data={"image/png": png_base64(png),
                      "text/plain": f"<Figure size {w * 10}x{w * 15 // 2} with 1 Axes>"},
                metadata={} if rng.random() < 0.8 else {"needs_background": "light"}))
        elif k == "error":
            outputs.append(error_output(rng, n))
    # an execute_result must come last, at most once, as IPython would produce it
    results = [o for o in outputs if o.output_type == "execute_result"]
    outputs = [o for o in outputs if o.output_type != "execute_result"] + results[:1]
    return coalesce_streams(outputs)


def make_notebook(name: str) -> nbformat.NotebookNode:
    recipe = RECIPES[name]
    rng = random.Random(recipe["seed"])
    used: set[str] = set()
    nb = v4.new_notebook(metadata=notebook_metadata())
    count = 0
    for i in range(recipe["cells"]):
        r = rng.random()
        cid = new_id(rng, used)
        if i == 0 or r < recipe["markdown"]:
            nb.cells.append(v4.new_markdown_cell(
                source=markdown_source(rng) if i else f"# Notebook {name} — benchmark ✨",
                id=cid, metadata=cell_metadata(rng) if rng.random() < 0.2 else {}))
        elif r < recipe["markdown"] + recipe["raw"]:
            nb.cells.append(v4.new_raw_cell(source=sentence(rng, 10), id=cid,
                                            metadata={"format": "text/restructuredtext"}))
        else:
            src = code_source(rng)
            md = cell_metadata(rng)
            if rng.random() < recipe["unexecuted"] or not src:
                nb.cells.append(v4.new_code_cell(source=src, id=cid, metadata=md,
                                                 execution_count=None, outputs=[]))
                continue
            count += 1
            nb.cells.append(v4.new_code_cell(source=src, id=cid, metadata=md,
                                             execution_count=count,
                                             outputs=make_outputs(rng, recipe, count)))
    return nb


def make_huge_output() -> nbformat.NotebookNode:
    """One code cell whose single stream output is ~50 MB of ~50-byte lines."""
    rng = random.Random(HUGE["seed"])
    used: set[str] = set()
    nb = v4.new_notebook(metadata=notebook_metadata())
    nb.cells.append(v4.new_markdown_cell(
        source="# A runaway training log\n\nThe cell below printed every step.",
        id=new_id(rng, used)))
    lines = []
    size = 0
    step = 0
    target = HUGE["text_bytes"]
    rnd = rng.random
    while size < target:
        step += 1
        r = rnd()
        if r < 0.9:
            line = f"step {step:07d} loss={rnd():.6f} lr={rnd() * 1e-3:.2e} gn={rnd() * 9:.3f} ok\n"
        elif r < 0.98:
            line = f"step {step:07d} eval acc={rnd():.4f} f1={rnd():.4f}\n"
        else:
            line = f"step {step:07d} checkpoint → ckpt-{step // 1000:04d}.pt ✓\n"
        lines.append(line)
        size += len(line.encode("utf-8"))
    text = "".join(lines)
    del lines
    nb.cells.append(v4.new_code_cell(
        source="for step, batch in enumerate(loader):\n    loss = train_step(batch)\n"
               "    print(f\"step {step:07d} loss={loss:.6f} lr={sched.lr:.2e} ok\")",
        id=new_id(rng, used), execution_count=1,
        outputs=[v4.new_output("stream", name="stdout", text=text)]))
    nb.cells.append(v4.new_code_cell(source="len(loader)", id=new_id(rng, used),
                                     execution_count=2,
                                     outputs=[v4.new_output("execute_result", execution_count=2,
                                                            data={"text/plain": str(step)})]))
    return nb


def write(nb: nbformat.NotebookNode, path: str) -> None:
    tmp = path + ".tmp"
    nbformat.write(nb, tmp, version=4)
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", help="directory to write the notebooks into")
    ap.add_argument("names", nargs="*", metavar="NAME",
                    help=f"which notebooks to write (default: all of {', '.join(ALL_NAMES)})")
    ap.add_argument("--if-missing", action="store_true",
                    help="skip notebooks whose file already exists")
    args = ap.parse_args(argv)
    unknown = [n for n in args.names if n not in ALL_NAMES]
    if unknown:
        ap.error(f"unknown notebook(s) {', '.join(unknown)}; choose from {', '.join(ALL_NAMES)}")
    os.makedirs(args.outdir, exist_ok=True)
    for name in args.names or ALL_NAMES:
        path = os.path.join(args.outdir, name + ".ipynb")
        if args.if_missing and os.path.exists(path):
            continue
        t0 = time.perf_counter()
        nb = make_huge_output() if name == "huge-output" else make_notebook(name)
        write(nb, path)
        print(f"wrote {path}: {len(nb.cells)} cells, {os.path.getsize(path) / 1e6:.2f} MB "
              f"in {time.perf_counter() - t0:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
