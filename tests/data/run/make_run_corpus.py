# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
#
# Regenerates the notebooks under tests/data/run/ that tst_runcommand executes twice — with
# `cumulus run` and with `/usr/bin/python3 -m nbconvert --to notebook --execute` — and
# compares (timing metadata dropped, binary image payloads replaced by a placeholder).
#
#   cd /work/main && /usr/bin/python3 tests/data/run/make_run_corpus.py
#
# (Debian 12's python3-nbformat 5.5.0; the python3 first on PATH may lack nbformat.)
#
# Each notebook is nbformat 4.5 with fixed cell ids, so rerunning the script gives the same
# bytes. Outputs are empty: both runners make them. The cells avoid anything that differs
# between two runs of the same kernel (times, pids, addresses, random ids, the working
# directory), and write to stdout/stderr with explicit flushes where their order matters
# (ipykernel flushes each stream on its own timer otherwise).
#
# errors.ipynb raises; the test runs it with --allow-errors on both sides (nbconvert writes
# nothing at all when a cell fails without it).

import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

# A 4x3 RGB PNG made with zlib by the cell itself, so no imaging library is needed.
PNG_CELL = r'''import struct, zlib
from IPython.display import Image, display

def png(width, height, pixel):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width))
                   for y in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))

data = png(4, 3, lambda x, y: (x * 60, y * 80, 200))
display(Image(data=data))
Image(data=data, width=40)'''

