#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Reads an HTML file Cumulus exported and prints, as JSON, what tst_htmlexport checks:

    errors     html5lib's parse errors in Cumulus's own markup (the notebook's HTML and SVG
               outputs, between <!--cumulus:output-html--> / <!--cumulus:output-svg-->
               markers, are left out: they are kept as the notebook has them)
    bad_urls   src/href values of Cumulus's own markup that are neither data: nor #…
               (markdown cells are the notebook's content too: their links are kept)
    text       the text of <main>, as lxml reads it (scripts and styles left out)
    math       number of KaTeX-typeset spans, 0 before a browser ran the scripts

Needs python3-html5lib and python3-lxml (Debian).
"""
import json
import re
import sys

import html5lib
import lxml.html

USER_BLOCKS = re.compile(r"<!--cumulus:output-(html|svg)-->.*?<!--/cumulus:output-\1-->", re.S)


def main(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    own = USER_BLOCKS.sub("", source)
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(own)
    errors = []
    for position, code, data in parser.errors:
        errors.append(f"{position}: {code} {data}")
    tree = lxml.html.fromstring(own)
    bad = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if any("cm-markdown" in (a.get("class") or "") for a in element.iterancestors()):
            continue
        for attribute in ("src", "href"):
            value = element.get(attribute)
            if value is not None and not (value.startswith("data:") or value.startswith("#")):
                bad.append(f"<{element.tag} {attribute}={value[:80]}>")
    full = lxml.html.fromstring(source)
    for node in full.xpath("//script|//style"):
        node.drop_tree()
    main_nodes = full.xpath("//main")
    text = main_nodes[0].text_content() if main_nodes else full.text_content()
    math = len(full.xpath("//*[contains(concat(' ', @class, ' '), ' katex ')]"))
    json.dump({"errors": errors, "bad_urls": bad, "text": text, "math": math}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
