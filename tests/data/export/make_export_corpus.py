#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Makes the notebooks tst_htmlexport and tst_pdfexport export (nbformat writes them):

    /usr/bin/python3 tests/data/export/make_export_corpus.py

showcase.ipynb has one of everything the window renders: markdown (headings, a GFM table,
inline and display math, an attached image), highlighted code, stdout, stderr, an ANSI
traceback, an HTML table with a script and an event handler, PNG, JPEG, SVG, LaTeX, JSON,
and an output linking to a remote URL (which must stay as it is).
"""
import base64
import io
import os
import struct
import zlib

import nbformat
from nbformat.v4 import (new_code_cell, new_markdown_cell, new_notebook, new_output,
                         new_raw_cell)

HERE = os.path.dirname(os.path.abspath(__file__))


def png(width, height, colour):
    raw = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def b64(data):
    return base64.b64encode(data).decode("ascii")


SVG = ('<?xml version="1.0" encoding="utf-8"?>\n'
       '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
       '<rect x="10" y="10" width="180" height="80" fill="#4caf50"/>'
       '<circle cx="100" cy="50" r="30" fill="#ff9800"/></svg>')

cells = [
    new_markdown_cell("# Export showcase\n\nIntro paragraph with **bold**, *italic* and `code`.\n\n"
                      "## A table\n\n| name | value |\n|------|------:|\n| alpha | 1 |\n| beta | 22 |\n\n"
                      "## Math\n\nInline $a_1 * b_2 + \\alpha^2$ and display:\n\n"
                      "$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$\n"),
    new_markdown_cell("### Attached\n\n![dot](attachment:dot.png)\n",
                      attachments={"dot.png": {"image/png": b64(png(4, 4, (200, 30, 30)))}}),
    new_code_cell("import sys\n# a comment\ndef greet(name):\n    return f\"hello {name}\"\n"
                  "print(greet('world'))\nprint('oops', file=sys.stderr)",
                  execution_count=1,
                  outputs=[new_output("stream", name="stdout", text="hello world\n"),
                           new_output("stream", name="stderr", text="oops\n")]),
    new_code_cell("1/0", execution_count=2, outputs=[new_output(
        "error", ename="ZeroDivisionError", evalue="division by zero",
        traceback=["\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
                   "\x1b[0;31mZeroDivisionError\x1b[0m                         Traceback (most recent call last)",
                   "\x1b[0;32m<ipython-input-2>\x1b[0m in \x1b[0;36m<module>\x1b[0m",
                   "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"])]),
    new_code_cell("df", execution_count=3, outputs=[new_output(
        "execute_result", execution_count=3,
        data={"text/plain": "   a  b\n0  1  2",
              "text/html": '<div><table border="1" class="dataframe"><thead><tr><th></th><th>a</th>'
                           '<th>b</th></tr></thead><tbody><tr><th>0</th><td>1</td><td>2</td></tr>'
                           '</tbody></table><script>document.title = "scripted";</script>'
                           '<span onclick="alert(1)">clickable</span>'
                           '<a href="https://example.org/remote">remote link</a></div>'})]),
    new_code_cell("plot()", execution_count=4, outputs=[
        new_output("display_data", data={"image/png": b64(png(120, 60, (30, 90, 200))),
                                         "text/plain": "<Figure size 120x60>"}),
        new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "<SVG figure>"}),
    ]),
    new_code_cell("Math(r'\\frac{a}{b}')", execution_count=5, outputs=[new_output(
        "execute_result", execution_count=5,
        data={"text/latex": "$$\\frac{a}{b} + \\sqrt{x}$$", "text/plain": "<IPython.core.display.Math object>"})]),
    new_code_cell("{'k': [1, 2]}", execution_count=6, outputs=[new_output(
        "display_data", data={"application/json": {"k": [1, 2]}, "text/plain": "{'k': [1, 2]}"})]),
    new_raw_cell("raw cell text"),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"}})
nbformat.write(nb, os.path.join(HERE, "showcase.ipynb"))
