// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// File ▸ Export ▸ HTML and PDF in the window: the files are written on a worker thread while
// the window keeps handling events, and a big export shows a progress dialog that cancels.

#include "sandbox.h"
#include "mainwindow.h"
#include "notebookeditor.h"

#include "nbformat/nbformat.h"
#include "notebook/notebookdocument.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cumulus;

namespace {

const QString kShowcase = QStringLiteral(CUMULUS_TEST_DATA "/export/showcase.ipynb");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// A notebook big enough that its PDF takes seconds.
QString writeBigNotebook(const QString &path, int cells)
{
    Notebook notebook;
    for (int i = 0; i < cells; ++i) {
        Cell cell(CellType::Code);
        cell.setSource("for i in range(10):\n    print(i, 'value', i * 2)  # comment " + std::to_string(i));
        cell.setExecutionCount(i + 1);
        std::string out;
        for (int l = 0; l < 60; ++l)
            out += std::to_string(l) + " value " + std::to_string(l * 2) + "\n";
        cell.outputs().push_back(Output::stream("stdout", out));
        notebook.cells().push_back(cell);
    }
    auto written = nbformat::writeFile(notebook, path);
    return written ? path : QString();
}

} // namespace

class TestExportWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        test::sandboxUserDirectories(m_temp.path(), QStringLiteral("tst_exportwindow"));
    }

    void exportsHtmlAndPdfFromTheMenu()
    {
        MainWindow window;
        window.setPersistent(false);
        QStringList errors;
        window.setErrorReporter([&](const QString &title, const QString &text) {
            errors.append(title + QStringLiteral(": ") + text);
        });
        QList<MainWindow::FileDialog> asked;
        window.setFileChooser([&](MainWindow::FileDialog kind, const QString &suggested) {
            asked.append(kind);
            // The suggestion is the notebook's name with the format's suffix.
            const QString suffix = kind == MainWindow::FileDialog::ExportPdf ? QStringLiteral(".pdf")
                                                                            : QStringLiteral(".html");
            return suggested.endsWith(QStringLiteral("showcase") + suffix)
                       ? m_temp.filePath(QStringLiteral("window") + suffix)
                       : QString();
        });
        QVERIFY(window.openFile(kShowcase));
        QSignalSpy finished(&window, &MainWindow::exportFinished);

        auto *html = window.findChild<QAction *>(QStringLiteral("actionExportHtml"));
        auto *pdf = window.findChild<QAction *>(QStringLiteral("actionExportPdf"));
        QVERIFY(html && pdf && html->isEnabled() && pdf->isEnabled());

        html->trigger();
        QVERIFY(window.isExporting());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(1).toBool(), true);
        const QByteArray page = readAll(m_temp.filePath(QStringLiteral("window.html")));
        QVERIFY(page.startsWith("<!DOCTYPE html>"));
        QVERIFY(page.contains("<title>showcase</title>"));
        QVERIFY(page.contains("hello world"));

        pdf->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(1).toBool(), true);
        QVERIFY(readAll(m_temp.filePath(QStringLiteral("window.pdf"))).startsWith("%PDF-"));
        QCOMPARE(asked, (QList<MainWindow::FileDialog>{MainWindow::FileDialog::ExportHtml,
                                                       MainWindow::FileDialog::ExportPdf}));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(!window.isExporting());
    }

    /// A big PDF: the window keeps handling events, a progress dialog shows, Cancel stops
    /// the export and leaves no file.
    void bigExportShowsProgressAndCancels()
    {
        const QString notebook = writeBigNotebook(m_temp.filePath(QStringLiteral("big.ipynb")), 5000);
        QVERIFY(!notebook.isEmpty());
        MainWindow window;
        window.setPersistent(false);
        QStringList errors;
        window.setErrorReporter([&](const QString &, const QString &text) { errors.append(text); });
        QVERIFY(window.openFile(notebook));
        QSignalSpy finished(&window, &MainWindow::exportFinished);
        const QString out = m_temp.filePath(QStringLiteral("big.pdf"));
        QVERIFY(window.exportNotebook(window.currentEditor(), MainWindow::ExportFormat::Pdf, out));
        // One export at a time.
        QVERIFY(!window.exportNotebook(window.currentEditor(), MainWindow::ExportFormat::Html,
                                       m_temp.filePath(QStringLiteral("second.html"))));

        // The event loop keeps turning: a 20 ms timer never waits long.
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, worstGap = 0;
        QTimer ticker;
        ticker.setInterval(20);
        connect(&ticker, &QTimer::timeout, this, [&] {
            worstGap = std::max(worstGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        ticker.start();
        QProgressDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<QProgressDialog *>(
                                      QStringLiteral("exportProgress")))
                                     && dialog->isVisible() && dialog->value() > 0,
                                 20000);
        QVERIFY(dialog->maximum() == 5000);
        QVERIFY(finished.isEmpty());
        QVERIFY2(worstGap < 400, qPrintable(QString::number(worstGap)));
        // The user clicks Cancel.
        auto *cancel = dialog->findChild<QPushButton *>();
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(1).toBool(), false);
        QVERIFY(!QFile::exists(out));
        QVERIFY(errors.isEmpty()); // cancelling is not an error
        QVERIFY(!window.isExporting());
    }

    /// Closing the window during an export stops it cleanly.
    void destroyedWhileExporting()
    {
        const QString notebook = m_temp.filePath(QStringLiteral("big.ipynb"));
        QVERIFY(QFile::exists(notebook));
        auto window = std::make_unique<MainWindow>();
        window->setPersistent(false);
        QVERIFY(window->openFile(notebook));
        QVERIFY(window->exportNotebook(window->currentEditor(), MainWindow::ExportFormat::Pdf,
                                       m_temp.filePath(QStringLiteral("gone.pdf"))));
        QTest::qWait(200);
        window.reset();
        QVERIFY(!QFile::exists(m_temp.filePath(QStringLiteral("gone.pdf"))));
    }

private:
    QTemporaryDir m_temp;
};

QTEST_MAIN(TestExportWindow)
#include "tst_exportwindow.moc"
