// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The percent script format. Expected texts marked "jupytext" are jupytext's own outputs
// for the same cells (mwouts/jupytext tests/data/notebooks/outputs/ipynb_to_percent/*.py and
// tests/functional/simple_notebooks/test_read_simple_percent.py), with the header's
// text_representation kept out through notebook_metadata_filter as jupytext's tests do.
#include "export/percentscript.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace cumulus;
using json = nlohmann::json;

namespace {

const char *const kPython = "/usr/bin/python3";

json pythonKernel()
{
    return json::parse(R"json({"kernelspec": {"display_name": "Python 3", "language": "python",
                                          "name": "python3"}})json");
}

/// A notebook from [{"t": "code", "s": "source", "m": {metadata}}, ...].
Notebook makeNotebook(const json &cells, const json &metadata = pythonKernel())
{
    Notebook notebook;
    notebook.metadata() = metadata;
    for (const json &spec : cells) {
        const std::string type = spec.value("t", "code");
        Cell cell(type == "markdown" ? CellType::Markdown
                  : type == "raw"    ? CellType::Raw
                                     : CellType::Code);
        cell.setSource(spec.value("s", ""));
        if (spec.contains("m"))
            cell.metadata() = spec["m"];
        notebook.cells().push_back(std::move(cell));
    }
    return notebook;
}

QString describe(const Cell &cell)
{
    return QStringLiteral("%1 %2").arg(QString::fromStdString(cell.typeName()),
                                       QString::fromStdString(json(cell.source()).dump()));
}

/// Runs Debian's python3 -m py_compile on the script; "" when it compiles.
QString pyCompileError(const std::string &script)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return QStringLiteral("no temporary directory");
    const QString path = dir.filePath(QStringLiteral("notebook.py"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1").arg(path);
    file.write(script.data(), qint64(script.size()));
    file.close();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QString::fromLatin1(kPython),
                  {QStringLiteral("-m"), QStringLiteral("py_compile"), path});
    if (!process.waitForFinished(60000))
        return QStringLiteral("python3 did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromUtf8(process.readAll());
    return {};
}

std::string text(const QByteArray &bytes) { return bytes.toStdString(); }

} // namespace

class TestPercentScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void singleTrailingNewlineIsDropped();
    void writesJupytextText_data();
    void writesJupytextText();
    void readsJupytextText_data();
    void readsJupytextText();
    void defaultHeader();
    void headerWithLanguageInfo();
    void headerFromOtherTools();
    void otherLanguages_data();
    void otherLanguages();
    void errors_data();
    void errors();
};

