// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// `cumulus export NOTEBOOK --to html|pdf` as a process: headless (no DISPLAY, no platform
// chosen), HTML on stdout, PDF beside the notebook, the options and their errors, and memory
// that stays bounded for a 5,000-cell notebook and a 5 MB image (peak RSS of the child, from
// wait4). Reads PDFs back with poppler-utils.

#include "nbformat/nbformat.h"
#include "notebook/notebook.h"

#include <QDir>
#include <QFile>
#include <QBuffer>
#include <QImage>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <vector>

extern char **environ;

using namespace cumulus;

namespace {

const QString kCumulus = QStringLiteral(CUMULUS_EXECUTABLE);
const QString kShowcase = QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb");

struct Child
{
    int exitCode = -1;
    qint64 peakRssKb = 0;
    QByteArray out;
    QByteArray err;
};

/// Runs @p program headless (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset) and reports
/// its exit code, output and peak RSS (that child only: wait4's rusage).
Child runHeadless(const QString &program, const QStringList &arguments, const QString &dir)
{
    Child child;
    const QString outPath = dir + QStringLiteral("/child.out");
    const QString errPath = dir + QStringLiteral("/child.err");
    std::vector<QByteArray> storage;
    storage.push_back(QFile::encodeName(program));
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    for (char **e = environ; *e; ++e) {
        const QByteArray entry(*e);
        if (entry.startsWith("DISPLAY=") || entry.startsWith("WAYLAND_DISPLAY=")
            || entry.startsWith("QT_QPA_PLATFORM="))
            continue;
        envStorage.push_back(entry);
    }
    std::vector<char *> envp;
    for (QByteArray &s : envStorage)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray outName = QFile::encodeName(outPath);
    const QByteArray errName = QFile::encodeName(errPath);
    posix_spawn_file_actions_addopen(&actions, 1, outName.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, errName.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return child;
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid)
        return child;
    child.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    child.peakRssKb = usage.ru_maxrss;
    QFile out(outPath), err(errPath);
    if (out.open(QIODevice::ReadOnly))
        child.out = out.readAll();
    if (err.open(QIODevice::ReadOnly))
        child.err = err.readAll();
    return child;
}

QByteArray runTool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return {};
    return process.readAllStandardOutput();
}

int imageRows(const QString &pdf)
{
    int count = 0;
    const QList<QByteArray> lines = runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf}).split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 2 && fields.at(2) == "image")
            ++count;
    }
    return count;
}

