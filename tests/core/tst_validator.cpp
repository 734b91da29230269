// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// nbformat::validate() against nbformat's v4 schemas. Every row states which JSON paths
// the validator must report (none: the notebook is valid); the verdict of every row is also
// checked against the reference, Debian's nbformat 5.5 (`nbformat.validator.isvalid`, run
// once for all rows through /usr/bin/python3), and the row is skipped there only when that
// Python cannot import nbformat.
#include "nbformat/nbformat.h"
#include "notebook/notebook.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

using namespace cumulus;
using json = nlohmann::json;

namespace {

// ---- Building notebooks ---------------------------------------------------------------------

/// A vector, not a json, for the cells: `{cell}` is then a list of one cell on every compiler.
json notebookJson(int minor, std::vector<json> cells, json metadata = json::object())
{
    return {{"cells", json(std::move(cells))},
            {"metadata", std::move(metadata)},
            {"nbformat", 4},
            {"nbformat_minor", minor}};
}

/// @p patch's keys replace the object's (a null value stays a null value).
json with(json object, const json &patch)
{
    object.update(patch);
    return object;
}

json without(json object, const char *key)
{
    object.erase(key);
    return object;
}

json withId(json cell, const char *id)
{
    if (id)
        cell["id"] = id;
    return cell;
}

json codeCell(const char *id = "c1")
{
    return withId({{"cell_type", "code"},
                   {"execution_count", nullptr},
                   {"metadata", json::object()},
                   {"outputs", json::array()},
                   {"source", "x = 1"}},
                  id);
}

json markdownCell(const char *id = "m1")
{
    return withId({{"cell_type", "markdown"}, {"metadata", json::object()}, {"source", "# Title"}},
                  id);
}

json rawCell(const char *id = "r1")
{
    return withId({{"cell_type", "raw"}, {"metadata", json::object()}, {"source", "raw text"}}, id);
}

json streamOutput()
{
    return {{"output_type", "stream"}, {"name", "stdout"}, {"text", "hello\n"}};
}

json displayDataOutput()
{
    return {{"output_type", "display_data"},
            {"data", {{"text/plain", "<Figure>"}}},
            {"metadata", json::object()}};
}

json executeResultOutput()
{
    return {{"output_type", "execute_result"},
            {"execution_count", 1},
            {"data", {{"text/plain", "2"}}},
            {"metadata", json::object()}};
}

json errorOutput()
{
    return {{"output_type", "error"},
            {"ename", "ValueError"},
            {"evalue", "bad"},
            {"traceback", {"Traceback (most recent call last):", "ValueError: bad"}}};
}

/// A 4.5 notebook with one code cell holding @p output.
json oneOutput(json output)
{
    return notebookJson(
        5, {with(codeCell(), {{"execution_count", 1}, {"outputs", json::array({output})}})});
}

/// A 4.5 notebook with one code cell whose metadata is @p metadata.
json codeMetadata(json metadata, int minor = 5)
{
    return notebookJson(minor, {with(codeCell(minor >= 5 ? "c1" : nullptr),
                                     {{"metadata", std::move(metadata)}})});
}

json notebookMetadata(json metadata, int minor = 5)
{
    return notebookJson(minor, {codeCell(minor >= 5 ? "c1" : nullptr)}, std::move(metadata));
}

const json kKernelspec = {{"name", "python3"}, {"display_name", "Python 3"}};

/// The model, built directly (not through the reader) from a notebook's in-memory JSON.
Notebook toModel(const json &file)
{
    Notebook notebook;
    for (auto it = file.begin(); it != file.end(); ++it) {
        if (it.key() == "nbformat_minor")
            notebook.setNbformatMinor(it->get<int>());
        else if (it.key() == "metadata")
            notebook.metadata() = *it;
        else if (it.key() == "cells")
            for (const json &cell : *it)
                notebook.cells().push_back(Cell::fromJson(cell));
        else if (it.key() != "nbformat")
            notebook.extraKeys()[it.key()] = *it;
    }
    return notebook;
}

/// What the model holds, as one JSON document: what the reference validates.
json fromModel(const Notebook &notebook)
{
    json file = notebook.extraKeys();
    file["metadata"] = notebook.metadata();
    file["nbformat"] = notebook.nbformat();
    file["nbformat_minor"] = notebook.nbformatMinor();
    json cells = json::array();
    for (const Cell &cell : notebook.cells())
        cells.push_back(cell.toJson());
    file["cells"] = std::move(cells);
    return file;
}

// ---- The cases --------------------------------------------------------------------------------

struct Case
{
    std::string name;
    json notebook;
    std::vector<QString> paths;   ///< expected warning paths, any order; empty: valid
    QString message = QString();  ///< part of the first warning's message, where it matters
    /// Where nbformat's default back end (fastjsonschema) and the schema disagree and we follow
    /// the schema: why, and nbformat's verdict is expected to be the opposite of ours.
    const char *knownDifference = nullptr;
};

QString s(const char *text) { return QString::fromUtf8(text); }

std::vector<Case> makeCases()
{
    std::vector<Case> c;

    // Valid notebooks: the minimal one for each minor version, then the corners.
    for (int minor = 0; minor <= 4; ++minor)
        c.push_back({"v4." + std::to_string(minor) + " minimal",
                     notebookJson(minor, {codeCell(nullptr), markdownCell(nullptr),
                                          rawCell(nullptr)}),
                     {}});
    c.push_back({"v4.5 minimal", notebookJson(5, {codeCell(), markdownCell(), rawCell()}), {}});
    c.push_back({"v4.5 no cells", notebookJson(5, {}), {}});
    c.push_back(
        {"v4.5 everything",
         notebookJson(
             5,
             {with(codeCell(),
                   {{"execution_count", 3},
                    {"source", {"import json\n", "print(1)"}},
                    {"metadata",
                     {{"collapsed", false},
                      {"scrolled", "auto"},
                      {"tags", {"a", "b"}},
                      {"name", "first"},
                      {"jupyter", {{"source_hidden", true}, {"outputs_hidden", false}}},
                      {"execution",
                       {{"iopub.execute_input", "2024-01-01T00:00:00.000001Z"},
                        {"shell.execute_reply", "2024-01-01T00:00:00.5Z"}}},
                      {"custom", {{"anything", 1}}}}},
                    {"outputs",
                     {with(streamOutput(), {{"text", {"a\n", "b\n"}}}),
                      with(displayDataOutput(),
                           {{"data",
                             {{"text/plain", {"line 1\n", "line 2"}},
                              {"image/png", "iVBORw0KGgo=\n"},
                              {"application/json", {{"a", {1, 2}}}},
                              {"application/vnd.custom+json", 5}}},
                            {"metadata", {{"image/png", {{"width", 100}}}}}}),
                      executeResultOutput(), errorOutput()}}}),
              with(markdownCell(),
                   {{"attachments", {{"a.png", {{"image/png", "iVBORw0KGgo="}}}}},
                    {"metadata", {{"tags", json::array()}, {"jupyter", json::object()}}}}),
              with(rawCell(), {{"metadata", {{"format", "text/html"}, {"name", "r"}}}})},
             {{"kernelspec", with(kKernelspec, {{"language", "python"}})},
              {"language_info",
               {{"name", "python"},
                {"codemirror_mode", {{"name", "ipython"}, {"version", 3}}},
                {"file_extension", ".py"},
                {"mimetype", "text/x-python"},
                {"pygments_lexer", "ipython3"},
                {"version", "3.11.2"}}},
              {"title", "A notebook"},
              {"authors", {{{"name", "Ada"}}}},
              {"orig_nbformat", 3},
              {"widgets", {{"state", json::object()}}}}),
         {}});
    c.push_back({"v4.0 attachments on a markdown cell",
                 notebookJson(0, {with(markdownCell(nullptr),
                                       {{"attachments", {{"a.png", {{"image/png", "AA=="}}}}}})}),
                 {}});
    c.push_back({"v4.2 jupyter metadata not checked yet",
                 codeMetadata({{"jupyter", "hidden"}}, 2), {}});
    c.push_back({"v4.3 execution metadata not checked yet",
                 codeMetadata({{"execution", 5}}, 3), {}});
    c.push_back({"v4.1 title not checked yet", notebookMetadata({{"title", 5}}, 1), {}});
    c.push_back({"v4.2 authors items not checked", notebookMetadata({{"authors", {1, "x"}}}, 2),
                 {}});
    c.push_back({"execution_count zero", notebookJson(5, {with(codeCell(),
                                                                {{"execution_count", 0}})}),
                 {}});
    c.push_back({"execution key with inner newline not checked",
                 codeMetadata({{"execution", {{"a\nb", 5}}}}, 4), {}});
    c.push_back({"json mime key with final newline",
                 oneOutput(with(displayDataOutput(), {{"data", {{"application/json\n", 5}}}})),
                 {}});
    c.push_back({"kernelspec with extra keys",
                 notebookMetadata({{"kernelspec", with(kKernelspec, {{"env", {{"A", "1"}}}})}}),
                 {}});
    c.push_back({"id of 64 characters",
                 notebookJson(5, {withId(codeCell(), std::string(64, 'x').c_str())}), {}});
    c.push_back({"scrolled false", codeMetadata({{"scrolled", false}}), {}});
    c.push_back({"scrolled as 1", codeMetadata({{"scrolled", 1}}),
                 {s("cells[0].metadata.scrolled")},
                 {}, "fastjsonschema tests enum [true, false, \"auto\"] with Python's 'in', "
                     "where 1 == True; jsonschema and the schema reject 1"});

    // nbformat 4.6 and later: 4.5 rules, relaxed.
    c.push_back({"v4.6 unknown cell type",
                 notebookJson(6, {codeCell(), {{"cell_type", "widget"},
                                               {"metadata", json::object()},
                                               {"payload", {1, 2}}}}),
                 {}});
    c.push_back({"v4.6 unknown keys everywhere",
                 with(notebookJson(6, {with(codeCell(),
                                            {{"bar", 1},
                                             {"attachments", 5},
                                             {"outputs",
                                              {with(streamOutput(), {{"baz", true}}),
                                               with(displayDataOutput(),
                                                    {{"data", {{"text/plain", 5}}}})}}})}),
                      {{"foo", "top"}}),
                 {}});
    c.push_back({"v4.6 unknown output type",
                 notebookJson(6, {with(codeCell(),
                                       {{"outputs", {{{"output_type", "hologram"}}}}})}),
                 {}});
    c.push_back({"v4.6 cell type not a string",
                 notebookJson(6, {{{"cell_type", 5}, {"metadata", json::object()}}}), {}});
    c.push_back({"v4.6 output type not a string",
                 notebookJson(6, {with(codeCell(), {{"outputs", {{{"output_type", 5}}}}})}), {}});

    // Cell ids.
    c.push_back({"id in 4.4", notebookJson(4, {codeCell("abc")}), {s("cells[0].id")},
                 s("not allowed in nbformat 4.4")});
    c.push_back({"id missing in 4.5", notebookJson(5, {codeCell(nullptr)}), {s("cells[0].id")},
                 s("missing required key 'id'")});
    c.push_back({"id invalid pattern", notebookJson(5, {codeCell("a b")}), {s("cells[0].id")},
                 s("cell id 'a b' does not match ^[a-zA-Z0-9-_]+$")});
    c.push_back({"id too long", notebookJson(5, {withId(codeCell(), std::string(65, 'x').c_str())}),
                 {s("cells[0].id")}, s("65 characters")});
    c.push_back({"id too long and invalid",
                 notebookJson(5, {withId(codeCell(), std::string(70, '.').c_str())}),
                 {s("cells[0].id"), s("cells[0].id")}});
    c.push_back({"id empty", notebookJson(5, {codeCell("")}), {s("cells[0].id")}});
    c.push_back({"id with final newline", notebookJson(5, {codeCell("abc\n")}),
                 {s("cells[0].id")}});
    c.push_back({"id not a string", notebookJson(5, {with(codeCell(), {{"id", 5}})}),
                 {s("cells[0].id")}, s("'id' must be a string, not an integer")});
    c.push_back({"id duplicate", notebookJson(5, {codeCell("same"), markdownCell("same")}),
                 {s("cells[1].id")}, s("already used by cells[0]")});

    // Notebook metadata and top level.
    c.push_back({"kernelspec as a string", notebookMetadata({{"kernelspec", "python3"}}),
                 {s("metadata.kernelspec")}, s("'kernelspec' must be an object, not a string")});
    c.push_back({"kernelspec missing display_name",
                 notebookMetadata({{"kernelspec", without(kKernelspec, "display_name")}}),
                 {s("metadata.kernelspec.display_name")}});
    c.push_back({"kernelspec name not a string",
                 notebookMetadata({{"kernelspec", with(kKernelspec, {{"name", 3}})}}),
                 {s("metadata.kernelspec.name")}, s("'name' must be a string")});
    c.push_back({"language_info missing name",
                 notebookMetadata({{"language_info", {{"version", "3"}}}}),
                 {s("metadata.language_info.name")}});
    c.push_back({"codemirror_mode as a list",
                 notebookMetadata({{"language_info", {{"name", "python"},
                                                      {"codemirror_mode", {"ipython"}}}}}),
                 {s("metadata.language_info.codemirror_mode")}});
    c.push_back({"orig_nbformat zero", notebookMetadata({{"orig_nbformat", 0}}),
                 {s("metadata.orig_nbformat")}});
    c.push_back({"v4.2 title not a string", notebookMetadata({{"title", 5}}, 2),
                 {s("metadata.title")}});
    c.push_back({"v4.2 authors not a list", notebookMetadata({{"authors", {{"name", "x"}}}}, 2),
                 {s("metadata.authors")}});
    c.push_back({"metadata not an object", notebookJson(5, {}, json::array()),
                 {s("metadata")}});
    c.push_back({"unknown top-level key", with(notebookJson(4, {}), {{"foo", 1}}),
                 {s("foo")}, s("unknown key 'foo' (not allowed in nbformat 4.4)")});
    c.push_back({"negative minor version", notebookJson(-1, {}),
                 {s("nbformat_minor")}});

    // Cells: required keys, types, forbidden keys.
    c.push_back({"source as a number", notebookJson(5, {with(codeCell(), {{"source", 42}})}),
                 {s("cells[0].source")},
                 s("'source' must be a string or a list of strings, not an integer")});
    c.push_back({"source list with a number",
                 notebookJson(5, {with(markdownCell(), {{"source", {"a\n", 1}}})}),
                 {s("cells[0].source")}});
    c.push_back({"execution_count as a string",
                 notebookJson(5, {with(codeCell(), {{"execution_count", "1"}})}),
                 {s("cells[0].execution_count")}});
    c.push_back({"execution_count negative",
                 notebookJson(5, {with(codeCell(), {{"execution_count", -1}})}),
                 {s("cells[0].execution_count")}, s("must not be negative")});
    c.push_back({"execution_count float",
                 notebookJson(5, {with(codeCell(), {{"execution_count", 1.0}})}),
                 {s("cells[0].execution_count")}});
    c.push_back({"execution_count boolean",
                 notebookJson(5, {with(codeCell(), {{"execution_count", true}})}),
                 {s("cells[0].execution_count")}});
    c.push_back({"code missing execution_count",
                 notebookJson(5, {without(codeCell(), "execution_count")}),
                 {s("cells[0].execution_count")}});
    c.push_back({"code missing outputs", notebookJson(5, {without(codeCell(), "outputs")}),
                 {s("cells[0].outputs")}});
    c.push_back({"code missing source", notebookJson(3, {without(codeCell(nullptr), "source")}),
                 {s("cells[0].source")}});
    c.push_back({"code missing metadata", notebookJson(5, {without(codeCell(), "metadata")}),
                 {s("cells[0].metadata")}, s("missing required key 'metadata'")});
    c.push_back({"markdown missing source", notebookJson(5, {without(markdownCell(), "source")}),
                 {s("cells[0].source")}});
    c.push_back({"raw missing metadata", notebookJson(0, {without(rawCell(nullptr), "metadata")}),
                 {s("cells[0].metadata")}});
    c.push_back({"cell_type missing", notebookJson(5, {without(codeCell(), "cell_type")}),
                 {s("cells[0].cell_type")}});
    c.push_back({"unknown cell type", notebookJson(5, {with(rawCell(), {{"cell_type", "widget"}})}),
                 {s("cells[0].cell_type")}, s("unknown cell type 'widget'")});
    c.push_back({"cell_type not a string", notebookJson(5, {with(rawCell(), {{"cell_type", 1}})}),
                 {s("cells[0].cell_type")}});
    c.push_back({"markdown with outputs",
                 notebookJson(5, {with(markdownCell(), {{"outputs", json::array()}})}),
                 {s("cells[0].outputs")}});
    c.push_back({"markdown with execution_count",
                 notebookJson(5, {with(markdownCell(), {{"execution_count", nullptr}})}),
                 {s("cells[0].execution_count")}});
    c.push_back({"code with attachments",
                 notebookJson(5, {with(codeCell(), {{"attachments", json::object()}})}),
                 {s("cells[0].attachments")}});
    c.push_back({"unknown key in a code cell", notebookJson(5, {with(codeCell(), {{"foo", 1}})}),
                 {s("cells[0].foo")}, s("unknown key 'foo' (not allowed in nbformat 4.5)")});
    c.push_back({"unknown key in a v4.0 raw cell",
                 notebookJson(0, {with(rawCell(nullptr), {{"foo", 1}})}), {s("cells[0].foo")}});
    c.push_back({"attachments not an object",
                 notebookJson(5, {with(markdownCell(), {{"attachments", "a.png"}})}),
                 {s("cells[0].attachments")}});
    c.push_back({"attachment not a mime bundle",
                 notebookJson(5, {with(markdownCell(), {{"attachments", {{"a.png", "x"}}}})}),
                 {s("cells[0].attachments[\"a.png\"]")}});
    c.push_back({"attachment value a number",
                 notebookJson(5, {with(rawCell(),
                                       {{"attachments", {{"a.png", {{"image/png", 1}}}}}})}),
                 {s("cells[0].attachments[\"a.png\"][\"image/png\"]")}});

    // Cell metadata.
    c.push_back({"cell metadata not an object", codeMetadata(json::array()),
                 {s("cells[0].metadata")}});
    c.push_back({"collapsed as a string", codeMetadata({{"collapsed", "yes"}}),
                 {s("cells[0].metadata.collapsed")}});
    c.push_back({"scrolled unknown string", codeMetadata({{"scrolled", "always"}}),
                 {s("cells[0].metadata.scrolled")}});
    c.push_back({"tags not a list", codeMetadata({{"tags", "a"}}), {s("cells[0].metadata.tags")}});
    c.push_back({"tag with a comma", codeMetadata({{"tags", {"a", "b,c"}}}),
                 {s("cells[0].metadata.tags[1]")}, s("tag 'b,c' must not contain a comma")});
    c.push_back({"duplicate tags", codeMetadata({{"tags", {"a", "a"}}}),
                 {s("cells[0].metadata.tags[1]")}});
    c.push_back({"empty tag", codeMetadata({{"tags", {""}}}), {s("cells[0].metadata.tags[0]")}});
    c.push_back({"tag not a string", codeMetadata({{"tags", {1}}}),
                 {s("cells[0].metadata.tags[0]")}});
    c.push_back({"name empty", codeMetadata({{"name", ""}}), {s("cells[0].metadata.name")}});
    c.push_back({"name with a newline", codeMetadata({{"name", "a\n"}}),
                 {s("cells[0].metadata.name")}});
    c.push_back({"raw format not a string",
                 notebookJson(5, {with(rawCell(), {{"metadata", {{"format", 1}}}})}),
                 {s("cells[0].metadata.format")}});
    c.push_back({"v4.3 jupyter metadata not an object",
                 notebookJson(3, {with(markdownCell(nullptr), {{"metadata", {{"jupyter", 1}}}})}),
                 {s("cells[0].metadata.jupyter")}});
    c.push_back({"v4.4 execution time not a string",
                 codeMetadata({{"execution", {{"iopub.status.busy", 5}}}}, 4),
                 {s("cells[0].metadata.execution[\"iopub.status.busy\"]")}});

    // Outputs.
    c.push_back({"stream missing name", oneOutput(without(streamOutput(), "name")),
                 {s("cells[0].outputs[0].name")}});
    c.push_back({"stream with bad name type", oneOutput(with(streamOutput(), {{"name", 1}})),
                 {s("cells[0].outputs[0].name")}, s("'name' must be a string, not an integer")});
    c.push_back({"stream text a number", oneOutput(with(streamOutput(), {{"text", 1}})),
                 {s("cells[0].outputs[0].text")}});
    c.push_back({"stream unknown key", oneOutput(with(streamOutput(), {{"foo", 1}})),
                 {s("cells[0].outputs[0].foo")}});
    c.push_back({"display_data missing metadata",
                 oneOutput(without(displayDataOutput(), "metadata")),
                 {s("cells[0].outputs[0].metadata")}});
    c.push_back({"display_data missing data", oneOutput(without(displayDataOutput(), "data")),
                 {s("cells[0].outputs[0].data")}});
    c.push_back({"display_data value a number",
                 oneOutput(with(displayDataOutput(), {{"data", {{"text/plain", 1}}}})),
                 {s("cells[0].outputs[0].data[\"text/plain\"]")}});
    c.push_back({"output metadata not an object",
                 oneOutput(with(displayDataOutput(), {{"metadata", "x"}})),
                 {s("cells[0].outputs[0].metadata")}});
    c.push_back({"display_data with execution_count",
                 oneOutput(with(displayDataOutput(), {{"execution_count", 1}})),
                 {s("cells[0].outputs[0].execution_count")}});
    c.push_back({"execute_result missing execution_count",
                 oneOutput(without(executeResultOutput(), "execution_count")),
                 {s("cells[0].outputs[0].execution_count")}});
    c.push_back({"execute_result negative execution_count",
                 oneOutput(with(executeResultOutput(), {{"execution_count", -2}})),
                 {s("cells[0].outputs[0].execution_count")}});
    c.push_back({"error missing traceback", oneOutput(without(errorOutput(), "traceback")),
                 {s("cells[0].outputs[0].traceback")}});
    c.push_back({"traceback with a number",
                 oneOutput(with(errorOutput(), {{"traceback", {"a", 1}}})),
                 {s("cells[0].outputs[0].traceback")}});
    c.push_back({"ename not a string", oneOutput(with(errorOutput(), {{"ename", nullptr}})),
                 {s("cells[0].outputs[0].ename")}});
    c.push_back({"unknown output type", oneOutput({{"output_type", "hologram"}}),
                 {s("cells[0].outputs[0].output_type")}, s("unknown output type 'hologram'")});
    c.push_back({"output_type missing", oneOutput(without(streamOutput(), "output_type")),
                 {s("cells[0].outputs[0].output_type")}});
    c.push_back({"output_type not a string", oneOutput(with(streamOutput(), {{"output_type", 2}})),
                 {s("cells[0].outputs[0].output_type")}});
    c.push_back({"outputs not a list",
                 notebookJson(5, {with(codeCell(), {{"outputs", json::object()}})}),
                 {s("cells[0].outputs")}});
    c.push_back({"outputs list with a number",
                 notebookJson(5, {with(codeCell(), {{"outputs", {streamOutput(), 1}}})}),
                 {s("cells[0].outputs[1]")}});

    // From the future: still the 4.5 rules for what 4.5 knows.
    c.push_back({"v4.6 code cell missing id", notebookJson(6, {codeCell(nullptr)}),
                 {s("cells[0].id")}});
    c.push_back({"v4.6 known cell type still checked",
                 notebookJson(6, {with(codeCell(), {{"source", 1}})}), {s("cells[0].source")}});
    c.push_back({"v4.6 unknown cell missing metadata",
                 notebookJson(6, {{{"cell_type", "widget"}}}), {s("cells[0].metadata")}});
    c.push_back({"v4.6 duplicate id", notebookJson(6, {codeCell("x"), codeCell("x")}),
                 {s("cells[1].id")}});
    c.push_back({"v4.6 stream name still checked",
                 notebookJson(6, {with(codeCell(),
                                       {{"outputs", json::array({with(streamOutput(),
                                                                      {{"name", 1}})})}})}),
                 {s("cells[0].outputs[0].name")}});
    c.push_back({"v4.6 markdown with outputs",
                 notebookJson(6, {with(markdownCell(), {{"outputs", json::array()}})}), {}});
    c.push_back({"v4.6 output missing output_type",
                 notebookJson(6, {with(codeCell(), {{"outputs", {{{"text", "x"}}}}})}),
                 {s("cells[0].outputs[0].output_type")}});

    // All problems are reported, not just the first.
    c.push_back({"several problems",
                 notebookJson(5,
                              {with(codeCell(nullptr), {{"source", 1}}),
                               with(codeCell("c2"),
                                    {{"outputs", json::array({with(streamOutput(),
                                                                   {{"name", 1}, {"foo", 2}})})}})},
                              {{"kernelspec", "python3"}}),
                 {s("metadata.kernelspec"), s("cells[0].id"), s("cells[0].source"),
                  s("cells[1].outputs[0].name"), s("cells[1].outputs[0].foo")}});
    return c;
}

const std::vector<Case> &cases()
{
    static const std::vector<Case> all = makeCases();
    return all;
}

QString describe(const QList<nbformat::ValidationWarning> &warnings)
{
    QStringList lines;
    for (const auto &warning : warnings)
        lines << warning.jsonPath + QStringLiteral(": ") + warning.message;
    return lines.isEmpty() ? QStringLiteral("(no warnings)") : lines.join(QLatin1Char('\n'));
}

// Run once for every row: a JSON list of notebooks in, a JSON list of verdicts out.
// NBFORMAT_VALIDATOR is pinned to fastjsonschema, nbformat's default, whose reading of "$" in
// patterns ("\Z") the validator follows.
const char kReferenceScript[] = R"py(
import copy, json, sys, warnings
warnings.simplefilter("ignore")
from nbformat.validator import isvalid, iter_validate
results = []
for nb in json.load(sys.stdin):
    try:
        valid = isvalid(copy.deepcopy(nb))
        error = ""
        if not valid:
            errors = [e.message for e in iter_validate(copy.deepcopy(nb))]
            error = errors[0] if errors else "rejected by validator.py (duplicate cell id)"
    except Exception as e:
        valid, error = None, "exception: %r" % e
    results.append({"valid": valid, "error": str(error)[:300]})
json.dump(results, sys.stdout)
)py";

} // namespace

class TestValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void schemaRules_data();
    void schemaRules();
    void modelDefaultsAreValid();
    void largeNotebook();

private:
    struct Verdict
    {
        bool valid = false;
        QString error;
    };
    QString m_referenceUnavailable; ///< why nbformat cannot be asked, empty when it can
    QHash<QString, Verdict> m_reference;
};

void TestValidator::initTestCase()
{
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(python)) {
        m_referenceUnavailable = QStringLiteral("%1 not found").arg(python);
        return;
    }
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import nbformat, fastjsonschema")});
    if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit
        || probe.exitCode() != 0) {
        const QString error = QString::fromUtf8(probe.readAllStandardError()).trimmed();
        m_referenceUnavailable = QStringLiteral("%1 cannot import nbformat (%2)")
                                     .arg(python, error.section(QLatin1Char('\n'), -1));
        return;
    }

    json notebooks = json::array();
    for (const Case &testCase : cases())
        notebooks.push_back(fromModel(toModel(testCase.notebook)));

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NBFORMAT_VALIDATOR"), QStringLiteral("fastjsonschema"));
    process.setProcessEnvironment(environment);
    process.start(python, {QStringLiteral("-c"), QString::fromUtf8(kReferenceScript)});
    QVERIFY(process.waitForStarted());
    const std::string input = notebooks.dump();
    process.write(input.data(), qint64(input.size()));
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());

    const json verdicts = json::parse(process.readAllStandardOutput().toStdString());
    QCOMPARE(verdicts.size(), cases().size());
    for (std::size_t i = 0; i < cases().size(); ++i) {
        const json &verdict = verdicts[i];
        QVERIFY2(verdict["valid"].is_boolean(), verdict["error"].get<std::string>().c_str());
        m_reference.insert(QString::fromStdString(cases()[i].name),
                           {verdict["valid"].get<bool>(),
                            QString::fromStdString(verdict["error"].get<std::string>())});
    }
}