// ipynb -> py -> ipynb keeps every cell's type and source (and the metadata the percent
// format carries); the script is valid Python; py -> ipynb -> py gives the same text.
void TestPercentScript::roundTrip_data()
{
    QTest::addColumn<QByteArray>("cells");
    QTest::addColumn<bool>("compiles");

    auto row = [](const char *name, const char *cells, bool compiles = true) {
        QTest::newRow(name) << QByteArray(cells) << compiles;
    };
    row("percent marker inside a string",
        R"json([{"s": "s = \"\"\"\n# %%\n# %% [markdown]\n    # %% indented\n\"\"\"\nprint(s)"},
            {"s": "t = '''\n# In[1]:\n'''"}, {"s": "x = '# %%'"}])json");
    row("comment that looks like a cell marker",
        R"json([{"s": "# %% not a cell\nx = 1\n# %%\n#%% tight\n# %%% deeper"}, {"s": "y = 2"}])json");
    row("indented comment marker", R"json([{"s": "if True:\n    # %% inside\n    pass"}, {"s": "z = 3"}])json");
    row("already escaped marker comments", R"json([{"s": "# # %% once\n# # # %% twice\n##%% tight"}, {"s": "1"}])json");
    row("nbconvert-style markers in code", R"json([{"s": "# In[1]:\n# In[ ]:\n# <codecell>\nx = 1"}, {"s": "2"}])json");
    row("comments that look like magics",
        R"json([{"s": "# %time commented magic\n# %%capture\n# !ls\n# ls?\n# cd dir"}, {"s": "x"}])json");
    row("light-format cell markers", R"json([{"s": "# + light\n# # + escaped\n#+\n# -"}, {"s": "x"}])json");
    row("line magics", R"json([{"s": "%time x = 1\n%matplotlib inline\n%load_ext autoreload\n  %autoreload 2"}])json");
    row("cell magic that is not a language", R"json([{"s": "%%time\nx = 1"}, {"s": "%%capture out\nprint(1)"}])json");
    row("cell magic in another language", R"json([{"s": "%%bash\nls -l\necho \"# %% hi\"\n\nexit 0"}])json");
    row("cell magic with arguments", R"json([{"s": "%%bash --out output -s  x\nls"}, {"s": "%%html\n<b>x</b>"}])json");
    row("cell magic in the same language", R"json([{"s": "%%python\nx = 1"}, {"s": "%%python3\ny = 2"}])json");
    row("cell magic line alone", R"json([{"s": "%%bash"}, {"s": "%%bash\n"}, {"s": "%%bash "}])json");
    row("shell escapes", R"json([{"s": "!ls -la\n!pip install numpy\n  !echo indented"}])json");
    row("magic assignments", R"json([{"s": "files = !ls\nt = %timeit -o x\n    y = %time f()"}])json");
    row("help lines", R"json([{"s": "ls?\n?obj\nobj??\nlen?\n%pinfo x"}])json");
    row("magic continued on the next line", R"json([{"s": "%time \\\n    x = 1\n!echo a \\\n  b"}])json");
    row("magics inside a function", R"json([{"s": "def f():\n    %time g()\n    !ls\n    return 1"}])json");
    row("magics inside a string", R"json([{"s": "s = \"\"\"\n%time\n!ls\nls?\n\"\"\""}])json");
    row("raw cells", R"json([{"t": "raw", "s": "raw text\n\nwith a blank line"},
                         {"t": "raw", "s": "%time\n# %%\n!ls\n%% x\n"}])json");
    row("empty cells", R"json([{"s": ""}, {"t": "markdown", "s": ""}, {"t": "raw", "s": ""}, {"s": ""}])json");
    row("markdown with blank lines",
        R"json([{"t": "markdown", "s": "# Title\n\n\nParagraph\n\n- item\n"}, {"t": "markdown", "s": "\n\nlead"}])json");
    row("markdown that reads as magics",
        R"json([{"t": "markdown", "s": "# Why?\n# ls\nls\n!bang\n# !bang\n%time\n# %time\ncd dir\n?help"}])json");
    row("markdown with percent lines",
        R"json([{"t": "markdown", "s": "%% top\n    %% indented\n```mermaid\n%% inside a fence\n# %% too\n```\n%%\nIn[1]:"}])json");
    row("markdown with a fence left open",
        R"json([{"t": "markdown", "s": "```python\n%% x\n~~~"}, {"s": "x = 1"},
                {"t": "raw", "s": "~~~\n# %% y", "m": {"active": "py"}}, {"s": "y = 2"}])json");
    row("escapes after a magic continuation", R"json([{"s": "%time \\\n##%% z\n# # + w\nx = 1"}])json");
    row("unicode", R"json([{"s": "print('ünïcödé ✓ 🎉')\n# ω"}, {"t": "markdown", "s": "Ωmega ✓ 日本語"}])json");
    row("metadata tags",
        R"json([{"s": "x = 1", "m": {"tags": ["parameters", "a b"]}},
            {"t": "markdown", "s": "text", "m": {"tags": ["md"], "slideshow": {"slide_type": "slide"}}},
            {"t": "raw", "s": "r", "m": {"tags": ["raw"], "format": "text/latex"}}])json");
    row("titles and sub-cells",
        R"json([{"s": "1", "m": {"title": "My title"}}, {"s": "2", "m": {"title": "a=b {c}", "cell_depth": 2}},
            {"t": "markdown", "s": "3", "m": {"title": "[raw] not a type"}},
            {"s": "4", "m": {"title": "%starts with percent"}}, {"t": "markdown", "s": "5", "m": {"region_name": "md"}}])json");
    row("no trailing newline", R"json([{"s": "x = 1"}, {"s": "y = 2"}])json");
    row("two trailing newlines", R"json([{"s": "x = 1\n\n"}, {"s": "y = 2"}])json");
    row("three trailing newlines", R"json([{"s": "x = 1\n\n\n"}, {"s": "y = 2\n\n\n"}])json");
    row("blank lines inside", R"json([{"s": "x = 1\n\n\ny = 2\n\n\n\nz = 3"}])json");
    row("leading blank lines", R"json([{"s": "\n\nx = 1"}, {"s": "\n"}, {"s": "\n\n"}])json");
    row("whitespace-only lines inside", R"json([{"s": "x = 1\n    \ny = 2\n\t\nz = 3"}])json");
    row("pep8 blank lines around functions",
        R"json([{"s": "def f():\n    return 1"}, {"s": "f()"}, {"s": "class A:\n    pass"}, {"s": "x = 1"},
            {"s": "@decorator\ndef g():\n    pass"}, {"s": "g()"}])json");
    row("last cell with blank lines", R"json([{"s": "x = 1"}, {"s": "y = 2\n\n"}])json");
    row("first line indented", R"json([{"s": "    x = 1\n    y = 2"}, {"s": "z"}])json", false);
    row("tabs and backslash continuation", R"json([{"s": "def f():\n\treturn 1 + \\\n\t\t2"}])json");
    row("carriage returns inside a cell", R"json([{"s": "x = 1\r\ny = 2"}, {"s": "z = 3"}])json");
    row("docstring with four quotes",
        R"json([{"s": "def fun_1(df):\n  \"\"\"\"\n  docstring starting with 4 double quotes and ending with 3\n  \"\"\"\n  return df"},
            {"s": "def fun_2(df):\n  \"\"\"\n  docstring\n  \"\"\"\n  return df"}])json");
    row("markdown as a multiline string",
        R"json([{"t": "markdown", "s": "a\nlong\ncell", "m": {"cell_marker": "\"\"\""}},
            {"t": "markdown", "s": "with \\backslash", "m": {"cell_marker": "'''"}},
            {"t": "markdown", "s": "holds \"\"\" quotes", "m": {"cell_marker": "\"\"\""}}])json");
    row("frozen and inactive cells",
        R"json([{"s": "x = 1", "m": {"run_control": {"frozen": true}}}, {"s": "%time y", "m": {"active": "ipynb"}},
            {"t": "raw", "s": "print(1)", "m": {"active": "py"}}])json");
}

void TestPercentScript::roundTrip()
{
    QFETCH(QByteArray, cells);
    QFETCH(bool, compiles);

    const Notebook notebook = makeNotebook(json::parse(cells.toStdString()));
    const std::string script = percentscript::write(notebook);

    if (compiles && QFile::exists(QString::fromLatin1(kPython))) {
        const QString error = pyCompileError(script);
        QVERIFY2(error.isEmpty(),
                 qPrintable(error + QStringLiteral("\n") + QString::fromStdString(script)));
    }

    Result<Notebook> back = percentscript::read(script, QStringLiteral("notebook.py"));
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    const auto &original = notebook.cells();
    const auto &read = back->cells();
    QVERIFY2(read.size() == original.size(),
             qPrintable(QStringLiteral("%1 cells instead of %2\n%3")
                            .arg(read.size())
                            .arg(original.size())
                            .arg(QString::fromStdString(script))));
    for (size_t i = 0; i < original.size(); ++i) {
        QVERIFY2(read[i].type() == original[i].type() && read[i].source() == original[i].source(),
                 qPrintable(QStringLiteral("cell %1: %2, expected %3\n%4")
                                .arg(i)
                                .arg(describe(read[i]), describe(original[i]),
                                     QString::fromStdString(script))));
        // The metadata the format carries comes back too.
        for (const char *key :
             {"tags", "title", "cell_depth", "slideshow", "format", "active", "run_control"}) {
            if (original[i].metadata().contains(key))
                QCOMPARE(QString::fromStdString(read[i].metadata().value(key, json()).dump()),
                         QString::fromStdString(original[i].metadata()[key].dump()));
        }
    }
    QCOMPARE(QString::fromStdString(back->metadata().value("kernelspec", json()).dump()),
             QString::fromStdString(notebook.metadata()["kernelspec"].dump()));
    // And the script reads to a notebook that writes the same script.
    QCOMPARE(QString::fromStdString(percentscript::write(*back)), QString::fromStdString(script));
}

// jupytext's percent format cannot hold a cell that ends with exactly one newline: up to two
// blank lines before a marker are spacing. Like jupytext, the newline is dropped.
void TestPercentScript::singleTrailingNewlineIsDropped()
{
    const Notebook notebook = makeNotebook(json::parse(R"json([{"s": "x = 1\n"}, {"s": "y = 2\n   "}, {"s": "z\n"}])json"));
    const std::string script = percentscript::write(notebook);
    QCOMPARE(QString::fromStdString(script).section(QStringLiteral("# ---\n\n"), 1),
             QStringLiteral("# %%\nx = 1\n\n# %%\ny = 2\n\n# %%\nz\n"));
    Result<Notebook> back = percentscript::read(script);
    QVERIFY(back.ok());
    QCOMPARE(back->cells().size(), size_t(3));
    QCOMPARE(QString::fromStdString(back->cells()[0].source()), QStringLiteral("x = 1"));
    QCOMPARE(QString::fromStdString(back->cells()[1].source()), QStringLiteral("y = 2"));
    QCOMPARE(QString::fromStdString(back->cells()[2].source()), QStringLiteral("z"));
}

// Notebooks written exactly as jupytext writes them.
void TestPercentScript::writesJupytextText_data()
{
    QTest::addColumn<QByteArray>("notebook");
    QTest::addColumn<QByteArray>("expected");

    // jupytext: ipynb_to_percent/jupyter_with_raw_cell_in_body.py
    QTest::newRow("raw cell in body")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-jupytext"},
                          "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                          "language_info": {"name": "python", "version": "3.6.4"}},
                         "cells": [{"s": "1+2+3"}, {"t": "raw", "s": "This is a raw cell"},
                                   {"t": "markdown", "s": "This is a markdown cell"}]})json")
        << QByteArray("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3\n"
                      "#     language: python\n#     name: python3\n# ---\n\n"
                      "# %%\n1+2+3\n\n# %% [raw]\n# This is a raw cell\n\n"
                      "# %% [markdown]\n# This is a markdown cell\n");
    // jupytext: ipynb_to_percent/sample_rise_notebook_66.py
    QTest::newRow("slideshow metadata")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-jupytext"},
                          "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                         "cells": [{"t": "markdown", "s": "A markdown cell", "m": {"slideshow": {"slide_type": "slide"}}},
                                   {"s": "1+1", "m": {"slideshow": {"slide_type": ""}}},
                                   {"t": "markdown", "s": "Markdown cell two",
                                    "m": {"cell_style": "center", "slideshow": {"slide_type": "fragment"}}}]})json")
        << QByteArray("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3\n"
                      "#     language: python\n#     name: python3\n# ---\n\n"
                      "# %% [markdown] slideshow={\"slide_type\": \"slide\"}\n# A markdown cell\n\n"
                      "# %% slideshow={\"slide_type\": \"\"}\n1+1\n\n"
                      "# %% [markdown] cell_style=\"center\" slideshow={\"slide_type\": \"fragment\"}\n"
                      "# Markdown cell two\n");
    // jupytext: ipynb_to_percent/Notebook with many hash signs.py
    QTest::newRow("many hash signs")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-jupytext"},
                          "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                         "cells": [{"t": "markdown", "s": "##################################################################\nThis is a notebook that contains many hash signs.\nHopefully its python representation is not recognized as a Sphinx Gallery script...\n##################################################################"},
                                   {"s": "some = 1\ncode = 2\nsome+code\n\n##################################################################\n# A comment\n##################################################################\n# Another comment"},
                                   {"t": "markdown", "s": "##################################################################\nThis is a notebook that contains many hash signs.\nHopefully its python representation is not recognized as a Sphinx Gallery script...\n##################################################################"}]})json")
        << QByteArray("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3\n"
                      "#     language: python\n#     name: python3\n# ---\n\n"
                      "# %% [markdown]\n# ##################################################################\n"
                      "# This is a notebook that contains many hash signs.\n"
                      "# Hopefully its python representation is not recognized as a Sphinx Gallery script...\n"
                      "# ##################################################################\n\n"
                      "# %%\nsome = 1\ncode = 2\nsome+code\n\n"
                      "##################################################################\n# A comment\n"
                      "##################################################################\n# Another comment\n\n"
                      "# %% [markdown]\n# ##################################################################\n"
                      "# This is a notebook that contains many hash signs.\n"
                      "# Hopefully its python representation is not recognized as a Sphinx Gallery script...\n"
                      "# ##################################################################\n");
    // jupytext: ipynb_to_percent/jupyter_with_raw_cell_on_top.py (a YAML front matter cell)
    QTest::newRow("raw front matter on top")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-jupytext"},
                          "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                         "cells": [{"t": "raw", "s": "---\ntitle: \"Quick test\"\noutput:\n  ioslides_presentation:\n    widescreen: true\n    smaller: true\neditor_options:\n     chunk_output_type console\n---"},
                                   {"s": "1+2+3"}, {"s": ""}]})json")
        << QByteArray("# ---\n# title: \"Quick test\"\n# output:\n#   ioslides_presentation:\n"
                      "#     widescreen: true\n#     smaller: true\n# editor_options:\n"
                      "#      chunk_output_type console\n# jupyter:\n#   kernelspec:\n"
                      "#     display_name: Python 3\n#     language: python\n#     name: python3\n"
                      "# ---\n\n# %%\n1+2+3\n\n# %%\n");
    // jupytext: test_multiple_empty_cells
    QTest::newRow("multiple empty cells")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-all"}},
                         "cells": [{"s": ""}, {"s": ""}, {"s": ""}]})json")
        << QByteArray("# %%\n\n# %%\n\n# %%\n");
    // jupytext: test_multiline_comments_format_option
    QTest::newRow("markdown as a string")
        << QByteArray(R"json({"metadata": {"jupytext": {"cell_markers": "\"\"\"", "notebook_metadata_filter": "-all"}},
                         "cells": [{"t": "markdown", "s": "a\nlong\ncell"}]})json")
        << QByteArray("# %% [markdown]\n\"\"\"\na\nlong\ncell\n\"\"\"\n");
    // jupytext: test_cell_markers_option_in_contents_manager
    QTest::newRow("markdown as a string after code")
        << QByteArray(R"json({"metadata": {"jupytext": {"cell_markers": "'''", "notebook_metadata_filter": "-all"}},
                         "cells": [{"s": "1 + 1"}, {"t": "markdown", "s": "a\nlong\ncell"}]})json")
        << QByteArray("# %%\n1 + 1\n\n# %% [markdown]\n'''\na\nlong\ncell\n'''\n");
    // jupytext: test_markdown_blank_lines_config_and_metadata_precedence
    QTest::newRow("markdown blank lines commented")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-all"}},
                         "cells": [{"t": "markdown", "s": "first\n\nsecond"}]})json")
        << QByteArray("# %% [markdown]\n# first\n#\n# second\n");
    QTest::newRow("markdown blank lines option")
        << QByteArray(R"json({"metadata": {"jupytext": {"markdown_blank_lines": true, "notebook_metadata_filter": "-all"}},
                         "cells": [{"t": "markdown", "s": "first\n\nsecond"}]})json")
        << QByteArray("# %% [markdown]\n# first\n\n# second\n");
    // jupytext's comment_magic and cell_language (the "language" key on the marker line).
    QTest::newRow("magics and cell languages")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-all"}},
                         "cells": [{"s": "%matplotlib inline\n!ls\nx = 1\nx?"},
                                   {"s": "%%bash\nls -l", "m": {"tags": ["sh"]}},
                                   {"s": "%%writefile out.txt\nhello"}]})json")
        << QByteArray("# %%\n# %matplotlib inline\n# !ls\nx = 1\n# x?\n\n"
                      "# %% tags=[\"sh\"] language=\"bash\"\n# ls -l\n\n"
                      "# %%\n# %%writefile out.txt\nhello\n");
    // pep8: two blank lines after a function, and before one.
    QTest::newRow("pep8 spacing")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-all"}},
                         "cells": [{"s": "import os"}, {"s": "def f(x):\n    return x"}, {"s": "f(1)"}]})json")
        << QByteArray("# %%\nimport os\n\n\n# %%\ndef f(x):\n    return x\n\n\n# %%\nf(1)\n");
    // xeus-cling C++ (jupytext: ipynb_to_percent/xcpp_by_quantstack.cpp, some of its cells)
    QTest::newRow("c++ notebook")
        << QByteArray(R"json({"metadata": {"jupytext": {"notebook_metadata_filter": "-jupytext"},
                          "kernelspec": {"display_name": "C++14", "language": "C++14", "name": "xeus-cling-cpp14"},
                          "language_info": {"codemirror_mode": "text/x-c++src", "file_extension": ".cpp",
                                            "mimetype": "text/x-c++src", "name": "c++", "version": "-std=c++14"}},
                         "cells": [{"t": "markdown", "s": "## Output and error streams\n\n`std::cout` and `std::cerr` are redirected to the notebook frontend."},
                                   {"s": "#include <iostream>\n\nstd::cout << \"some output\" << std::endl;"},
                                   {"s": "?std::vector"},
                                   {"s": "%timeit std::random_shuffle(to_shuffle.begin(), to_shuffle.end());"},
                                   {"s": ""}]})json")
        << QByteArray("// ---\n// jupyter:\n//   kernelspec:\n//     display_name: C++14\n"
                      "//     language: C++14\n//     name: xeus-cling-cpp14\n// ---\n\n"
                      "// %% [markdown]\n// ## Output and error streams\n//\n"
                      "// `std::cout` and `std::cerr` are redirected to the notebook frontend.\n\n"
                      "// %%\n#include <iostream>\n\nstd::cout << \"some output\" << std::endl;\n\n"
                      "// %%\n?std::vector\n\n"
                      "// %%\n// %timeit std::random_shuffle(to_shuffle.begin(), to_shuffle.end());\n\n"
                      "// %%\n");
}

void TestPercentScript::writesJupytextText()
{
    QFETCH(QByteArray, notebook);
    QFETCH(QByteArray, expected);
    const json spec = json::parse(notebook.toStdString());
    const Notebook nb = makeNotebook(spec["cells"], spec["metadata"]);
    QCOMPARE(QString::fromStdString(percentscript::write(nb)), QString::fromUtf8(expected));

    // Reading the text back gives the cells again.
    Result<Notebook> back = percentscript::read(text(expected));
    QVERIFY(back.ok());
    QCOMPARE(back->cells().size(), nb.cells().size());
    for (size_t i = 0; i < nb.cells().size(); ++i) {
        QCOMPARE(back->cells()[i].type(), nb.cells()[i].type());
        QCOMPARE(QString::fromStdString(back->cells()[i].source()),
                 QString::fromStdString(nb.cells()[i].source()));
    }
}

// Scripts jupytext writes (or reads) give jupytext's cells, and write back unchanged.
void TestPercentScript::readsJupytextText_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QByteArray>("cells");
    QTest::addColumn<bool>("writesBack");

    // jupytext: test_read_simple_file
    QTest::newRow("simple file") << QByteArray(
        "# ---\n# title: Simple file\n# ---\n\n# %% [markdown]\n# This is a markdown cell\n\n"
        "# %% [md]\n# This is also a markdown cell\n\n# %% [raw]\n# This is a raw cell\n\n"
        "# %%% sub-cell title\n# This is a sub-cell\n\n"
        "# %%%% sub-sub-cell title\n# This is a sub-sub-cell\n\n"
        "# %% And now a code cell\n1 + 2 + 3 + 4\n5\n6\n"
        "# %%magic # this is a commented magic, not a cell\n\n7\n")
                                 << QByteArray(
                                        R"json([{"t": "raw", "s": "---\ntitle: Simple file\n---"},
                          {"t": "markdown", "s": "This is a markdown cell"},
                          {"t": "markdown", "s": "This is also a markdown cell", "m": {"region_name": "md"}},
                          {"t": "raw", "s": "This is a raw cell"},
                          {"s": "# This is a sub-cell", "m": {"title": "sub-cell title", "cell_depth": 1}},
                          {"s": "# This is a sub-sub-cell", "m": {"title": "sub-sub-cell title", "cell_depth": 2}},
                          {"s": "1 + 2 + 3 + 4\n5\n6\n%%magic # this is a commented magic, not a cell\n\n7",
                           "m": {"title": "And now a code cell"}}])json")
                                 << true;
    // jupytext: test_read_cell_with_metadata
    QTest::newRow("cell with JSON metadata")
        << QByteArray("# %% a code cell with parameters {\"tags\": [\"parameters\"]}\na = 3\n")
        << QByteArray(R"json([{"s": "a = 3", "m": {"title": "a code cell with parameters", "tags": ["parameters"]}}])json")
        << true;
    // jupytext: test_read_remove_blank_lines
    QTest::newRow("blank lines before functions")
        << QByteArray("# %%\nimport pandas as pd\n\n# %% Display a data frame\n"
                      "df = pd.DataFrame({'A': [1, 2], 'B': [3, 4]},\n"
                      "                  index=pd.Index(['x0', 'x1'], name='x'))\ndf\n\n"
                      "# %% Pandas plot {\"tags\": [\"parameters\"]}\ndf.plot(kind='bar')\n\n\n"
                      "# %% sample class\nclass MyClass:\n    pass\n\n\n"
                      "# %% a function\ndef f(x):\n    return 42 * x\n\n")
        << QByteArray(R"json([{"s": "import pandas as pd"},
                          {"s": "df = pd.DataFrame({'A': [1, 2], 'B': [3, 4]},\n                  index=pd.Index(['x0', 'x1'], name='x'))\ndf",
                           "m": {"title": "Display a data frame"}},
                          {"s": "df.plot(kind='bar')", "m": {"title": "Pandas plot", "tags": ["parameters"]}},
                          {"s": "class MyClass:\n    pass", "m": {"title": "sample class"}},
                          {"s": "def f(x):\n    return 42 * x", "m": {"title": "a function"}}])json")
        << true;
    // jupytext: test_cell_marker_has_same_indentation_as_code
    QTest::newRow("indented marker")
        << QByteArray("# %%\nif __name__ == '__main__':\n    print(1)\n\n    # %%\n    # INDENTED "
                      "COMMENT\n    print(2)\n")
        << QByteArray(R"json([{"s": "if __name__ == '__main__':\n    print(1)"},
                          {"s": "    # INDENTED COMMENT\n    print(2)"}])json")
        << true;
    // jupytext: test_multiline_comments_in_markdown_1 and _2, test_multiline_comments_in_raw_cell
    QTest::newRow("markdown in single quotes")
        << QByteArray("# %% [markdown]\n'''\na\nlong\ncell\n'''\n")
        << QByteArray(R"json([{"t": "markdown", "s": "a\nlong\ncell", "m": {"cell_marker": "'''"}}])json") << true;
    QTest::newRow("markdown in double quotes")
        << QByteArray("# %% [markdown]\n\"\"\"\na\nlong\ncell\n\"\"\"\n")
        << QByteArray(R"json([{"t": "markdown", "s": "a\nlong\ncell", "m": {"cell_marker": "\"\"\""}}])json") << true;
    QTest::newRow("raw in double quotes")
        << QByteArray("# %% [raw]\n\"\"\"\nsome\ntext\n\"\"\"\n")
        << QByteArray(R"json([{"t": "raw", "s": "some\ntext", "m": {"cell_marker": "\"\"\""}}])json") << true;
    // jupytext: test_multiline_comments_in_markdown_cell_is_robust_to_additional_cell_marker
    QTest::newRow("marker inside a markdown string")
        << QByteArray(
               "# %% [markdown]\n\"\"\"\nsome text, and a fake cell marker\n# %% [raw]\n\"\"\"\n")
        << QByteArray(
               R"json([{"t": "markdown", "s": "some text, and a fake cell marker\n# %% [raw]", "m": {"cell_marker": "\"\"\""}}])json")
        << true;
    // jupytext: test_markdown_blank_lines_1627 (blank lines inside a Markdown cell)
    QTest::newRow("markdown with empty lines")
        << QByteArray("# %% [markdown]\n# ## Title\n\n# Para one.\n\n# Para two.\n\n# %%\nx = 1\n")
        << QByteArray(R"json([{"t": "markdown", "s": "## Title\n\nPara one.\n\nPara two."}, {"s": "x = 1"}])json")
        << false;
    // jupytext: test_read_nbconvert_script
    QTest::newRow("nbconvert script")
        << QByteArray(
               "\n# coding: utf-8\n\n# A markdown cell\n\n# In[1]:\n\n\nimport pandas as pd\n\n"
               "pd.options.display.max_rows = 6\npd.options.display.max_columns = 20\n\n\n"
               "# Another markdown cell\n\n# In[2]:\n\n\n1 + 1\n\n\n# Again, a markdown cell\n\n"
               "# In[33]:\n\n\n2 + 2\n\n\n# <codecell>\n\n\n3 + 3\n")
        << QByteArray(R"json([{"s": "\n# coding: utf-8\n\n# A markdown cell"},
                          {"s": "\n\nimport pandas as pd\n\npd.options.display.max_rows = 6\npd.options.display.max_columns = 20\n\n\n# Another markdown cell"},
                          {"s": "\n\n1 + 1\n\n\n# Again, a markdown cell"}, {"s": "\n\n2 + 2"}, {"s": "\n\n3 + 3"}])json")
        << false;
    // jupytext: test_no_crash_on_square_bracket
    QTest::newRow("title with brackets")
        << QByteArray("# %% In [2]\nprint('Hello')\n")
        << QByteArray(R"json([{"s": "print('Hello')", "m": {"title": "In [2]"}}])json") << true;
    // jupytext: test_docstring_with_quadruple_quote (no cell split inside the docstrings)
    QTest::newRow("escaped magics")
        << QByteArray("# %%\n# %time x = 1\n# # %time kept as a comment\n# ls\n# !ls\nx = 1\n\n"
                      "# %% language=\"bash\" magic_args=\"-n\"\n# ls\n")
        << QByteArray(R"json([{"s": "%time x = 1\n# %time kept as a comment\nls\n!ls\nx = 1"},
                          {"s": "%%bash -n\nls"}])json")
        << false;
    QTest::newRow("shebang and coding line")
        << QByteArray("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# %%\nx = 1\n")
        << QByteArray(R"json([{"s": "x = 1"}])json") << true;
    QTest::newRow("windows line ends")
        << QByteArray("# %%\r\nx = 1\r\n\r\n# %% [markdown]\r\n# text\r\n")
        << QByteArray(R"json([{"s": "x = 1"}, {"t": "markdown", "s": "text"}])json") << false;
    QTest::newRow("no marker at all")
        << QByteArray("import os\n\nprint(os.name)\n")
        << QByteArray(R"json([{"s": "import os\n\nprint(os.name)"}])json") << false;
    QTest::newRow("markdown with code after it")
        << QByteArray("# %% [markdown]\n# some text\nprint(\"hello\")\n")
        << QByteArray(R"json([{"t": "markdown", "s": "some text\nprint(\"hello\")"}])json") << false;
    QTest::newRow("hydrogen keeps magics") << QByteArray(
        "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n"
        "#       format_name: hydrogen\n# ---\n\n# %%\n# %time x\n%time y\n")
                                           << QByteArray(R"json([{"s": "# %time x\n%time y"}])json")
                                           << false;
}

void TestPercentScript::readsJupytextText()
{
    QFETCH(QByteArray, script);
    QFETCH(QByteArray, cells);
    QFETCH(bool, writesBack);

    Result<Notebook> nb = percentscript::read(text(script), QStringLiteral("test.py"));
    QVERIFY2(nb.ok(), qPrintable(nb.ok() ? QString() : nb.error().toString()));
    const json expected = json::parse(cells.toStdString());
    QCOMPARE(nb->cells().size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const Cell &cell = nb->cells()[i];
        QCOMPARE(QString::fromStdString(cell.typeName()),
                 QString::fromStdString(expected[i].value("t", "code")));
        QCOMPARE(QString::fromStdString(cell.source()),
                 QString::fromStdString(expected[i].value("s", "")));
        json metadata = cell.metadata();
        metadata.erase("lines_to_next_cell");
        QCOMPARE(QString::fromStdString(metadata.dump()),
                 QString::fromStdString(expected[i].value("m", json::object()).dump()));
    }
    if (writesBack)
        QCOMPARE(QString::fromStdString(percentscript::write(*nb)), QString::fromUtf8(script));
}

// jupytext's header (kernelspec and the text_representation block; language_info is not
// in jupytext's default notebook_metadata_filter), without a jupytext_version line.
void TestPercentScript::defaultHeader()
{
    json metadata = json::parse(R"json({
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                          "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                          "pygments_lexer": "ipython3", "version": "3.11.2"}})json");
    const Notebook nb = makeNotebook(json::parse(R"json([{"s": "x = 1"}])json"), metadata);
    const std::string script = percentscript::write(nb);
    QCOMPARE(QString::fromStdString(script),
             QStringLiteral("# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n"
                            "#       extension: .py\n#       format_name: percent\n"
                            "#       format_version: '1.3'\n#   kernelspec:\n"
                            "#     display_name: Python 3 (ipykernel)\n#     language: python\n"
                            "#     name: python3\n# ---\n\n# %%\nx = 1\n"));
    Result<Notebook> back = percentscript::read(script);
    QVERIFY(back.ok());
    // The kernelspec comes back; the text representation stays out of the notebook.
    QCOMPARE(QString::fromStdString(back->metadata().dump()),
             QString::fromStdString(json{{"kernelspec", metadata["kernelspec"]}}.dump()));
}

// A header as jupytext writes it once language_info is in the notebook_metadata_filter.
void TestPercentScript::headerWithLanguageInfo()
{
    const QByteArray script =
        "# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n"
        "#     notebook_metadata_filter: language_info\n#     text_representation:\n"
        "#       extension: .py\n#       format_name: percent\n#       format_version: '1.3'\n"
        "#       jupytext_version: 1.16.4\n#   kernelspec:\n#     display_name: Python 3 (ipykernel)\n"
        "#     language: python\n#     name: python3\n#   language_info:\n#     codemirror_mode:\n"
        "#       name: ipython\n#       version: 3\n#     file_extension: .py\n"
        "#     mimetype: text/x-python\n#     name: python\n#     nbconvert_exporter: python\n"
        "#     pygments_lexer: ipython3\n#     version: 3.11.2\n# ---\n\n# %%\nprint(\"é\")\n";
    Result<Notebook> nb = percentscript::read(text(script), QStringLiteral("nb.py"));
    QVERIFY(nb.ok());
    const json &metadata = nb->metadata();
    QCOMPARE(QString::fromStdString(metadata["language_info"]["version"].get<std::string>()),
             QStringLiteral("3.11.2"));
    QCOMPARE(metadata["language_info"]["codemirror_mode"]["version"].get<int>(), 3);
    QCOMPARE(QString::fromStdString(metadata["jupytext"]["formats"].get<std::string>()),
             QStringLiteral("ipynb,py:percent"));
    QVERIFY(!metadata["jupytext"].contains("text_representation"));
    // Written back: the same text, less jupytext's version line.
    QString expected = QString::fromUtf8(script);
    expected.remove(QStringLiteral("#       jupytext_version: 1.16.4\n"));
    QCOMPARE(QString::fromStdString(percentscript::write(*nb)), expected);
}

// Headers in the YAML styles other tools and people write.
void TestPercentScript::headerFromOtherTools()
{
    const std::string script =
        "# ---\n# jupyter:\n#   kernelspec: {display_name: 'R', language: R, name: ir}\n"
        "#   tags: [a, \"b c\"]\n#   note: |\n#     two\n#     lines\n#   quoted: \"caf\\xE9 \\u65E5\"\n# ---\n\n"
        "# %%\nx <- 1\n";
    Result<Notebook> nb = percentscript::read(script);
    QVERIFY(nb.ok());
    const json &metadata = nb->metadata();
    QCOMPARE(QString::fromStdString(metadata["kernelspec"]["name"].get<std::string>()),
             QStringLiteral("ir"));
    QCOMPARE(QString::fromStdString(metadata["tags"].dump()), QStringLiteral(R"json(["a","b c"])json"));
    QCOMPARE(QString::fromStdString(metadata["note"].get<std::string>()),
             QStringLiteral("two\nlines\n"));
    QCOMPARE(QString::fromStdString(metadata["quoted"].get<std::string>()),
             QStringLiteral("café 日"));
    QCOMPARE(QString::fromStdString(nb->cells().at(0).source()), QStringLiteral("x <- 1"));
}

void TestPercentScript::otherLanguages_data()
{
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QByteArray>("cells");
    QTest::addColumn<QByteArray>("expectedBody");

    QTest::newRow("R")
        << QByteArray(
               R"json({"kernelspec": {"display_name": "R", "language": "R", "name": "ir"}})json")
        << QByteArray(
               R"json([{"t": "markdown", "s": "Text\n\nmore"}, {"s": "x <- 1\n# %% comment\nprint(x)"},
                          {"s": "%%R\ny"}])json")
        << QByteArray(
               "# %% [markdown]\n# Text\n#\n# more\n\n# %%\nx <- 1\n# # %% comment\nprint(x)\n\n"
               "# %%\n# %%R\ny\n");
    QTest::newRow("Julia")
        << QByteArray(R"json({"kernelspec": {"display_name": "Julia 1.9", "language": "julia", "name": "julia-1.9"}})json")
        << QByteArray(R"json([{"s": "x = 1\n%time x\n?sin"}, {"t": "raw", "s": "raw"}])json")
        << QByteArray("# %%\nx = 1\n# %time x\n?sin\n\n# %% [raw]\n# raw\n");
    QTest::newRow("C++")
        << QByteArray(
               R"json({"kernelspec": {"display_name": "C++17", "language": "C++17", "name": "xcpp17"}})json")
        << QByteArray(
               R"json([{"t": "markdown", "s": "A *cell*"}, {"s": "// %% not a cell\nint x = 1;\n%timeit f();"}])json")
        << QByteArray("// %% [markdown]\n// A *cell*\n\n// %%\n// // %% not a cell\nint x = 1;\n// "
                      "%timeit f();\n");
    QTest::newRow("CUDA")
        << QByteArray(R"json({"kernelspec": {"display_name": "CUDA", "language": "cuda", "name": "cuda"}})json")
        << QByteArray(R"json([{"t": "markdown", "s": "kernel"}, {"s": "__global__ void k() {}"}])json")
        << QByteArray("// %% [markdown]\n// kernel\n\n// %%\n__global__ void k() {}\n");
}

void TestPercentScript::otherLanguages()
{
    QFETCH(QByteArray, metadata);
    QFETCH(QByteArray, cells);
    QFETCH(QByteArray, expectedBody);

    const Notebook nb
        = makeNotebook(json::parse(cells.toStdString()), json::parse(metadata.toStdString()));
    const QString script = QString::fromStdString(percentscript::write(nb));
    QVERIFY2(script.endsWith(QString::fromUtf8(expectedBody)), qPrintable(script));
    Result<Notebook> back = percentscript::read(script.toStdString());
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back->cells().size(), nb.cells().size());
    for (size_t i = 0; i < nb.cells().size(); ++i) {
        QCOMPARE(back->cells()[i].type(), nb.cells()[i].type());
        QCOMPARE(QString::fromStdString(back->cells()[i].source()),
                 QString::fromStdString(nb.cells()[i].source()));
    }
    QCOMPARE(QString::fromStdString(back->metadata()["kernelspec"].dump()),
             QString::fromStdString(nb.metadata()["kernelspec"].dump()));
}

void TestPercentScript::errors_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");

    QTest::newRow("header never closed")
        << QByteArray("# ---\n# jupyter:\n#   kernelspec:\n#     name: python3\n\nimport os\n") << 1
        << QStringLiteral("never closed");
    QTest::newRow("header closed after a comment block")
        << QByteArray("#!/usr/bin/env python\n# ---\n# jupyter:\n#   kernelspec:\n") << 2
        << QStringLiteral("never closed");
    QTest::newRow("unterminated flow collection")
        << QByteArray("# ---\n# jupyter:\n#   tags: [a, b\n#   other: 1\n# ---\n") << 3
        << QStringLiteral("flow collection");
    QTest::newRow("bad indentation") << QByteArray(
        "# ---\n# jupyter:\n#   kernelspec:\n#     name: x\n#    display_name: y\n# ---\n")
                                     << 5 << QStringLiteral("indentation");
    QTest::newRow("jupyter entry not a mapping")
        << QByteArray("# ---\n# jupyter:\n#   3\n# ---\n") << 2 << QStringLiteral("not a mapping");
    QTest::newRow("unsupported encoding")
        << QByteArray("# -*- coding: latin-1 -*-\nx = 1\n") << 1 << QStringLiteral("latin-1");
}

void TestPercentScript::errors()
{
    QFETCH(QByteArray, script);
    QFETCH(int, line);
    QFETCH(QString, message);

    Result<Notebook> nb = percentscript::read(text(script), QStringLiteral("broken.py"));
    QVERIFY(!nb.ok());
    QCOMPARE(nb.error().file, QStringLiteral("broken.py"));
    QCOMPARE(nb.error().line, line);
    QVERIFY2(nb.error().message.contains(message), qPrintable(nb.error().message));
    QVERIFY(nb.error().toString().startsWith(QStringLiteral("broken.py:%1: ").arg(line)));
}

QTEST_GUILESS_MAIN(TestPercentScript)
#include "tst_percentscript.moc"
