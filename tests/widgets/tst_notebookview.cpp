// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The notebook view, offscreen: virtualisation (cells outside the viewport cost no widget
// and no layout), painting after scrolling, edit mode writing back to the document,
// coalesced repaints from a running cell.

#include "nbformat/nbformat.h"
#include "notebook/celleditor.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebooktheme.h"
#include "notebook/notebookview.h"

#include <QApplication>
#include <QBuffer>
#include <QMouseEvent>
#include <QUndoStack>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cumulus;
using nlohmann::json;

namespace {

std::string pngBase64(int width, int height, QColor color)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toBase64().toStdString();
}

/// A notebook like bench/make_notebooks.py's large one: code cells with streams and
/// results, markdown in between; the last cell shows a solid red image.
Notebook bigNotebook(int cells)
{
    Notebook notebook;
    for (int i = 0; i < cells; ++i) {
        if (i % 5 == 0) {
            Cell cell(CellType::Markdown);
            cell.setSource("## Section " + std::to_string(i) + "\n\nSome *text* with a [link](https://jupyter.org).");
            notebook.cells().push_back(std::move(cell));
            continue;
        }
        Cell cell(CellType::Code);
        cell.setSource("import math\nx = " + std::to_string(i) + "\nprint(math.sqrt(x))");
        cell.setExecutionCount(i);
        cell.outputs().push_back(Output::stream("stdout", std::to_string(i) + "\n"));
        cell.outputs().push_back(
            Output::executeResult(i, json{{"text/plain", std::to_string(i * 2)}}));
        notebook.cells().push_back(std::move(cell));
    }
    Cell last(CellType::Code);
    last.setSource("show()");
    last.outputs().push_back(Output::displayData(json{{"image/png", pngBase64(120, 60, Qt::red)},
                                                      {"text/plain", "<Figure>"}}));
    notebook.cells().push_back(std::move(last));
    return notebook;
}

int countColor(const QImage &image, const QRect &rect, auto predicate)
{
    int count = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            count += predicate(image.pixelColor(x, y)) ? 1 : 0;
    return count;
}

bool isRed(const QColor &c)
{
    return c.red() > 200 && c.green() < 60 && c.blue() < 60;
}

} // namespace

class TestNotebookView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensBigNotebookLazily();
    void scrollingKeepsWidgetsAndLayoutsBounded();
    void lastCellPaintedAfterScrollingToEnd();
    void editModeWritesBack();
    void clickInSourceEdits();
    void saveAfterEditEqualsWriter();
    void commandModeKeys();
    void clipboardUndoAndSelection();
    void mergeSplitAndToggles();
    void dragPromptReorders();
    void runStateAndInputPrompt();
    void darkPaletteIsDark();
    void codeFontApplies();
    void outputUpdatesAreCoalesced();
    void markdownAttachmentImage();
    void collapsedLongOutputExpands();
};

void TestNotebookView::opensBigNotebookLazily()
{
    NotebookDocument document(bigNotebook(5000));
    NotebookView view;
    view.resize(900, 700);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.viewport()->grab().toImage();
    QVERIFY(!shot.isNull());
    // One screenful is laid out, not 5,001 cells; no cell owns a widget in command mode.
    QVERIFY2(view.renderedCellCount() < 40, qPrintable(QString::number(view.renderedCellCount())));
    QCOMPARE(view.cellWidgetCount(), 0);
    QCOMPARE(view.currentCell(), 0);
    QCOMPARE(view.mode(), NotebookView::Mode::Command);
    QVERIFY(view.verticalScrollBar()->maximum() > 5000 * 20);
}

