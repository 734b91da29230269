// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The PDF exporter, read back with poppler-utils: pdftotext finds every cell's source and
// text outputs, pdfimages one image per bitmap output, pdftoppm renders pages (set
// CUMULUS_TEST_SNAPSHOTS=<dir> to keep them for a look); page size, title, page breaks.

#include "export/notebookexport.h"
#include "exporttestsupport.h"

#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace cumulus;
using namespace cumulus::test;

namespace {

QString pdfText(const QString &pdf, int page = 0)
{
    // -layout: text in reading order per line (without it poppler moves runs of another
    // font, such as italic comments, and removes a trailing '-' as hyphenation).
    QStringList arguments{QStringLiteral("-layout")};
    if (page > 0)
        arguments << QStringLiteral("-f") << QString::number(page) << QStringLiteral("-l")
                  << QString::number(page);
    arguments << pdf << QStringLiteral("-");
    QByteArray out;
    if (run(QStringLiteral("pdftotext"), arguments, &out) != 0)
        return {};
    return QString::fromUtf8(out);
}

QString pdfInfo(const QString &pdf)
{
    QByteArray out;
    run(QStringLiteral("pdfinfo"), {pdf}, &out);
    return QString::fromUtf8(out);
}

int pageCount(const QString &pdf)
{
    static const QRegularExpression pages(QStringLiteral("Pages:\\s+(\\d+)"));
    return pages.match(pdfInfo(pdf)).captured(1).toInt();
}

/// Rows of type "image" in `pdfimages -list` (soft masks are listed apart).
int imageCount(const QString &pdf)
{
    QByteArray out;
    if (run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf}, &out) != 0)
        return -1;
    int count = 0;
    const QList<QByteArray> lines = out.split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 2 && fields.at(2) == "image")
            ++count;
    }
    return count;
}

int bitmapOutputs(const Notebook &notebook)
{
    int count = 0;
    for (const Cell &cell : notebook.cells()) {
        // Markdown images from the cell's attachments are bitmaps too.
        if (cell.type() == CellType::Markdown && cell.attachments().is_object())
            for (auto it = cell.attachments().begin(); it != cell.attachments().end(); ++it)
                if (cell.source().find("attachment:" + it.key()) != std::string::npos
                    && it->is_object() && !it->empty()
                    && QString::fromStdString(it->begin().key()).startsWith(QLatin1String("image/"))
                    && it->begin().key() != "image/svg+xml")
                    ++count;
        for (const Output &output : cell.outputs()) {
            if (output.type() != OutputType::DisplayData && output.type() != OutputType::ExecuteResult)
                continue;
            const QString mime = preferredMimeType(output.data());
            if (mime.startsWith(QLatin1String("image/")) && mime != QLatin1String("image/svg+xml")
                && !QImage::fromData(output.decodedData(mime.toStdString())).isNull())
                ++count;
        }
    }
    return count;
}

QImage renderPage(const QString &pdf, int page, const QString &prefix, int dpi = 60)
{
    if (run(QStringLiteral("pdftoppm"),
            {QStringLiteral("-r"), QString::number(dpi), QStringLiteral("-png"), QStringLiteral("-f"),
             QString::number(page), QStringLiteral("-l"), QString::number(page),
             QStringLiteral("-singlefile"), pdf, prefix})
        != 0)
        return {};
    QImage image(prefix + QStringLiteral(".png"));
    const QString snapshots = qEnvironmentVariable("CUMULUS_TEST_SNAPSHOTS");
    if (!snapshots.isEmpty() && !image.isNull()) {
        QDir().mkpath(snapshots);
        image.save(snapshots + QLatin1Char('/') + QFileInfo(prefix).fileName() + QStringLiteral(".png"));
    }
    return image;
}

/// Share of pixels that are not (nearly) @p background.
double inkRatio(const QImage &image, QColor background)
{
    if (image.isNull())
        return 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    qint64 ink = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            if (std::abs(qRed(line[x]) - background.red()) + std::abs(qGreen(line[x]) - background.green())
                    + std::abs(qBlue(line[x]) - background.blue())
                > 60)
                ++ink;
    }
    return double(ink) / double(rgb.width() * rgb.height());
}