void TestValidator::schemaRules_data()
{
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < cases().size(); ++i)
        QTest::newRow(cases()[i].name.c_str()) << int(i);
}

void TestValidator::schemaRules()
{
    QFETCH(int, index);
    const Case &testCase = cases()[std::size_t(index)];
    const Notebook notebook = toModel(testCase.notebook);

    const QList<nbformat::ValidationWarning> warnings = nbformat::validate(notebook);

    QStringList actual;
    for (const auto &warning : warnings) {
        actual << warning.jsonPath;
        QCOMPARE(warning.line, 0);
        QVERIFY(!warning.message.isEmpty());
    }
    QStringList expected(testCase.paths.begin(), testCase.paths.end());
    actual.sort();
    expected.sort();
    QVERIFY2(actual == expected, qPrintable(describe(warnings)));
    if (!testCase.message.isEmpty())
        QVERIFY2(warnings.first().message.contains(testCase.message),
                 qPrintable(describe(warnings)));

    // The reference must agree on the verdict.
    if (!m_referenceUnavailable.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no nbformat to cross-check with: ")
                         + m_referenceUnavailable));
    const Verdict reference = m_reference.value(QString::fromStdString(testCase.name));
    if (testCase.knownDifference) {
        QVERIFY2(reference.valid != warnings.isEmpty(),
                 qPrintable(QStringLiteral("nbformat no longer differs here: ")
                            + QString::fromUtf8(testCase.knownDifference)));
        return;
    }
    QVERIFY2(reference.valid == warnings.isEmpty(),
             qPrintable(QStringLiteral("nbformat says %1 (%2); we say:\n%3")
                            .arg(reference.valid ? QStringLiteral("valid")
                                                 : QStringLiteral("invalid"),
                                 reference.error, describe(warnings))));
}

