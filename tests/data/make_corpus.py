# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
#
# Regenerates the notebook corpus under tests/data/notebooks/ that tst_nbformatio reads.
#
#   cd /work/main && /usr/bin/python3 tests/data/make_corpus.py
#
# (Debian 12's python3-nbformat 5.5.0 and python3-nbclient 0.7; the python3 first on PATH may
# lack nbformat, hence /usr/bin/python3.)
#
# What it writes:
#   notebooks/jupyter/   real Jupyter-written notebooks, copied verbatim from nbclient's tests
#   notebooks/versions/  one notebook per format version, written with nbformat's own API
#                        (v3 with nbformat.v3, v4.0-4.5 with nbformat.v4) plus hand-written
#                        v3 oddities and a notebook from a future 4.x minor
#   notebooks/features/  valid 4.x notebooks that stress the reader/writer: attachments,
#                        every str.splitlines separator, unicode, control characters, numbers
#                        of every magnitude and spelling, unknown keys, unsplit strings
#   notebooks/warnings/  notebooks nbformat reads with schema warnings only
#   notebooks/broken/    damaged files: most are refused, a few are repaired or read with
#                        warnings exactly as nbformat does
#   notebooks/manifest.json  what tst_nbformatio expects of every file (see below)
#
# manifest.json maps each corpus path (relative to notebooks/) to
#   {"expect": "ok"}        nbformat reads it without a word; Cumulus must give no warnings
#   {"expect": "warnings", "paths": [...]}
#                           nbformat reads it but reports schema problems (or repairs ids);
#                           Cumulus must warn, naming every listed JSON path
#   {"expect": "error", "path": "...", "line": N}
#                           nbformat refuses it; Cumulus must refuse it with one error naming
#                           the file, the JSON path (when given) and the line (when given)
# The test cross-checks every "expect" against what Debian's nbformat actually does, so a
# wrong manifest entry shows up as a test failure, not as a silently weaker test.
#
# Nothing here is random: v4.5 cells get fixed ids, so rerunning the script gives the same
# bytes (nbformat itself invents ids when it upgrades v3 or repairs 4.5; the test compares
# those by shape only).

import base64
import json
import os
import shutil
import struct
import sys
import zlib

import nbformat
from nbformat import v3, v4

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "notebooks")
NBCLIENT_FILES = "/usr/lib/python3/dist-packages/nbclient/tests/files"

manifest = {}


def path_of(rel):
    full = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write_bytes(rel, data, expect):
    with open(path_of(rel), "wb") as f:
        f.write(data)
    manifest[rel] = expect


def write_text(rel, text, expect):
    write_bytes(rel, text.encode("utf-8"), expect)


def write_json(rel, obj, expect, **dump_args):
    """Hand-written JSON, deliberately not in nbformat's layout (the writer must normalise it)."""
    dump_args.setdefault("ensure_ascii", True)
    write_text(rel, json.dumps(obj, **dump_args) + "\n", expect)


OK = {"expect": "ok"}


def write_nb(rel, nb, expect=None):
    """Writes with nbformat's own writer, as Jupyter saves files; checks validity first."""
    if expect is None:
        expect = {"expect": "ok"}
    if expect["expect"] == "ok":
        nbformat.validate(nb)  # raises on a schema problem: "ok" files must be clean
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"  # what nbformat.write() adds
    write_text(rel, text, expect)


def warn(*paths):
    return {"expect": "warnings", "paths": list(paths)}


def error(path=None, line=None):
    entry = {"expect": "error"}
    if path is not None:
        entry["path"] = path
    if line is not None:
        entry["line"] = line
    return entry