NOTEBOOKS = {
    "prints": [
        ("code", 'print("hello")'),
        ("code", 'print("one")\nprint("two")\nprint("three", end="")'),
        ("code", "1 + 1"),
        ("code", "x = 5"),
        ("code", "x * 2"),
        ("code", ""),
        ("code", "   \n\n"),
        ("markdown", "# Not code\nLeft alone."),
        ("code", 'print("must not run")', {"tags": ["skip-execution"]}),
        ("code", "None"),
        ("code", "3;"),
        ("code", 'print()\nprint("after a blank line")\nx'),
        ("code", 'print("a", "b", sep="-", end="!\\n")\n"last value"'),
    ],
    "streams": [
        ("code", "import sys\n"
                 "for i in range(3):\n"
                 '    print(f"out {i}"); sys.stdout.flush()\n'
                 '    print(f"err {i}", file=sys.stderr); sys.stderr.flush()'),
        ("code", 'import sys\nsys.stderr.write("only stderr\\n"); sys.stderr.flush()'),
        ("code", 'print("no newline at the end", end="")'),
        ("code", 'for i in range(2000):\n    print(f"line {i:04d}")'),
        ("code", 'import sys\nprint("x", end="", flush=True)\n'
                 'sys.stderr.write("y\\n"); sys.stderr.flush()\nprint("z")'),
        ("code", 'print("tab\\there and \\x1b[31mANSI red\\x1b[0m and a bell\\x07")'),
    ],
    "progress": [
        ("code", "import sys\n"
                 "for i in range(0, 101, 10):\n"
                 '    sys.stdout.write(f"\\rProgress: {i:3d}%"); sys.stdout.flush()\n'
                 'print()\nprint("done")'),
        ("code", "import sys\n"
                 "for i in range(5):\n"
                 "    sys.stdout.write(f'\\r[{\"#\" * i}{\".\" * (4 - i)}]'); sys.stdout.flush()\n"
                 'sys.stdout.write("\\n")'),
        ("code", 'print("ends with a carriage return\\r", end="")'),
        ("code", 'print("crlf line\\r")\nprint("next")'),
        ("code", 'print("abc\\rX")\nprint("one\\rtwo\\rthree")'),
        ("code", 'import sys\nsys.stdout.write("partial"); sys.stdout.flush()\n'
                 'sys.stdout.write("\\roverwritten\\n"); sys.stdout.flush()'),
        ("code", 'print("back\\bspace kept")'),
        ("code", "import sys\n"
                 "for i in range(3):\n"
                 '    sys.stderr.write(f"\\rerr {i}"); sys.stderr.flush()\n'
                 '    sys.stdout.write(f"\\rout {i}"); sys.stdout.flush()\n'
                 'print()'),
    ],
    "display": [
        ("code", "from IPython.display import display, update_display, clear_output, HTML, Markdown\n"
                 'handle = display("initial", display_id=True)\n'
                 'print("between")'),
        ("code", 'handle.update("updated from a later cell")'),
        ("code", 'display(Markdown("**one**"), display_id="fixed")\n'
                 'display(HTML("<b>two</b>"), display_id="fixed")'),
        ("code", 'update_display(HTML("<i>both replaced</i>"), display_id="fixed")\n'
                 'print("update_display adds no output")'),
        ("code", "for i in range(5):\n"
                 "    clear_output(wait=True)\n"
                 '    print(f"step {i}")'),
        ("code", 'print("gone")\nclear_output()\nprint("kept")'),
        ("code", 'print("stays: nothing follows the wait")\nclear_output(wait=True)'),
        ("code", 'display({"text/plain": "raw bundle", "text/html": "<p>raw bundle</p>"}, raw=True)'),
        ("code", 'h = display(HTML("<p>v1</p>"), display_id="late")\n'
                 'h.update(HTML("<p>v2</p>"))\n'
                 '"result after display"'),
        ("code", 'display("a", "b", 3)'),
    ],
    "rich": [
        ("code", 'from IPython.display import HTML, Markdown, JSON, Latex, SVG, display\n'
                 'HTML("<h3>Title</h3><p>para &amp; more</p>")'),
        ("code", 'Markdown("# Heading\\n\\n- a\\n- *b*")'),
        ("code", 'JSON({"a": [1, 2.5, None, True], "b": {"c": "d"}})'),
        ("code", 'display(Latex(r"$\\alpha + \\beta$"))'),
        ("code", 'SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                 '<rect width="10" height="10" fill="red"/></svg>\')'),
        ("code", PNG_CELL),
        ("code", "rows = [(\"alpha\", 1, 0.5), (\"beta\", 22, 1.25), (\"gamma\", 333, -3.0)]\n"
                 "head = \"<tr><th>name</th><th>n</th><th>x</th></tr>\"\n"
                 "body = \"\".join(f\"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>\" "
                 "for a, b, c in rows)\n"
                 "HTML(f\"<table>{head}{body}</table>\")"),
        ("code", "class Rich:\n"
                 "    def _repr_html_(self):\n"
                 '        return "<em>rich</em>"\n'
                 "    def _repr_markdown_(self):\n"
                 '        return "*rich*"\n'
                 "    def __repr__(self):\n"
                 '        return "Rich()"\n'
                 "Rich()"),
        ("code", '{"dict": [1, 2, 3], "nested": {"k": "v"}}'),
    ],
    "errors": [
        ("code", 'print("before")'),
        ("code", "1 / 0"),
        ("code", 'print("after the error")'),
        ("code", 'print("partial output", flush=True)\nraise ValueError("bad value ü")'),
        ("code", "import nosuchmodule_cumulus"),
        ("code", "def f(\n    pass"),
        ("code", '"still running"'),
    ],
    "unicode": [
        ("markdown", "Ünïcödé markdown: 日本語, emoji 🎉, RTL שלום"),
        ("code", 'print("héllo wörld ✓ 日本語 🎉 שלום")'),
        ("code", "s = \"naïve café — “quotes” ‘single’ …\"\nprint(s)\nlen(s)"),
        ("code", '"emoji 🎉 and a combining e\\u0301"'),
        ("code", 'import sys\nsys.stderr.write("stderr: ∑ ∫ √ ∞\\n"); sys.stderr.flush()'),
        ("code", '{"ключ": "значение", "鍵": ["值", "🎈"]}'),
        ("code", 'print("\\u2028 line separator and \\u00a0 nbsp")'),
        ("code", "# ＃ full-width comment, nothing printed\nπ = 3.14159\nπ"),
    ],
}


# nbformat 4.0 has no cell ids: the runner must still run every cell, in order.
OLD_FORMAT = {
    "oldformat": [
        ("markdown", "An nbformat 4.0 notebook: cells without ids"),
        ("code", "x = 6 * 7\nprint('first', x)"),
        ("code", "print('second', x + 1)"),
        ("code", "x * 2"),
    ],
}


def make(name, cells, minor=None):
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    }
    for index, spec in enumerate(cells):
        kind, source = spec[0], spec[1]
        metadata = spec[2] if len(spec) > 2 else {}
        maker = new_code_cell if kind == "code" else new_markdown_cell
        cell = maker(source=source, metadata=metadata)
        if minor is None:
            cell.id = f"{name}-{index}"
        else:
            del cell["id"]
        nb.cells.append(cell)
    if minor is not None:
        nb.nbformat_minor = minor
    nbformat.validate(nb)
    with open(os.path.join(HERE, name + ".ipynb"), "w", encoding="utf-8") as f:
        nbformat.write(nb, f)


def main():
    for name, cells in NOTEBOOKS.items():
        make(name, cells)
    for name, cells in OLD_FORMAT.items():
        make(name, cells, minor=0)


if __name__ == "__main__":
    main()