void TestNotebookView::scrollingKeepsWidgetsAndLayoutsBounded()
{
    NotebookDocument document(bigNotebook(5000));
    NotebookView view;
    view.resize(900, 700);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar *bar = view.verticalScrollBar();
    int maxRendered = 0;
    for (int step = 0; step < 200 && bar->value() < bar->maximum(); ++step) {
        bar->setValue(bar->value() + bar->maximum() / 150);
        view.viewport()->repaint();
        QCoreApplication::processEvents();
        maxRendered = std::max(maxRendered, view.renderedCellCount());
        QCOMPARE(view.cellWidgetCount(), 0);
    }
    // Layouts of cells scrolled past are released (the view keeps at most a few hundred).
    QVERIFY2(maxRendered <= 260, qPrintable(QString::number(maxRendered)));
}

void TestNotebookView::lastCellPaintedAfterScrollingToEnd()
{
    NotebookDocument document(bigNotebook(5000));
    NotebookView view;
    view.resize(900, 700);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int last = document.cellCount() - 1;
    view.setCurrentCell(last);
    // Heights of cells laid out on the way can move the end: scroll until it stays.
    for (int i = 0; i < 5; ++i) {
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        view.viewport()->repaint();
    }
    const QRect rect = view.cellRect(last);
    QVERIFY2(view.viewport()->rect().contains(rect), qPrintable(QStringLiteral("%1,%2 %3x%4").arg(rect.x()).arg(rect.y()).arg(rect.width()).arg(rect.height())));
    const QImage shot = view.viewport()->grab().toImage();
    if (qEnvironmentVariableIsSet("CUMULUS_TEST_SCREENSHOTS"))
        shot.save(qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS") + QStringLiteral("/view-end.png"));
    // The last cell's 120×60 red image is drawn at its size.
    const int red = countColor(shot, rect, isRed);
    QVERIFY2(red >= 120 * 60 * 95 / 100 && red <= 120 * 60 * 105 / 100, qPrintable(QString::number(red)));
}

void TestNotebookView::editModeWritesBack()
{
    NotebookDocument document(bigNotebook(20));
    NotebookView view;
    view.resize(900, 700);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy modes(&view, &NotebookView::modeChanged);
    view.setCurrentCell(1);
    view.enterEditMode();
    QCOMPARE(view.mode(), NotebookView::Mode::Edit);
    QVERIFY(view.editor());
    QCOMPARE(view.cellWidgetCount(), 1);
    QCOMPARE(view.editor()->text().toStdString(), document.cell(1).source());
    view.editor()->setCursorPosition(0, 0);
    QTest::keyClicks(view.editor(), QStringLiteral("y = 2"));
    QTest::keyClick(view.editor(), Qt::Key_Return);
    QTest::keyClick(view.editor(), Qt::Key_Escape);
    QCOMPARE(view.mode(), NotebookView::Mode::Command);
    QCOMPARE(modes.count(), 2);
    QVERIFY(document.cell(1).source().rfind("y = 2\nimport math", 0) == 0);
    QVERIFY(document.isModified());
    QTRY_COMPARE(view.cellWidgetCount(), 0); // the editor is gone once edit mode ends
}

void TestNotebookView::clickInSourceEdits()
{
    NotebookDocument document(bigNotebook(20));
    NotebookView view;
    view.resize(900, 700);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setLineNumbersVisible(true);
    const QRect rect = view.cellRect(2);
    const QImage before = view.viewport()->grab(rect).toImage();
    // Second line of cell 2's source ("x = 2"), a little right of the prompt column.
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(120, rect.top() + 30));
    QCOMPARE(view.currentCell(), 2);
    QCOMPARE(view.mode(), NotebookView::Mode::Edit);
    int line = -1, column = -1;
    view.editor()->getCursorPosition(&line, &column);
    QCOMPARE(line, 1);
    // Opening the editor moves nothing: the cell looks the same painted and edited.
    QCOMPARE(view.cellRect(2).height(), rect.height());
    QTest::qWait(50);
    const QImage after = view.viewport()->grab(rect).toImage();
    if (qEnvironmentVariableIsSet("CUMULUS_TEST_SCREENSHOTS")) {
        before.save(qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS") + QStringLiteral("/cell-painted.png"));
        after.save(qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS") + QStringLiteral("/cell-edited.png"));
    }
}

void TestNotebookView::saveAfterEditEqualsWriter()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edited.ipynb"));
    NotebookDocument document(bigNotebook(10));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    view.setCurrentCell(3);
    view.enterEditMode();
    view.editor()->setText(QStringLiteral("print('edited ünïcode')\n"));
    view.commitEdit();
    QVERIFY(bool(document.save(path)));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QCOMPARE(saved.toStdString(), nbformat::toBytes(document.notebook()));
    QVERIFY(saved.contains(QStringLiteral("edited ünïcode").toUtf8()));
    // And it reads back to the same notebook.
    auto reread = nbformat::readFile(path);
    QVERIFY(bool(reread));
    QCOMPARE(reread.value().notebook.cells().at(3).source(), std::string("print('edited ünïcode')\n"));
}

void TestNotebookView::commandModeKeys()
{
    NotebookDocument document(bigNotebook(10));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    view.setFocus();
    const int before = document.cellCount();
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.currentCell(), 1);
    QTest::keyClick(&view, Qt::Key_J);
    QCOMPARE(view.currentCell(), 2);
    QTest::keyClick(&view, Qt::Key_B); // insert below, select it
    QCOMPARE(document.cellCount(), before + 1);
    QCOMPARE(view.currentCell(), 3);
    QVERIFY(document.cell(3).source().empty());
    QTest::keyClick(&view, Qt::Key_M);
    QCOMPARE(document.cell(3).type(), CellType::Markdown);
    QTest::keyClick(&view, Qt::Key_D);
    QCOMPARE(document.cellCount(), before + 1); // one D does nothing
    QTest::keyClick(&view, Qt::Key_D);
    QCOMPARE(document.cellCount(), before);
    QTest::keyClick(&view, Qt::Key_Return);
    QCOMPARE(view.mode(), NotebookView::Mode::Edit);
    QSignalSpy run(&view, &NotebookView::runRequested);
    QTest::keyClick(view.editor(), Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(run.count(), 1);
    QCOMPARE(run.first().at(1).toBool(), true);
}

namespace {

std::vector<std::string> sources(const NotebookDocument &document)
{
    std::vector<std::string> result;
    for (const Cell &cell : document.notebook().cells())
        result.push_back(cell.source());
    return result;
}

Notebook letters(const std::string &names)
{
    Notebook notebook;
    for (char c : names) {
        Cell cell(CellType::Code);
        cell.setSource(std::string(1, c));
        notebook.cells().push_back(std::move(cell));
    }
    return notebook;
}

using Sources = std::vector<std::string>;

} // namespace

void TestNotebookView::clipboardUndoAndSelection()
{
    NotebookDocument document(letters("abcd"));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    view.setFocus();
    // Shift+Down selects b..c; C copies, then V pastes them below the selection.
    view.setCurrentCell(1);
    QTest::keyClick(&view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(view.selectedCells(), (std::vector<int>{1, 2}));
    QTest::keyClick(&view, Qt::Key_C);
    QTest::keyClick(&view, Qt::Key_V);
    QCOMPARE(sources(document), (Sources{"a", "b", "c", "b", "c", "d"}));
    QCOMPARE(view.currentCell(), 4);
    QVERIFY(document.cell(3).id() != document.cell(1).id()); // pasted cells get new ids
    // Z undoes the paste, Shift+Z redoes it, Z again.
    QTest::keyClick(&view, Qt::Key_Z);
    QCOMPARE(sources(document), (Sources{"a", "b", "c", "d"}));
    QTest::keyClick(&view, Qt::Key_Z, Qt::ShiftModifier);
    QCOMPARE(sources(document), (Sources{"a", "b", "c", "b", "c", "d"}));
    QTest::keyClick(&view, Qt::Key_Z);
    // X cuts, Shift+V pastes above.
    view.setCurrentCell(0);
    QTest::keyClick(&view, Qt::Key_X);
    QCOMPARE(sources(document), (Sources{"b", "c", "d"}));
    view.setCurrentCell(2);
    QTest::keyClick(&view, Qt::Key_V, Qt::ShiftModifier);
    QCOMPARE(sources(document), (Sources{"b", "c", "a", "d"}));
    // D D deletes the selection; Z brings it back.
    view.setCurrentCell(0);
    QTest::keyClick(&view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(&view, Qt::Key_D);
    QTest::keyClick(&view, Qt::Key_D);
    QCOMPARE(sources(document), (Sources{"a", "d"}));
    QTest::keyClick(&view, Qt::Key_Z);
    QCOMPARE(sources(document), (Sources{"b", "c", "a", "d"}));
    // Deleting every cell leaves one empty cell to type into.
    view.setCurrentCell(0);
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(&view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(&view, Qt::Key_D);
    QTest::keyClick(&view, Qt::Key_D);
    QCOMPARE(sources(document), (Sources{""}));
    QTest::keyClick(&view, Qt::Key_Z);
    QCOMPARE(sources(document), (Sources{"b", "c", "a", "d"}));
    // Moving cells is undoable too.
    view.setCurrentCell(0);
    view.moveCurrentCell(2);
    QCOMPARE(sources(document), (Sources{"c", "a", "b", "d"}));
    QCOMPARE(view.currentCell(), 2);
    view.undoStack()->undo();
    QCOMPARE(sources(document), (Sources{"b", "c", "a", "d"}));
}

void TestNotebookView::mergeSplitAndToggles()
{
    NotebookDocument document(letters("abc"));
    document.setOutputs(0, {Output::stream("stdout", "out\n")});
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    view.setFocus();
    // Shift+M merges the current cell with the one below (outputs go, like Jupyter).
    QTest::keyClick(&view, Qt::Key_M, Qt::ShiftModifier);
    QCOMPARE(sources(document), (Sources{"a\n\nb", "c"}));
    QVERIFY(document.cell(0).outputs().empty());
    // Ctrl+Shift+- splits at the cursor.
    view.setCurrentCell(0);
    view.enterEditMode();
    view.editor()->setCursorPosition(1, 0);
    QTest::keyClick(view.editor(), Qt::Key_Minus, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(sources(document), (Sources{"a", "b", "c"}));
    QCOMPARE(view.currentCell(), 1);
    QTest::keyClick(view.editor(), Qt::Key_Escape);
    // Y/M/R change the type.
    QTest::keyClick(&view, Qt::Key_R);
    QCOMPARE(document.cell(1).type(), CellType::Raw);
    QTest::keyClick(&view, Qt::Key_Y);
    QCOMPARE(document.cell(1).type(), CellType::Code);
    // L toggles line numbers, O hides the outputs (metadata.collapsed, like classic Jupyter).
    QSignalSpy lines(&view, &NotebookView::lineNumbersToggled);
    QTest::keyClick(&view, Qt::Key_L);
    QVERIFY(view.lineNumbersVisible());
    QCOMPARE(lines.count(), 1);
    document.setOutputs(1, {Output::stream("stdout", "x\n")});
    const int shown = view.cellRect(1).height();
    QTest::keyClick(&view, Qt::Key_O);
    QCOMPARE(document.cell(1).metadata().value("collapsed", false), true);
    QTRY_VERIFY(view.cellRect(1).height() < shown);
    QTest::keyClick(&view, Qt::Key_O);
    QCOMPARE(document.cell(1).metadata().value("collapsed", true), false);
    // I I interrupts, 0 0 restarts; a single press does nothing.
    QSignalSpy interrupts(&view, &NotebookView::interruptRequested);
    QSignalSpy restarts(&view, &NotebookView::restartRequested);
    QTest::keyClick(&view, Qt::Key_I);
    QCOMPARE(interrupts.count(), 0);
    QTest::keyClick(&view, Qt::Key_I);
    QCOMPARE(interrupts.count(), 1);
    QTest::keyClick(&view, Qt::Key_0);
    QTest::keyClick(&view, Qt::Key_0);
    QCOMPARE(restarts.count(), 1);
    // Alt+Enter runs the cell and inserts one below.
    QSignalSpy runs(&view, &NotebookView::runRequested);
    const int before = document.cellCount();
    QTest::keyClick(&view, Qt::Key_Return, Qt::AltModifier);
    QCOMPARE(runs.count(), 1);
    QCOMPARE(document.cellCount(), before + 1);
    QCOMPARE(view.currentCell(), 2);
    QVERIFY(!NotebookView::keyboardShortcuts().isEmpty());
}

void TestNotebookView::dragPromptReorders()
{
    NotebookDocument document(letters("abcd"));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QRect first = view.cellRect(0);
    const QRect third = view.cellRect(2);
    const QPoint from(20, first.center().y());
    const QPoint to(20, third.bottom() - 2); // lower half of "c": drop after it
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(from + QPoint(0, 20)), view.viewport()->mapToGlobal(QPointF(from)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &move);
    QMouseEvent move2(QEvent::MouseMove, QPointF(to), view.viewport()->mapToGlobal(QPointF(to)), Qt::NoButton,
                      Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &move2);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);
    QCOMPARE(sources(document), (Sources{"b", "c", "a", "d"}));
}

void TestNotebookView::runStateAndInputPrompt()
{
    NotebookDocument document(letters("abc"));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCellRunState(1, NotebookView::RunState::Running);
    view.setCellRunState(2, NotebookView::RunState::Queued);
    view.setCellRunInfo(0, QStringLiteral("1.2 s"));
    QCOMPARE(view.cellRunState(2), NotebookView::RunState::Queued);
    QCOMPARE(view.cellRunInfo(0), QStringLiteral("1.2 s"));
    // The running cell has its orange busy marker.
    const QImage shot = view.viewport()->grab().toImage();
    const int orange = countColor(shot, view.cellRect(1), [](const QColor &c) {
        return c.red() > 230 && c.green() > 130 && c.green() < 170 && c.blue() < 30;
    });
    QVERIFY2(orange > 20, qPrintable(QString::number(orange)));

    // input(): a line edit under the cell; Enter answers; the cell grows meanwhile.
    const int before = view.cellRect(1).height();
    std::optional<QString> answered;
    bool called = false;
    view.showInputPrompt(1, QStringLiteral("Name? "), false, [&](std::optional<QString> value) {
        called = true;
        answered = value;
    });
    QVERIFY(view.hasInputPrompt());
    QVERIFY(view.cellRect(1).height() > before);
    auto *edit = view.viewport()->findChild<QLineEdit *>();
    QVERIFY(edit);
    QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    QTest::keyClicks(edit, QStringLiteral("Ada"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(called);
    QCOMPARE(answered, std::optional<QString>(QStringLiteral("Ada")));
    QVERIFY(!view.hasInputPrompt());
    QCOMPARE(view.cellRect(1).height(), before);
    // A password prompt is masked; Escape refuses.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the old prompt
    QTRY_VERIFY(!view.viewport()->findChild<QLineEdit *>());
    called = false;
    view.showInputPrompt(1, QStringLiteral("Secret: "), true, [&](std::optional<QString> value) {
        called = true;
        answered = value;
    });
    edit = view.viewport()->findChild<QLineEdit *>();
    QVERIFY(edit);
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QTest::keyClick(edit, Qt::Key_Escape);
    QVERIFY(called);
    QVERIFY(!answered.has_value());
}

void TestNotebookView::darkPaletteIsDark()
{
    NotebookDocument document(bigNotebook(6));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto lightness = [&] {
        const QImage shot = view.viewport()->grab().toImage();
        const QRect source = view.cellRect(1).adjusted(90, 8, -20, -40);
        qint64 sum = 0, n = 0;
        for (int y = source.top(); y < source.bottom(); y += 3)
            for (int x = source.left(); x < source.right(); x += 3, ++n)
                sum += shot.pixelColor(x, y).lightness();
        return n ? int(sum / n) : -1;
    };
    QVERIFY(lightness() > 200);
    view.setPalette(NotebookTheme::darkPalette());
    QVERIFY(NotebookTheme::isDark(view.palette()));
    const int dark = lightness();
    QVERIFY2(dark < 90, qPrintable(QString::number(dark)));
    if (qEnvironmentVariableIsSet("CUMULUS_TEST_SCREENSHOTS"))
        view.viewport()->grab().save(qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS") + QStringLiteral("/view-dark.png"));
}

void TestNotebookView::codeFontApplies()
{
    NotebookDocument document(bigNotebook(6));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int before = view.cellRect(1).height();
    QFont big = view.codeFont();
    big.setPointSizeF(big.pointSizeF() * 2);
    view.setCodeFont(big);
    view.viewport()->repaint();
    QVERIFY2(view.cellRect(1).height() > before * 3 / 2,
             qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(view.cellRect(1).height())));
    view.setCurrentCell(1);
    view.enterEditMode();
    QCOMPARE(view.editor()->font().pointSizeF(), big.pointSizeF());
    // The editor covers exactly the painted source box: no jump when editing starts.
    const QRect box = view.cellRect(1);
    QVERIFY(view.editor()->geometry().bottom() < box.bottom());
    // Three lines of the big font (the cell's source) fit.
    QVERIFY(view.editor()->geometry().height() >= 3 * QFontMetrics(big).lineSpacing() * 9 / 10);
}

void TestNotebookView::outputUpdatesAreCoalesced()
{
    NotebookDocument document(bigNotebook(10));
    NotebookView view;
    view.resize(800, 600);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    struct PaintCounter : QObject
    {
        int paints = 0;
        bool eventFilter(QObject *, QEvent *event) override
        {
            paints += event->type() == QEvent::Paint ? 1 : 0;
            return false;
        }
    } counter;
    view.viewport()->installEventFilter(&counter);
    // A running cell: 2,000 output updates as fast as they come, spread over ~400 ms.
    std::string text;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 2000; ++i) {
        text += "line " + std::to_string(i) + "\n";
        document.setOutputs(1, {Output::stream("stdout", text)});
        if (i % 5 == 0)
            QTest::qWait(1);
    }
    QTest::qWait(100);
    const qint64 elapsed = clock.elapsed();
    // At most ~30 repaints a second (plus slack for the final flush).
    const int allowed = int(elapsed * 30 / 1000) + 3;
    QVERIFY2(counter.paints <= allowed,
             qPrintable(QStringLiteral("%1 paints in %2 ms").arg(counter.paints).arg(elapsed)));
    QVERIFY(counter.paints >= 1);
    view.viewport()->removeEventFilter(&counter);
}

void TestNotebookView::markdownAttachmentImage()
{
    Notebook notebook;
    Cell cell(CellType::Markdown);
    cell.setSource("# Picture\n\n![red](attachment:red.png)\n");
    cell.setAttachments(json{{"red.png", {{"image/png", pngBase64(80, 40, Qt::red)}}}});
    notebook.cells().push_back(std::move(cell));
    NotebookDocument document(std::move(notebook));
    NotebookView view;
    view.resize(600, 400);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.viewport()->grab().toImage();
    const int red = countColor(shot, shot.rect(), isRed);
    QVERIFY2(red >= 80 * 40 * 9 / 10, qPrintable(QString::number(red)));
}

void TestNotebookView::collapsedLongOutputExpands()
{
    Notebook notebook;
    Cell cell(CellType::Code);
    cell.setSource("for i in range(5000): print(i)");
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += std::to_string(i) + "\n";
    cell.outputs().push_back(Output::stream("stdout", text));
    notebook.cells().push_back(std::move(cell));
    NotebookDocument document(std::move(notebook));
    NotebookView view;
    view.resize(700, 500);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int collapsedHeight = view.cellRect(0).height();
    QVERIFY2(collapsedHeight < 1200, qPrintable(QString::number(collapsedHeight)));
    QVERIFY(view.verticalScrollBar()->maximum() < 1200);
}

QTEST_MAIN(TestNotebookView)
#include "tst_notebookview.moc"