Notebook linesNotebook(int cells, int linesPerCell, const char *tag)
{
    Notebook notebook;
    for (int c = 0; c < cells; ++c) {
        Cell cell(CellType::Code);
        std::string source;
        for (int l = 0; l < linesPerCell; ++l)
            source += std::string("x = '") + tag + std::to_string(c) + "L" + std::to_string(l) + "Q'\n";
        source.pop_back();
        cell.setSource(source);
        cell.setExecutionCount(c + 1);
        notebook.cells().push_back(cell);
    }
    return notebook;
}

} // namespace

class TestPdfExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        CUMULUS_REQUIRE_TOOL("pdftotext", "poppler-utils");
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
        const Notebook notebook = readNotebook(path);
        ExportOptions options;
        options.fileName = path;
        const QString out = m_dir.filePath(QFileInfo(path).completeBaseName() + QStringLiteral(".pdf"));
        auto written = writePdfFile(notebook, options, out);
        QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
        const QString text = pdfText(out);
        QVERIFY(!text.isEmpty());
        QVERIFY(squeezed(text).contains(squeezed(QFileInfo(path).completeBaseName().left(8)))
                || notebook.metadata().contains("title"));
        const QStringList missing = missingLines(expectedLines(notebook, true), text);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.mid(0, 5).join(QLatin1Char('\n'))));
        QCOMPARE(imageCount(out), bitmapOutputs(notebook));
    }

    void showcaseLooksLikeTheNotebook()
    {
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb"));
        ExportOptions options;
        options.fileName = QStringLiteral("showcase.ipynb");
        const QString out = m_dir.filePath(QStringLiteral("showcase.pdf"));
        QVERIFY(writePdfFile(notebook, options, out));
        const QString info = pdfInfo(out);
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Title:\\s+showcase"))), qPrintable(info));
        QVERIFY2(info.contains(QLatin1String("595.276 x 841.89")) || info.contains(QLatin1String("(A4)")),
                 qPrintable(info));
        const QString text = pdfText(out);
        // Title, prompts, rendered markdown, the HTML table's cells, LaTeX source.
        for (const char *expected : {"showcase", "[1]:", "[3]:", "Export showcase", "A table",
                                     "alpha", "clickable", "remote link", "\\frac{a}{b}",
                                     "ZeroDivisionError"})
            QVERIFY2(text.contains(QLatin1String(expected)), expected);
        // Page numbers in the footer.
        for (int page = 1; page <= pageCount(out); ++page) {
            const QStringList lines = pdfText(out, page).trimmed().split(QLatin1Char('\n'));
            QCOMPARE(lines.constLast().trimmed(), QString::number(page));
        }
        // One image per bitmap (the PNG output and the markdown's attached PNG); the SVG
        // stays vector graphics.
        QCOMPARE(imageCount(out), 2);
        // Not a text dump: rendered, the page has colour (source boxes, error background, plot).
        const QImage page = renderPage(out, 1, m_dir.filePath(QStringLiteral("showcase-page1")));
        QVERIFY(!page.isNull());
        QVERIFY(inkRatio(page, Qt::white) > 0.03);
        bool errorPink = false, plotBlue = false;
        for (int y = 0; y < page.height(); y += 2)
            for (int x = 0; x < page.width(); x += 2) {
                const QColor c = page.pixelColor(x, y);
                errorPink = errorPink || (c.red() > 240 && c.green() > 210 && c.green() < 230 && c.blue() > 210 && c.blue() < 230);
                plotBlue = plotBlue || (c.red() < 50 && c.green() > 70 && c.green() < 110 && c.blue() > 180);
            }
        QVERIFY(errorPink);
        QVERIFY(plotBlue);
    }

    void letterDarkNoInput()
    {
        const Notebook notebook =
            readNotebook(QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb"));
        ExportOptions options;
        options.pageSize = QPageSize(QPageSize::Letter);
        options.dark = true;
        options.includeInput = false;
        options.includePrompts = false;
        options.title = QStringLiteral("Quarterly report");
        const QString out = m_dir.filePath(QStringLiteral("letter.pdf"));
        QVERIFY(writePdfFile(notebook, options, out));
        QVERIFY(pdfInfo(out).contains(QLatin1String("612 x 792")));
        const QString text = pdfText(out);
        QVERIFY(text.contains(QLatin1String("Quarterly report")));
        QVERIFY(!text.contains(QLatin1String("greet(name)")));
        QVERIFY(!text.contains(QLatin1String("[1]:")));
        QVERIFY(text.contains(QLatin1String("hello world")));
        const QImage page = renderPage(out, 1, m_dir.filePath(QStringLiteral("dark-page1")));
        QVERIFY(!page.isNull());
        // The whole page, margins included, is dark.
        QVERIFY(page.pixelColor(2, 2).lightness() < 60);
        QVERIFY(page.pixelColor(page.width() / 2, page.height() - 3).lightness() < 60);
    }

    /// Cells that fit on a page are never split across two.
    void shortCellsStayOnOnePage()
    {
        const Notebook notebook = linesNotebook(60, 9, "K");
        const QString out = m_dir.filePath(QStringLiteral("keep.pdf"));
        QVERIFY(writePdfFile(notebook, ExportOptions(), out));
        const int pages = pageCount(out);
        QVERIFY(pages >= 3);
        std::vector<int> pageOfCell(60, 0);
        for (int page = 1; page <= pages; ++page) {
            const QString text = squeezed(pdfText(out, page));
            for (int c = 0; c < 60; ++c) {
                int found = 0;
                for (int l = 0; l < 9; ++l)
                    found += text.contains(QStringLiteral("K%1L%2Q").arg(c).arg(l)) ? 1 : 0;
                QVERIFY2(found == 0 || found == 9,
                         qPrintable(QStringLiteral("cell %1 split on page %2").arg(c).arg(page)));
                if (found)
                    pageOfCell[size_t(c)] = page;
            }
        }
        for (int c = 0; c < 60; ++c)
            QVERIFY2(pageOfCell[size_t(c)] > 0, qPrintable(QString::number(c)));
    }

    /// A cell longer than a page continues on the next pages, line by line: nothing lost,
    /// nothing printed twice, long lines wrapped rather than clipped.
    void longCellsSplitBetweenLines()
    {
        Notebook notebook = linesNotebook(1, 300, "S");
        std::string stream;
        for (int i = 0; i < 400; ++i)
            stream += "out" + std::to_string(i) + "Z\n";
        notebook.cells()[0].outputs().push_back(Output::stream("stdout", stream));
        std::string wide = "w = [";
        for (int i = 0; i < 120; ++i)
            wide += "item" + std::to_string(i) + "W, ";
        wide += "]";
        Cell cell(CellType::Code);
        cell.setSource(wide);
        notebook.cells().push_back(cell);
        const QString out = m_dir.filePath(QStringLiteral("long.pdf"));
        QVERIFY(writePdfFile(notebook, ExportOptions(), out));
        QVERIFY(pageCount(out) >= 8);
        const QString text = squeezed(pdfText(out));
        for (int l = 0; l < 300; ++l)
            QCOMPARE(text.count(QStringLiteral("'S0L%1Q'").arg(l)), 1);
        for (int i = 0; i < 400; ++i)
            QCOMPARE(text.count(QStringLiteral("out%1Z").arg(i)), 1);
        for (int i = 0; i < 120; ++i)
            QCOMPARE(text.count(QStringLiteral("item%1W,").arg(i)), 1);
    }

    void progressAndCancel()
    {
        const Notebook notebook = linesNotebook(40, 3, "P");
        const QString out = m_dir.filePath(QStringLiteral("cancel.pdf"));
        int last = 0;
        auto written = writePdfFile(notebook, ExportOptions(), out, [&](int done, int total) {
            last = done;
            return !(done == 10 && total == 40);
        });
        QVERIFY(!written);
        QCOMPARE(last, 10);
        QVERIFY(!QFile::exists(out));
        QVERIFY(writePdfFile(notebook, ExportOptions(), out, [&](int done, int total) {
            last = done;
            return total == 40;
        }));
        QCOMPARE(last, 40);
        QVERIFY(QFile::exists(out));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestPdfExport)
#include "tst_pdfexport.moc"
