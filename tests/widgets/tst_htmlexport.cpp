// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The HTML exporter: every corpus notebook, parsed by html5lib and lxml (export_html_check.py),
// must be well-formed, fetch nothing and contain every cell's source and text outputs; the
// options; math typeset offline by headless Chromium (CUMULUS_TEST_SNAPSHOTS=<dir> keeps its
// screenshot for a look).

#include "export/notebookexport.h"
#include "exporttestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace cumulus;
using namespace cumulus::test;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QString checker()
{
    return QStringLiteral(CUMULUS_TEST_SOURCE_DIR "/export_html_check.py");
}

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

std::string exportToString(const Notebook &notebook, const ExportOptions &options)
{
    std::string out;
    auto written = writeHtml(notebook, options, [&](std::string_view chunk) {
        out.append(chunk);
        return true;
    });
    return written ? out : std::string();
}

} // namespace

class TestHtmlExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The checker needs python3-html5lib and python3-lxml.
        QByteArray out;
        const int code = run(kPython, {QStringLiteral("-c"), QStringLiteral("import html5lib, lxml.html")}, &out);
        if (code != 0) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("python3-html5lib and python3-lxml are needed");
            QSKIP("python3-html5lib or python3-lxml is missing");
        }
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList paths = exportCorpus();
        QVERIFY(paths.size() >= 40);
        for (const QString &path : paths)
            QTest::newRow(qPrintable(QDir(QStringLiteral(CUMULUS_TEST_DATA)).relativeFilePath(path)))
                << path;
    }

    void corpus()
    {
        QFETCH(QString, path);
        auto read = nbformat::readFile(path);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
        const Notebook &notebook = read->notebook;
        ExportOptions options;
        options.fileName = path;
        const QString out = m_dir.filePath(QFileInfo(path).completeBaseName() + QStringLiteral(".html"));
        auto written = writeHtmlFile(notebook, options, out);
        QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));

        QByteArray json;
        QCOMPARE(run(kPython, {checker(), out}, &json), 0);
        const QJsonObject result = QJsonDocument::fromJson(json).object();
        QVERIFY(!result.isEmpty());
        const QJsonArray errors = result.value(QStringLiteral("errors")).toArray();
        QVERIFY2(errors.isEmpty(), QJsonDocument(errors).toJson().constData());
        const QJsonArray bad = result.value(QStringLiteral("bad_urls")).toArray();
        QVERIFY2(bad.isEmpty(), QJsonDocument(bad).toJson().constData());

        const QString text = result.value(QStringLiteral("text")).toString();
        const QStringList missing = missingLines(expectedLines(notebook, true), text);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.mid(0, 5).join(QLatin1Char('\n'))));
        // Attachments became data: URLs.
        QVERIFY(!readAll(out).contains(QLatin1String("attachment:")));
    }

    void showcase()
    {
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb"));
        QVERIFY(!notebook.cells().empty());
        ExportOptions options;
        options.fileName = QStringLiteral("showcase.ipynb");
        const QString html = QString::fromStdString(exportToString(notebook, options));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(QLatin1String("<title>showcase</title>")));
        // Table of contents, linked to the headings.
        QVERIFY(html.contains(QLatin1String("<nav class=\"cm-toc\"")));
        QVERIFY(html.contains(QLatin1String("href=\"#section-2\"")));
        QVERIFY(html.contains(QLatin1String("id=\"section-2\"")));
        // Highlighted with the window's tokenizer and colours.
        QVERIFY(html.contains(QLatin1String("<span class=\"k\">def</span>")));
        QVERIFY(html.contains(QLatin1String(".cm-source .k{color:#008000")));
        // ANSI colours as inline styles, not escape codes.
        QVERIFY(!html.contains(QChar(0x1b)));
        QVERIFY(html.contains(QLatin1String("<span style=\"color:")));
        // Images inline, SVG inline, HTML outputs kept with their scripts (as nbconvert).
        QVERIFY(html.contains(QLatin1String("<img src=\"data:image/png;base64,iVBOR")));
        QVERIFY(html.contains(QLatin1String("<svg xmlns=")));
        QVERIFY(!html.contains(QLatin1String("<?xml")));
        QVERIFY(html.contains(QLatin1String("document.title = \"scripted\"")));
        QVERIFY(html.contains(QLatin1String("onclick=")));
        // The output's remote link stays as it is.
        QVERIFY(html.contains(QLatin1String("https://example.org/remote")));
        // Math is kept as source for KaTeX, which is bundled with its fonts.
        QVERIFY(html.contains(QLatin1String("$a_1 * b_2 + \\alpha^2$")));
        QVERIFY(html.contains(QLatin1String("renderMathInElement")));
        QVERIFY(html.contains(QLatin1String("src:url(data:font/woff2;base64,")));
        QVERIFY(!html.contains(QLatin1String("url(fonts/")));
        // Execution counts.
        QVERIFY(html.contains(QLatin1String("<div class=\"cm-prompt\">[3]:</div>")));
        QVERIFY(html.contains(QLatin1String("color-scheme:light")));
    }

    void noMathNoKatex()
    {
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/notebooks/jupyter/HelloWorld.ipynb"));
        const std::string html = exportToString(notebook, ExportOptions());
        QVERIFY(!html.empty());
        QVERIFY(html.find("renderMathInElement") == std::string::npos);
        QVERIFY(html.size() < 64 * 1024);
    }

    void options()
    {
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb"));
        ExportOptions options;
        options.includeInput = false;
        options.includePrompts = false;
        options.dark = true;
        options.sanitize = true;
        options.title = QStringLiteral("Report <1>");
        const QString html = QString::fromStdString(exportToString(notebook, options));
        QVERIFY(!html.isEmpty());
        QVERIFY(html.contains(QLatin1String("<title>Report &lt;1&gt;</title>")));
        // --no-input: no code, outputs stay.
        QVERIFY(!html.contains(QLatin1String("greet(name)")));
        QVERIFY(html.contains(QLatin1String("hello world")));
        QVERIFY(!html.contains(QLatin1String("raw cell text")));
        // --no-prompt: no execution counts at all.
        QVERIFY(!html.contains(QLatin1String("class=\"cm-prompt\"")));
        // --theme dark: the window's dark colours.
        QVERIFY(html.contains(QLatin1String("color-scheme:dark")));
        QVERIFY(html.contains(QLatin1String("background:#1e1e1e")));
        QVERIFY(html.contains(QLatin1String(".cm-source .k{color:#81c784")));
        // --sanitize: the output's script and handler are gone; KaTeX (ours) stays.
        QVERIFY(!html.contains(QLatin1String("document.title")));
        QVERIFY(!html.contains(QLatin1String("onclick")));
        QVERIFY(html.contains(QLatin1String("clickable")));
        QVERIFY(html.contains(QLatin1String("renderMathInElement")));
    }

    void sanitizeDropsHandlersAndJavascriptUrls()
    {
        Notebook notebook;
        Cell cell(CellType::Code);
        cell.setSource("x");
        cell.outputs().push_back(Output::displayData(
            {{"text/html", "<img src=x onerror='alert(1)' onload=\"a()\"><a href=\"javascript:alert(2)\">j</a>"
                           "<SCRIPT type=module>bad()</SCRIPT><svg><script>svgbad()</script></svg>"}}));
        cell.outputs().push_back(Output::displayData(
            {{"image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"evil()\"><script>e()</script></svg>"}}));
        notebook.cells().push_back(cell);
        ExportOptions options;
        options.sanitize = true;
        const QString html = QString::fromStdString(exportToString(notebook, options));
        QVERIFY(!html.isEmpty());
        for (const char *gone : {"onerror", "onload", "javascript:", "bad()", "svgbad", "evil", "e()"})
            QVERIFY2(!html.contains(QLatin1String(gone), Qt::CaseInsensitive), gone);
    }

    void cancelled()
    {
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb"));
        const QString out = m_dir.filePath(QStringLiteral("cancelled.html"));
        int calls = 0;
        auto written = writeHtmlFile(notebook, ExportOptions(), out, [&](int done, int total) {
            ++calls;
            return done < total / 2;
        });
        QVERIFY(!written);
        QVERIFY(calls > 0);
        QVERIFY(!QFile::exists(out)); // nothing half-written is left
    }

    /// Math typeset offline: headless Chromium, network off, runs the bundled KaTeX.
    void mathRendersOffline()
    {
        QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium.isEmpty())
            chromium = QStandardPaths::findExecutable(QStringLiteral("chromium-browser"));
        if (chromium.isEmpty()) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("chromium is missing (Debian package chromium)");
            QSKIP("chromium is missing (Debian package chromium)");
        }
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb"));
        ExportOptions options;
        options.fileName = QStringLiteral("showcase.ipynb");
        const QString out = m_dir.filePath(QStringLiteral("math.html"));
        QVERIFY(writeHtmlFile(notebook, options, out));
        const QString profile = m_dir.filePath(QStringLiteral("chromium-profile"));
        const QStringList common = {
            QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
            QStringLiteral("--disable-gpu"), QStringLiteral("--user-data-dir=") + profile,
            QStringLiteral("--disable-background-networking"),
            QStringLiteral("--disable-component-update"), QStringLiteral("--disable-sync"),
            // No network at all: anything the page fetched would fail.
            QStringLiteral("--proxy-server=127.0.0.1:9"), QStringLiteral("--proxy-bypass-list=<-loopback>"),
            QStringLiteral("--virtual-time-budget=5000")};
        QByteArray dom;
        QCOMPARE(run(chromium, common + QStringList{QStringLiteral("--dump-dom"),
                                                    QUrl::fromLocalFile(out).toString()},
                     &dom, 120000),
                 0);
        // KaTeX replaced the markdown's and the LaTeX output's math with its markup.
        QVERIFY2(dom.count("class=\"katex\"") >= 3, dom.left(400).constData());
        QVERIFY(dom.contains("katex-display"));

        const QString snapshots = qEnvironmentVariable("CUMULUS_TEST_SNAPSHOTS");
        if (!snapshots.isEmpty()) {
            QDir().mkpath(snapshots);
            run(chromium, common + QStringList{QStringLiteral("--window-size=1000,1400"),
                                               QStringLiteral("--screenshot=") + snapshots
                                                   + QStringLiteral("/htmlexport-math.png"),
                                               QUrl::fromLocalFile(out).toString()},
                nullptr, 120000);
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestHtmlExport)
#include "tst_htmlexport.moc"
