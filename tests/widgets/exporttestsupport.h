// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// What tst_htmlexport and tst_pdfexport share: the corpus, and the text every export must
// contain (each cell's source and its text outputs), computed from the same model.

#include "nbformat/nbformat.h"
#include "notebook/notebook.h"
#include "output/ansitext.h"
#include "output/renderedoutput.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QtTest>

namespace cumulus::test {

/// Every notebook of tests/data that Cumulus reads (the broken ones are left out), and
/// the export showcase.
inline QStringList exportCorpus()
{
    QStringList paths;
    const QString root = QStringLiteral(CUMULUS_TEST_DATA);
    for (const char *dir : {"notebooks/features", "notebooks/jupyter", "notebooks/versions",
                            "notebooks/warnings", "export"}) {
        QDirIterator it(root + QLatin1Char('/') + QLatin1String(dir),
                        {QStringLiteral("*.ipynb")}, QDir::Files);
        while (it.hasNext())
            paths.append(it.next());
    }
    paths.sort();
    return paths;
}

/// Letters, digits and punctuation only: wrapping, indentation and page breaks differ.
inline QString squeezed(const QString &text)
{
    QString out;
    out.reserve(text.size());
    // NFKC: a PDF's text layer may spell "fi" as its ligature.
    const QString normalized = text.normalized(QString::NormalizationForm_KC);
    for (QChar c : normalized)
        if (!c.isSpace() && c != QChar(0xfffc))
            out += c;
    return out;
}

/// Lines worth looking for: not empty, and without characters that a PDF's text layer may
/// spell differently (characters outside the BMP, controls, private use, combining marks).
inline bool checkable(const QString &line)
{
    if (squeezed(line).isEmpty())
        return false;
    for (QChar c : line) {
        const char16_t u = c.unicode();
        if (c.isSurrogate() || (u < 0x20 && u != u'\t') || (u >= 0x7f && u <= 0x9f)
            || (u >= 0xfdd0 && u <= 0xfdef) || u >= 0xfffd || c.category() == QChar::Other_PrivateUse
            || c.isMark())
            return false;
    }
    return true;
}

/// The text the export of @p notebook must contain, line by line.
inline QStringList expectedLines(const Notebook &notebook, bool includeInput)
{
    QStringList lines;
    auto add = [&](const QString &text) {
        const QStringList split = text.split(QLatin1Char('\n'));
        for (const QString &line : split)
            if (checkable(line))
                lines.append(line);
    };
    auto ansi = [](const std::string &utf8) { return parseAnsi(utf8).text; };
    for (const Cell &cell : notebook.cells()) {
        if (cell.type() == CellType::Code || cell.type() == CellType::Raw) {
            if (includeInput)
                add(QString::fromStdString(cell.source()));
        }
        if (cell.type() != CellType::Code)
            continue;
        for (const Output &output : cell.outputs()) {
            switch (output.type()) {
            case OutputType::Stream:
                add(ansi(output.text()));
                break;
            case OutputType::Error: {
                std::string text;
                for (const std::string &line : output.traceback())
                    text += line + '\n';
                add(ansi(text));
                break;
            }
            case OutputType::DisplayData:
            case OutputType::ExecuteResult: {
                const QString mime = preferredMimeType(output.data());
                // HTML, markdown and JSON outputs are rendered (their text is reflowed); LaTeX
                // is its source in both (KaTeX typesets it in the browser).
                if (mime == QLatin1String("text/plain"))
                    add(ansi(output.dataText("text/plain")));
                else if (mime == QLatin1String("text/latex"))
                    add(QString::fromStdString(output.dataText("text/latex")));
                break;
            }
            case OutputType::Unknown:
                break;
            }
        }
    }
    return lines;
}

/// The lines of @p expected not found in @p text (compared without whitespace).
inline QStringList missingLines(const QStringList &expected, const QString &text)
{
    const QString haystack = squeezed(text);
    QStringList missing;
    for (const QString &line : expected)
        if (!haystack.contains(squeezed(line)))
            missing.append(line);
    return missing;
}

inline Notebook readNotebook(const QString &path)
{
    auto read = nbformat::readFile(path);
    if (!read)
        return Notebook();
    return std::move(read->notebook);
}

/// Runs @p program; the exit code, or -1 when it could not run. Output in @p out.
inline int run(const QString &program, const QStringList &arguments, QByteArray *out = nullptr,
               int timeoutMs = 60000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return -1;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (out)
        *out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit)
        return -1;
    return process.exitCode();
}

/// A tool the test needs: skipped when missing, except in CI (CI=true), where it must be
/// installed (tools/dev.sh installs it).
#define CUMULUS_REQUIRE_TOOL(program, package)                                                    \
    do {                                                                                          \
        if (QStandardPaths::findExecutable(QStringLiteral(program)).isEmpty()) {                   \
            if (qEnvironmentVariable("CI") == QLatin1String("true"))                              \
                QFAIL(program " is missing (Debian package " package ")");                        \
            QSKIP(program " is missing (Debian package " package ")");                            \
        }                                                                                         \
    } while (false)

} // namespace cumulus::test