void TestValidator::modelDefaultsAreValid()
{
    // What Cumulus itself creates must pass its own validator.
    Notebook notebook;
    notebook.metadata()["kernelspec"] = kKernelspec;
    Cell code(CellType::Code);
    code.setExecutionCount(2);
    code.outputs().push_back(Output::stream("stdout", "hi\n"));
    code.outputs().push_back(Output::displayData({{"text/plain", "x"}}));
    code.outputs().push_back(Output::executeResult(2, {{"text/plain", "2"}}));
    code.outputs().push_back(Output::error("E", "v", {"line"}));
    notebook.cells().push_back(std::move(code));
    notebook.cells().emplace_back(CellType::Markdown);
    notebook.cells().emplace_back(CellType::Raw);
    Cell changed(CellType::Markdown);
    changed.setType(CellType::Code);
    notebook.cells().push_back(std::move(changed));

    const auto warnings = nbformat::validate(notebook);
    QVERIFY2(warnings.isEmpty(), qPrintable(describe(warnings)));
}

void TestValidator::largeNotebook()
{
    // The size the validator must take in its stride on every file open: 5,000 cells, ~20 MB.
    Notebook notebook;
    notebook.metadata()["kernelspec"] = kKernelspec;
    const std::string source(2000, 'x');
    const json textLines = json(std::vector<std::string>(20, std::string(99, 'y') + '\n'));
    for (int i = 0; i < 5000; ++i) {
        Cell cell(CellType::Code);
        cell.setSource(source);
        cell.metadata()["tags"] = {"a", "b"};
        cell.outputs().push_back(Output::stream("stdout", source));
        cell.outputs().push_back(Output::displayData({{"text/plain", textLines},
                                                      {"image/png", source}}));
        notebook.cells().push_back(std::move(cell));
    }

    QElapsedTimer timer;
    timer.start();
    const auto warnings = nbformat::validate(notebook);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(warnings.isEmpty(), qPrintable(describe(warnings.mid(0, 5))));
    qInfo("validated 5,000 cells (~20 MB) in %lld ms", elapsed);
    // Generous, so that sanitizer and debug builds pass: a release build takes a few ms.
    QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
}

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