void requirePoppler()
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("pdftotext is missing (Debian package poppler-utils)");
        QSKIP("pdftotext is missing (Debian package poppler-utils)");
    }
}

} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void helpListsTheFormats()
    {
        const Child child = runHeadless(kCumulus, {QStringLiteral("export"), QStringLiteral("--help")}, m_dir.path());
        QCOMPARE(child.exitCode, 0);
        for (const char *word : {"html", "pdf", "--no-input", "--no-prompt", "--theme", "--sanitize"})
            QVERIFY2(child.out.contains(word), word);
    }

    void htmlToStdoutHeadless()
    {
        const Child child = runHeadless(kCumulus,
                                        {QStringLiteral("export"), kShowcase, QStringLiteral("--to"),
                                         QStringLiteral("html"), QStringLiteral("--no-prompt"),
                                         QStringLiteral("--theme"), QStringLiteral("dark")},
                                        m_dir.path());
        QCOMPARE(child.exitCode, 0);
        QVERIFY2(child.err.isEmpty(), child.err.constData());
        QVERIFY(child.out.startsWith("<!DOCTYPE html>"));
        QVERIFY(child.out.endsWith("</html>\n"));
        QVERIFY(child.out.contains("color-scheme:dark"));
        QVERIFY(!child.out.contains("class=\"cm-prompt\""));
        QVERIFY(child.out.contains("greet(name)"));
        QVERIFY(child.out.contains("document.title")); // kept without --sanitize
    }

    void htmlToFileWithOptions()
    {
        const QString out = m_dir.filePath(QStringLiteral("report.html"));
        const Child child = runHeadless(kCumulus,
                                        {QStringLiteral("export"), kShowcase, QStringLiteral("--to=html"),
                                         QStringLiteral("-o"), out, QStringLiteral("--no-input"),
                                         QStringLiteral("--sanitize")},
                                        m_dir.path());
        QCOMPARE(child.exitCode, 0);
        QVERIFY(child.out.isEmpty());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        QVERIFY(!html.contains("greet(name)"));
        QVERIFY(html.contains("hello world"));
        QVERIFY(!html.contains("document.title"));
        QVERIFY(!html.contains("onclick"));
    }

    void pdfBesideTheNotebookHeadless()
    {
        requirePoppler();
        const QString copy = m_dir.filePath(QStringLiteral("My Notebook.ipynb"));
        QVERIFY(QFile::copy(kShowcase, copy));
        const Child child = runHeadless(kCumulus,
                                        {QStringLiteral("export"), copy, QStringLiteral("--to"),
                                         QStringLiteral("pdf"), QStringLiteral("--paper"),
                                         QStringLiteral("letter")},
                                        m_dir.path());
        QCOMPARE(child.exitCode, 0);
        QVERIFY2(child.err.isEmpty(), child.err.constData());
        const QString pdf = m_dir.filePath(QStringLiteral("My Notebook.pdf"));
        QVERIFY(QFile::exists(pdf));
        const QByteArray text = runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY(text.contains("My Notebook"));
        QVERIFY(text.contains("hello world"));
        QVERIFY(text.contains("greet(name)"));
        QVERIFY(runTool(QStringLiteral("pdfinfo"), {pdf}).contains("612 x 792"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("option for py") << QStringList{QStringLiteral("--to"), QStringLiteral("py"), QStringLiteral("--no-input")};
        QTest::newRow("unknown theme") << QStringList{QStringLiteral("--to"), QStringLiteral("html"), QStringLiteral("--theme"), QStringLiteral("blue")};
        QTest::newRow("unknown paper") << QStringList{QStringLiteral("--to"), QStringLiteral("pdf"), QStringLiteral("--paper"), QStringLiteral("a3")};
        QTest::newRow("unknown format") << QStringList{QStringLiteral("--to"), QStringLiteral("docx")};
    }

    void badArguments()
    {
        QFETCH(QStringList, arguments);
        const Child child = runHeadless(kCumulus, QStringList{QStringLiteral("export"), kShowcase} + arguments, m_dir.path());
        QCOMPARE(child.exitCode, 2);
        QVERIFY(child.out.isEmpty());
        QVERIFY(child.err.startsWith("cumulus export: "));
    }

    void missingNotebookFails()
    {
        const Child child = runHeadless(kCumulus, {QStringLiteral("export"), m_dir.filePath(QStringLiteral("nope.ipynb")),
                                                   QStringLiteral("--to"), QStringLiteral("pdf")},
                                        m_dir.path());
        QCOMPARE(child.exitCode, 1);
        QVERIFY(!child.err.isEmpty());
    }

    /// 5,000 cells: both formats, memory bounded (the exporters work a cell at a time).
    void fiveThousandCells()
    {
        requirePoppler();
        Notebook notebook;
        for (int i = 0; i < 5000; ++i) {
            Cell cell(i % 4 == 0 ? CellType::Markdown : CellType::Code);
            if (cell.type() == CellType::Markdown) {
                cell.setSource("## Section " + std::to_string(i) + "\n\nSome *text* for cell " + std::to_string(i));
            } else {
                cell.setSource("x" + std::to_string(i) + " = compute(" + std::to_string(i) + ")\nprint(x"
                               + std::to_string(i) + ")");
                cell.setExecutionCount(i);
                cell.outputs().push_back(Output::stream("stdout", "result " + std::to_string(i) + "\nline two\n"));
            }
            notebook.cells().push_back(cell);
        }
        const QString path = m_dir.filePath(QStringLiteral("cells5000.ipynb"));
        QVERIFY(nbformat::writeFile(notebook, path));
        const QString html = m_dir.filePath(QStringLiteral("cells5000.html"));
        const Child toHtml = runHeadless(kCumulus, {QStringLiteral("export"), path, QStringLiteral("--to"),
                                                    QStringLiteral("html"), QStringLiteral("-o"), html},
                                         m_dir.path());
        QCOMPARE(toHtml.exitCode, 0);
        QVERIFY2(toHtml.peakRssKb < 250 * 1024, qPrintable(QString::number(toHtml.peakRssKb)));
        QFile file(html);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray page = file.readAll();
        QVERIFY(page.contains("result 4999"));
        QVERIFY(page.contains("href=\"#section-1250\""));

        const Child toPdf = runHeadless(kCumulus, {QStringLiteral("export"), path, QStringLiteral("--to"),
                                                   QStringLiteral("pdf")},
                                        m_dir.path());
        QCOMPARE(toPdf.exitCode, 0);
        QVERIFY2(toPdf.peakRssKb < 250 * 1024, qPrintable(QString::number(toPdf.peakRssKb)));
        const QByteArray text = runTool(QStringLiteral("pdftotext"),
                                        {QStringLiteral("-layout"), m_dir.filePath(QStringLiteral("cells5000.pdf")),
                                         QStringLiteral("-")});
        QVERIFY(text.contains("result 4999"));
        QVERIFY(text.contains("Section 4996"));
    }

    /// A 5 MB image: embedded once, RSS a small multiple of it.
    void fiveMegabyteImage()
    {
        requirePoppler();
        QImage noise(1400, 1300, QImage::Format_RGB32);
        auto *random = QRandomGenerator::global();
        for (int y = 0; y < noise.height(); ++y) {
            auto *line = reinterpret_cast<quint32 *>(noise.scanLine(y));
            for (int x = 0; x < noise.width(); ++x)
                line[x] = 0xff000000u | (random->generate() & 0xffffffu);
        }
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(noise.save(&buffer, "PNG"));
        QVERIFY2(png.size() >= 5 * 1000 * 1000, qPrintable(QString::number(png.size())));
        Notebook notebook;
        Cell cell(CellType::Code);
        cell.setSource("plot()");
        cell.setExecutionCount(1);
        cell.outputs().push_back(Output::displayData(
            {{"image/png", png.toBase64().toStdString()}, {"text/plain", "<Figure>"}}));
        notebook.cells().push_back(cell);
        const QString path = m_dir.filePath(QStringLiteral("image5mb.ipynb"));
        QVERIFY(nbformat::writeFile(notebook, path));

        const QString html = m_dir.filePath(QStringLiteral("image5mb.html"));
        const Child toHtml = runHeadless(kCumulus, {QStringLiteral("export"), path, QStringLiteral("--to"),
                                                    QStringLiteral("html"), QStringLiteral("-o"), html},
                                         m_dir.path());
        QCOMPARE(toHtml.exitCode, 0);
        QVERIFY2(toHtml.peakRssKb < 200 * 1024, qPrintable(QString::number(toHtml.peakRssKb)));
        QVERIFY(QFileInfo(html).size() > png.size() * 4 / 3);

        const Child toPdf = runHeadless(kCumulus, {QStringLiteral("export"), path, QStringLiteral("--to"),
                                                   QStringLiteral("pdf")},
                                        m_dir.path());
        QCOMPARE(toPdf.exitCode, 0);
        QVERIFY2(toPdf.peakRssKb < 300 * 1024, qPrintable(QString::number(toPdf.peakRssKb)));
        QCOMPARE(imageRows(m_dir.filePath(QStringLiteral("image5mb.pdf"))), 1);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"