def tiny_png(width=2, height=2, rgb=(255, 0, 0)):
    """A valid PNG made here so that the corpus stays small and deterministic."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    return base64.b64encode(png).decode("ascii")


PNG = tiny_png()
# base64 wrapped at 76 columns with newlines, as old writers (and v3's encodebytes) stored it
PNG_WRAPPED = base64.encodebytes(base64.b64decode(tiny_png(16, 16, (0, 128, 255)))).decode("ascii")
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">\n'
    '  <circle cx="10" cy="10" r="8" fill="teal"/>\n'
    "</svg>\n"
)
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.2",
}


# --------------------------------------------------------------------------------------------
# jupyter/: real notebooks written by Jupyter (nbclient's test files, BSD-3-Clause)


# Output.ipynb's kernelspec lacks display_name: nbformat reads it with a schema error.
NBCLIENT_EXPECT = {"Output.ipynb": {"expect": "warnings", "paths": ["metadata.kernelspec"]}}


def copy_nbclient():
    for name in sorted(os.listdir(NBCLIENT_FILES)):
        if not name.endswith(".ipynb"):
            continue
        rel = "jupyter/" + name
        shutil.copyfile(os.path.join(NBCLIENT_FILES, name), path_of(rel))
        manifest[rel] = NBCLIENT_EXPECT.get(name, OK)


# --------------------------------------------------------------------------------------------
# versions/


def make_v3():
    """Everything v3 had that v4 renamed: worksheets, heading cells, input/prompt_number,
    pyout/pyerr, stream.stream, the png/text/html/json/... aliases, collapsed, language."""
    ws1 = v3.new_worksheet(
        name="first",
        cells=[
            v3.new_heading_cell("A v3 notebook", level=1),
            v3.new_heading_cell("Two\nlines", level=3),
            v3.new_text_cell("markdown", source="Some *markdown*\nwith two lines\n"),
            v3.new_code_cell(
                input="print('hi')\n1 + 1",
                prompt_number=1,
                collapsed=True,
                outputs=[
                    v3.new_output("stream", output_text="hi\n", stream="stdout"),
                    v3.new_output("stream", output_text="careful\n", stream="stderr"),
                    v3.new_output(
                        "pyout",
                        output_text="2",
                        output_html="<b>2</b>\n<i>two</i>",
                        output_latex="$2$",
                        output_json='{"value": 2, "list": [1, 2.5, "x"]}',
                        prompt_number=1,
                    ),
                ],
            ),
            v3.new_code_cell(
                input="display(image)",
                prompt_number=2,
                outputs=[
                    v3.new_output(
                        "display_data",
                        output_png=PNG,
                        output_jpeg=PNG,  # not a JPEG; only the alias matters here
                        output_svg=SVG,
                        output_text="<Figure>",
                        output_javascript="console.log('hi');\nconsole.log('there');",
                        metadata={"png": {"width": 2, "height": 2}},
                    )
                ],
            ),
            v3.new_code_cell(
                input="1/0",
                prompt_number=3,
                outputs=[
                    v3.new_output(
                        "pyerr",
                        ename="ZeroDivisionError",
                        evalue="division by zero",
                        traceback=[
                            "\x1b[0;31m-----------------------------------\x1b[0m",
                            "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
                        ],
                    )
                ],
            ),
            v3.new_code_cell(input="", prompt_number=None),
        ],
    )
    ws2 = v3.new_worksheet(
        cells=[
            v3.new_text_cell("raw", source="raw text\n\nkept as is"),
            v3.new_text_cell("markdown", source="second worksheet, flattened"),
        ]
    )
    nb = v3.new_notebook(
        name="old notebook",
        metadata=v3.new_metadata(name="old notebook", authors=[v3.new_author(name="Ada")]),
        worksheets=[ws1, ws2],
    )
    nb.metadata.signature = "sha256:0123456789abcdef"  # dropped on upgrade
    nb.metadata.kernelspec = dict(KERNELSPEC)
    text = nbformat.writes(nb) + "\n"
    write_text("versions/v3.ipynb", text, OK)

    # v3 as IPython 1.x wrote it before splitlines(True): lines without their newlines,
    # which nbformat's v3 reader joins with "\n"; a v3 html cell becomes markdown.
    old = {
        "metadata": {"name": ""},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "code", "collapsed": False, "input": ["a = 1", "b = 2"],
                     "language": "python", "metadata": {},
                     "outputs": [{"output_type": "stream", "text": ["no stream key", "so stdout"]}],
                     "prompt_number": 4},
                    {"cell_type": "html", "metadata": {}, "source": ["<p>old html cell</p>"]},
                    {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["Heading"]},
                    {"cell_type": "heading", "metadata": {}, "source": "no level means 1"},
                ],
                "metadata": {},
            }
        ],
    }
    write_json("versions/v3-old-lines.ipynb", old, OK, indent=2)


def v4_cells(minor):
    """Cells using what the schema of 4.minor allows (ids only from 4.5)."""
    md = v4.new_markdown_cell("# Version 4.%d\n\nA *markdown* cell.\n" % minor)
    code = v4.new_code_cell(
        "import sys\nprint(sys.version)\nsys.version_info",
        execution_count=1,
        outputs=[
            v4.new_output("stream", name="stdout", text="3.11.2 (main)\n[GCC 12.2.0]\n"),
            v4.new_output(
                "execute_result",
                data={"text/plain": "sys.version_info(major=3, minor=11)"},
                execution_count=1,
            ),
        ],
    )
    raw = v4.new_raw_cell("raw *text*\n", metadata={"format": "text/restructuredtext"})
    err = v4.new_code_cell(
        "raise ValueError('x')",
        execution_count=2,
        outputs=[
            v4.new_output(
                "error",
                ename="ValueError",
                evalue="x",
                traceback=["Traceback (most recent call last)", "ValueError: x"],
            )
        ],
    )
    disp = v4.new_code_cell(
        "display(svg)",
        execution_count=None,
        outputs=[
            v4.new_output(
                "display_data",
                data={"image/svg+xml": SVG, "text/plain": "<IPython.core.display.SVG object>"},
                metadata={"image/svg+xml": {"isolated": True}},
            )
        ],
    )
    cells = [md, code, raw, err, disp]
    if minor >= 1:
        code.metadata.tags = ["tagged", "example"]
        md.metadata.name = "intro"
    if minor >= 3:
        code.metadata.jupyter = {"source_hidden": False, "outputs_hidden": True}
        md.metadata.jupyter = {"source_hidden": True}
    if minor >= 4:
        code.metadata.execution = {
            "iopub.execute_input": "2023-01-16T10:00:00.000001Z",
            "iopub.status.busy": "2023-01-16T10:00:00.000000Z",
            "iopub.status.idle": "2023-01-16T10:00:00.120000Z",
            "shell.execute_reply": "2023-01-16T10:00:00.110000Z",
        }
        code.metadata.collapsed = False
        code.metadata.scrolled = "auto"
    for index, cell in enumerate(cells):
        if minor >= 5:
            cell.id = "cell-%d-v4%d" % (index, minor)
        else:
            del cell["id"]
    return cells


def make_v4():
    for minor in range(0, 6):
        metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
        if minor >= 2:
            metadata["title"] = "Version 4.%d" % minor
            metadata["authors"] = [{"name": "Grace"}, {"name": "Ada", "affiliation": "x"}]
        nb = v4.new_notebook(metadata=metadata)
        # set after new_notebook(), whose 4.5 validation would give the cells ids
        nb.nbformat_minor = minor
        nb.cells = v4_cells(minor)
        write_nb("versions/v4.%d.ipynb" % minor, nb)

    # A notebook from a future 4.x minor: nbformat relaxes additionalProperties and accepts
    # unknown cell and output types, and writes everything back untouched.
    future = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": "future-1",
             "metadata": {}, "new_cell_key": [1, 2],
             "outputs": [{"output_type": "hologram", "data": {"text/plain": ["a\n", "b"]},
                          "text": ["x\n", "y"]}],
             "source": ["x = 1\n", "y = 2"]},
            {"cell_type": "whiteboard", "id": "future-2", "metadata": {}, "source": "ink",
             "strokes": [[0, 0], [1, 1]]},
        ],
        "metadata": {"kernelspec": dict(KERNELSPEC), "new_top_meta": {"a": 1}},
        "nbformat": 4,
        "nbformat_minor": 9,
        "new_top_level_key": True,
    }
    write_json("versions/v4.9-future.ipynb", future, OK, indent=1, sort_keys=True)


# --------------------------------------------------------------------------------------------
# features/

SEPARATORS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
              "\u2029"]


def make_features():
    # Attachments: a markdown cell showing an image/png attachment, plus a raw cell with one.
    md = v4.new_markdown_cell(
        "An attached image:\n\n![dot.png](attachment:dot.png)\n",
        attachments={
            "dot.png": {"image/png": PNG},
            "notes.txt": {"text/plain": "first line\nsecond line\n"},
        },
    )
    md.id = "attach-md"
    raw = v4.new_raw_cell("raw with attachment", attachments={"wrapped.png": {"image/png": PNG_WRAPPED}})
    raw.id = "attach-raw"
    nb = v4.new_notebook(cells=[md, raw], metadata={"kernelspec": dict(KERNELSPEC)})
    write_nb("features/attachments.ipynb", nb)

    # Every str.splitlines() separator inside sources, stream text, mime text and attachment
    # text, with unicode, emoji, combining marks and control characters around them.
    all_seps = "".join("line%d%s" % (i, sep) for i, sep in enumerate(SEPARATORS)) + "no newline at end"
    unicode_text = (
        "Grüße, 你好, مرحبا, שלום, Ελληνικά, русский\n"
        "emoji: 😀 👩‍💻 🇫🇷 👍🏽 and e\u0301 (combining)\n"
        "astral: \U00010348 \U0010FFFF, BMP edge: \uFFFD \uFFFF, zero-width: a\u200bb, BOM: \ufeff\n"
        "controls: \x00 \x01 \x07 \b \t \x1b[31mred\x1b[0m \x7f \x9f end\n"
        'quotes " and \\ backslash / slash </script>\n'
    )
    cells = []
    c = v4.new_code_cell(all_seps, execution_count=1)
    c.outputs = [
        v4.new_output("stream", name="stdout", text=all_seps),
        v4.new_output("stream", name="stderr", text="progress 10%\rprogress 50%\rprogress 100%\r\n"),
        v4.new_output(
            "display_data",
            data={
                "text/plain": all_seps,
                "text/html": "<p>" + all_seps + "</p>",
                "text/markdown": "only\r\ncarriage\rreturns",
                "application/javascript": "a();\u2028b();\nc();",
                "image/svg+xml": "<svg>\x85</svg>\n<!-- -->",
                "text/x-custom": "\n\n\n",
                "application/x-not-split": "not\nsplit\nbecause\nnot text",
            },
        ),
    ]
    cells.append(c)
    cells.append(v4.new_markdown_cell(unicode_text))
    cells.append(v4.new_raw_cell(""))  # empty source is written as []
    cells.append(v4.new_markdown_cell("\n"))
    cells.append(v4.new_markdown_cell("\r\n\r\n"))
    cells.append(v4.new_markdown_cell("trailing\r"))
    cells.append(v4.new_code_cell("\x0c\x0b\x1c\x1d\x1e\x85\u2028\u2029", execution_count=None))
    for i, cell in enumerate(cells):
        cell.id = "text-%d" % i
    nb = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": dict(KERNELSPEC),
            "unicode_keys": {"b": 1, "a": 2, "é": 3, "Z": 4, "😀": 5, "\uffff": 6, "ß": 7, "": 8,
                             "\x7f": 9, "A b": 10, "a\nb": 11},
            "text": unicode_text,
            "seps": all_seps,
        },
    )
    write_nb("features/text-edge-cases.ipynb", nb)

    # Floats of many magnitudes as Python writes them (repr), plus ints and other scalars.
    floats = [1e-05, 0.0001, 0.001, 0.1, 0.5, 1.0, 1.5, 10.0, 123.456, 1e15, 1e16, 1e17,
              1.7976931348623157e308, 1e300, 1e-300, 5e-324, 2.2250738585072014e-308, -0.0,
              -1e-7, 3.141592653589793, 2.5e-5, 1 / 3, 100000.0, 1234567890123456.7,
              9007199254740993.0, 0.30000000000000004, 4.35, 1e22, 1e21, 1e-5 * 3]
    ints = [0, 1, -1, 2**31, -2**31 - 1, 2**53 + 1, 2**63 - 1, -2**63]
    c = v4.new_code_cell("x = 1.5", execution_count=7)
    c.id = "numbers"
    c.metadata.floats = floats
    c.outputs = [v4.new_output("execute_result", data={"text/plain": "1.5",
                                                       "application/json": {"floats": floats, "ints": ints}},
                               execution_count=7,
                               metadata={"application/json": {"expanded": False}})]
    nb = v4.new_notebook(
        cells=[c],
        metadata={"kernelspec": dict(KERNELSPEC), "floats": floats, "ints": ints,
                  "scalars": [True, False, None, "", [], {}],
                  "nested": {"deeper": {"deepest": {"x": [{"y": [[[]]]}]}}}},
    )
    write_nb("features/numbers.ipynb", nb)

    # Numbers spelled as other writers spell them: nbformat re-spells them the Python way.
    # 1E5 -> 100000.0, 1.50 -> 1.5, -0 -> 0, 1e400 -> Infinity, 1e-400 -> 0.0, huge -> exact int.
    text = (
        '{"cells": [], "metadata": {"spellings": [1E5, 1e+5, 1.50, -0, -0.0, 0e0, 1e400, -1e400, '
        '1e-400, 0.1e1, 10E-1, 123456789012345678901234567890, -98765432109876543210, '
        '18446744073709551615, 18446744073709551616, 12345678901234567890.0, '
        '1.00000000000000000000001, 2.9999999999999999, 1e-7, 1.0e-6]}, '
        '"nbformat": 4, "nbformat_minor": 5}\n'
    )
    write_text("features/number-spellings.ipynb", text, OK)

    # NaN and Infinity: not JSON, but Python's json reads and writes them.
    text = (
        '{"cells": [], "metadata": {"nan": NaN, "inf": Infinity, "ninf": -Infinity, '
        '"list": [NaN, 1.0, -Infinity]}, "nbformat": 4, "nbformat_minor": 4}\n'
    )
    write_text("features/nan-infinity.ipynb", text, OK)

    # Unknown keys nested everywhere the 4.5 schema allows them (metadata objects, mime
    # bundles, output metadata, widget state), plus odd but valid values.
    c = v4.new_code_cell("plot()", execution_count=3)
    c.id = "unknown-keys"
    c.metadata = {"vendor": {"x": [1, {"y": None}], "z": {}}, "tags": [], "collapsed": True}
    c.outputs = [
        v4.new_output("display_data",
                      data={"application/vnd.custom.v1+json": {"deep": {"list": [1, "a\nb", None]}},
                            "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2,
                                                                          "version_minor": 0},
                            "text/plain": "already\nsplit",
                            "application/json": ["a\n", "b"]},
                      metadata={"vendor": {"a": 1}, "needs_background": "light"}),
        v4.new_output("stream", name="stdout", text=""),
    ]
    nb = v4.new_notebook(
        cells=[c],
        metadata={"kernelspec": dict(KERNELSPEC), "vendor": {"nested": {"list": [[], [[]], {}]}},
                  "widgets": {"application/vnd.jupyter.widget-state+json": {
                      "state": {"abc": {"model_name": "IntSliderModel", "state": {"value": 3}}},
                      "version_major": 2, "version_minor": 0}}},
    )
    write_nb("features/unknown-keys.ipynb", nb)

    # A file in nobody's layout: one line, unsorted keys, \u escapes, escaped slashes,
    # sources and texts as plain strings or as lists, image data split into lines, JSON mime
    # data as lists (which nbformat must leave alone), transient keys nbformat strips.
    messy = (
        '{"nbformat_minor":5,"nbformat":4,"metadata":{"z":1,"a":"caf\\u00e9 \\ud83d\\ude00 \\/",'
        '"signature":"sha256:strip-me","orig_nbformat":3,"orig_nbformat_minor":0,'
        '"kernelspec":{"name":"python3","display_name":"Python 3","language":"python"}},'
        '"cells":[{"source":"a = 1\\nb = 2\\n","outputs":[{"text":"one string\\nstream","name":"stdout",'
        '"output_type":"stream"},{"output_type":"display_data","metadata":{},'
        '"data":{"image/png":["iVBORw0KGgo=\\n","AAAA\\n"],"text/plain":"joined\\nstring",'
        '"application/json":["stays","a","list"],"application/vnd.x+json":["also","stays"],'
        '"text/html":["<b>\\n","</b>"]}}],"metadata":{"trusted":true,"keep":1},'
        '"id":"messy-1","execution_count":1,"cell_type":"code"},'
        '{"metadata":{},"cell_type":"markdown","id":"messy-2","source":["list\\n","of\\n","lines"]},'
        '{"metadata":{"trusted":false},"cell_type":"raw","id":"messy-3","source":[]}]}'
    )
    write_text("features/messy-layout.ipynb", messy, OK)

    # Valid but empty.
    write_nb("features/no-cells.ipynb", v4.new_notebook())
    write_text("features/minimal-4.0.ipynb",
               '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 0}', OK)
    # Keys repeated in one object: Python's json keeps the last one.
    write_text("features/duplicate-keys.ipynb",
               '{"cells": [], "metadata": {"a": 1, "a": 2, "kernelspec": {"name": "x", '
               '"display_name": "X", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}\n',
               OK)
    # CRLF line endings and tabs as JSON whitespace.
    write_bytes("features/crlf-layout.ipynb",
                b'{\r\n\t"cells": [\r\n\t\t{"cell_type": "markdown", "id": "crlf", '
                b'"metadata": {}, "source": ["a\\r\\n", "b"]}\r\n\t],\r\n\t"metadata": {},\r\n'
                b'\t"nbformat": 4,\r\n\t"nbformat_minor": 5\r\n}\r\n', OK)


# --------------------------------------------------------------------------------------------
# warnings/: nbformat reads these, logs schema errors, and writes the odd parts back as they are


def make_warnings():
    base_meta = {"kernelspec": dict(KERNELSPEC)}

    def nb44(cells, metadata=None, minor=4):
        return {"cells": cells, "metadata": metadata if metadata is not None else dict(base_meta),
                "nbformat": 4, "nbformat_minor": minor}

    # A cell id in a 4.4 notebook (ids only exist from 4.5): kept, not upgraded.
    write_json("warnings/id-in-4.4.ipynb",
               nb44([{"cell_type": "markdown", "id": "early-id", "metadata": {}, "source": ["hi"]}]),
               warn("cells[0].id"), indent=1)
    # metadata.kernelspec as a string instead of an object.
    write_json("warnings/kernelspec-string.ipynb",
               nb44([{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                      "source": "1"}], {"kernelspec": "python3"}),
               warn("metadata.kernelspec"), indent=1)
    # An id that breaks the 4.5 pattern ^[a-zA-Z0-9-_]+$ (and one that is too long): kept.
    write_json("warnings/illegal-id.ipynb",
               nb44([{"cell_type": "markdown", "id": "bad id!", "metadata": {}, "source": "x"},
                     {"cell_type": "markdown", "id": "x" * 65, "metadata": {}, "source": "y"}],
                    minor=5),
               warn("cells[0].id", "cells[1].id"), indent=1)
    # 4.5 cells without ids: nbformat invents them (with a MissingIDFieldWarning).
    write_json("warnings/missing-ids-4.5.ipynb",
               nb44([{"cell_type": "markdown", "metadata": {}, "source": "no id"},
                     {"cell_type": "markdown", "id": "has-id", "metadata": {}, "source": "id"},
                     {"cell_type": "raw", "metadata": {}, "source": "no id either"}], minor=5),
               warn("cells[0].id", "cells[2].id"), indent=1)
    # An unknown cell type and an unknown output type in 4.5 (allowed only in future minors).
    write_json("warnings/unknown-types.ipynb",
               nb44([{"cell_type": "sketch", "id": "u1", "metadata": {}, "source": ["a\n", "b"]},
                     {"cell_type": "code", "execution_count": 1, "id": "u2", "metadata": {},
                      "outputs": [{"output_type": "hologram", "text": ["x\n", "y"]}],
                      "source": "1"}], minor=5),
               warn("cells[0]", "cells[1].outputs[0]"), indent=1)
    # Values of the wrong type that nbformat's reader tolerates: kept exactly.
    write_json("warnings/wrong-value-types.ipynb",
               nb44([{"cell_type": "code", "execution_count": "3", "id": "w1", "metadata": {},
                      "outputs": [{"output_type": "stream", "name": "stdout", "text": 5},
                                  {"output_type": "execute_result", "execution_count": 1,
                                   "metadata": {}, "data": {"text/plain": ["a", 1]}}],
                      "source": 42},
                     {"cell_type": "markdown", "id": "w2", "metadata": {"tags": "not-a-list"},
                      "source": None}],
                    {"kernelspec": {"name": "python3"}, "language_info": []}, minor=5),
               warn("cells[0].execution_count", "cells[0].source", "metadata.kernelspec",
                    "metadata.language_info"), indent=1)
    # "outputs" as an empty object: nbformat iterates over it (no keys, so nothing to fail on)
    # and writes it back as {}. (A non-empty object is refused, see broken/.)
    write_json("warnings/outputs-empty-object.ipynb",
               nb44([{"cell_type": "code", "execution_count": None, "id": "o1", "metadata": {},
                      "outputs": {}, "source": ""}], minor=5),
               warn("cells[0].outputs"), indent=1)
    # Missing required keys that nbformat nevertheless reads (no nbformat_minor: read as 4.0
    # and written back without it; a stream without a name).
    write_json("warnings/missing-keys.ipynb",
               {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                           "outputs": [{"output_type": "stream", "text": "x"}], "source": ""}],
                "metadata": {}, "nbformat": 4},
               warn("nbformat_minor", "cells[0].outputs[0]"), indent=1)


# --------------------------------------------------------------------------------------------
# broken/


def make_broken():
    good = {"cells": [{"cell_type": "markdown", "id": "b1", "metadata": {}, "source": ["hello\n", "world"]}],
            "metadata": {"kernelspec": dict(KERNELSPEC)}, "nbformat": 4, "nbformat_minor": 5}
    good_text = json.dumps(good, indent=1, sort_keys=True) + "\n"

    write_bytes("broken/empty.ipynb", b"", error())
    write_text("broken/whitespace-only.ipynb", "  \n\n", error())
    # Cut in the middle of line 8 of the file.
    lines = good_text.splitlines(True)
    write_text("broken/truncated.ipynb", "".join(lines[:7]) + lines[7][:8], error(line=8))
    # A missing comma: the parser stops at the "metadata" key on line 4.
    write_text("broken/syntax-error.ipynb",
               '{\n "cells": [],\n "nbformat": 4\n "metadata": {},\n "nbformat_minor": 5\n}\n',
               error(line=4))
    # A stray "}" on the line after the notebook's closing brace.
    write_text("broken/trailing-garbage.ipynb", good_text + "}\n", error(line=len(lines) + 1))
    write_bytes("broken/invalid-utf8.ipynb",
                good_text.replace("hello", "hel\xfflo").encode("latin-1"), error())
    # Python opens files with encoding="utf-8", which keeps a BOM, and json.loads refuses it.
    write_bytes("broken/utf8-bom.ipynb", b"\xef\xbb\xbf" + good_text.encode("utf-8"), error())
    # A lone surrogate escape: Python reads it but cannot write it as UTF-8.
    write_text("broken/lone-surrogate.ipynb", good_text.replace("hello", "hel\\ud800lo"), error())
    write_text("broken/not-an-object.ipynb", "[1, 2, 3]\n", error())
    write_text("broken/string-top-level.ipynb", '"notebook"\n', error())
    write_text("broken/null-top-level.ipynb", "null\n", error())

    def variant(rel, expect, edit):
        nb = json.loads(good_text)
        edit(nb)
        write_json(rel, nb, expect, indent=1, sort_keys=True)

    variant("broken/unknown-major-5.ipynb", error("nbformat"), lambda nb: nb.update(nbformat=5))
    variant("broken/nbformat-string.ipynb", error("nbformat"), lambda nb: nb.update(nbformat="4"))
    variant("broken/no-cells.ipynb", error("cells"), lambda nb: nb.pop("cells"))
    variant("broken/cells-not-a-list.ipynb", error("cells"), lambda nb: nb.update(cells=5))
    variant("broken/cells-a-string.ipynb", error("cells"), lambda nb: nb.update(cells="abc"))
    variant("broken/cell-not-an-object.ipynb", error("cells[1]"),
            lambda nb: nb["cells"].append(["not", "a", "cell"]))
    variant("broken/cell-without-metadata.ipynb", error("cells[0].metadata"),
            lambda nb: nb["cells"][0].pop("metadata"))
    variant("broken/cell-metadata-string.ipynb", error("cells[0].metadata"),
            lambda nb: nb["cells"][0].update(metadata="x"))
    variant("broken/metadata-string.ipynb", error("metadata"), lambda nb: nb.update(metadata="x"))
    variant("broken/metadata-list.ipynb", error("metadata"), lambda nb: nb.update(metadata=[]))
    variant("broken/no-metadata.ipynb", error("metadata"), lambda nb: nb.pop("metadata"))
    variant("broken/source-list-with-number.ipynb", error("cells[0].source"),
            lambda nb: nb["cells"][0].update(source=["a\n", 1]))

    def outputs_not_list(nb):
        nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "b2",
                            "metadata": {}, "outputs": 5, "source": ""})

    variant("broken/outputs-not-a-list.ipynb", error("cells[1].outputs"), outputs_not_list)

    def outputs_object(nb):
        nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "b2",
                            "metadata": {}, "outputs": {"a": {"output_type": "stream"}}, "source": ""})

    variant("broken/outputs-an-object.ipynb", error("cells[1].outputs"), outputs_object)

    def output_not_object(nb):
        nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "b2",
                            "metadata": {}, "outputs": ["text"], "source": ""})

    variant("broken/output-not-an-object.ipynb", error("cells[1].outputs[0]"), output_not_object)

    # Duplicate ids in 4.5: nbformat keeps the first and gives the others new ids.
    def duplicate_ids(nb):
        nb["cells"] += [
            {"cell_type": "markdown", "id": "b1", "metadata": {}, "source": "dup of b1"},
            {"cell_type": "markdown", "id": "b3", "metadata": {}, "source": "unique"},
            {"cell_type": "markdown", "id": "b1", "metadata": {}, "source": "dup again"},
        ]

    variant("broken/duplicate-ids-4.5.ipynb", warn("cells[1].id", "cells[3].id"), duplicate_ids)

    # v3 without worksheets, without nbformat_minor, with a bad application/json string.
    v3_ok = {"metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0,
             "worksheets": [{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "x"}],
                             "metadata": {}}]}
    v3_no_ws = dict(v3_ok)
    v3_no_ws.pop("worksheets")
    write_json("broken/v3-no-worksheets.ipynb", v3_no_ws, error("worksheets"), indent=1)
    v3_no_minor = dict(v3_ok)
    v3_no_minor.pop("nbformat_minor")
    write_json("broken/v3-no-minor.ipynb", v3_no_minor, error("nbformat_minor"), indent=1)
    v3_bad_json = json.loads(json.dumps(v3_ok))
    v3_bad_json["worksheets"][0]["cells"].append(
        {"cell_type": "code", "input": "", "language": "python", "metadata": {},
         "outputs": [{"output_type": "pyout", "json": "{not json", "metadata": {}}]})
    write_json("broken/v3-bad-json-output.ipynb", v3_bad_json, error(), indent=1)


def main():
    if os.path.isdir(OUT):
        for sub in ("jupyter", "versions", "features", "warnings", "broken"):
            shutil.rmtree(os.path.join(OUT, sub), ignore_errors=True)
    copy_nbclient()
    make_v3()
    make_v4()
    make_features()
    make_warnings()
    make_broken()
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(dict(sorted(manifest.items())), f, indent=1, ensure_ascii=False)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, rel)) for rel in manifest)
    print("wrote %d notebooks, %d bytes" % (len(manifest), total))
    if total > 2 * 1024 * 1024:
        sys.exit("corpus is larger than 2 MB")


if __name__ == "__main__":
    main()
