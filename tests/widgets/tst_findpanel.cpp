// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Find and replace: NotebookSearch on its own (patterns, options, positions in UTF-16 and
// UTF-8, outputs, replacements), then the FindPanel driving a NotebookView offscreen.

#include "notebook/celleditor.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"
#include "panels/findpanel.h"
#include "panels/notebooksearch.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace cumulus;
using nlohmann::json;
using namespace Qt::StringLiterals;

namespace {

Cell codeCell(const std::string &source, std::vector<Output> outputs = {})
{
    Cell cell(CellType::Code);
    cell.setSource(source);
    cell.outputs() = std::move(outputs);
    return cell;
}

Cell markdownCell(const std::string &source)
{
    Cell cell(CellType::Markdown);
    cell.setSource(source);
    return cell;
}

Notebook notebookOf(std::vector<Cell> cells)
{
    Notebook notebook;
    notebook.cells() = std::move(cells);
    return notebook;
}

SearchOptions opts(bool caseSensitive, bool regex, bool wholeWord, bool outputs = false)
{
    SearchOptions options;
    options.caseSensitive = caseSensitive;
    options.regex = regex;
    options.wholeWord = wholeWord;
    options.includeOutputs = outputs;
    return options;
}

/// Four cells, "needle" in cells 1, 2 (twice, after non-ASCII text) and 3 (markdown).
Notebook haystack()
{
    std::vector<Cell> cells;
    cells.push_back(codeCell("import os\nprint('hay')"));
    cells.push_back(codeCell("x = 1\nneedle = x + 1",
                             {Output::stream("stdout", "needle in output\n")}));
    cells.push_back(codeCell("# é😀 needle\nprint(needle)"));
    cells.push_back(markdownCell("Some *needle* text"));
    for (int i = 0; i < 30; ++i)
        cells.push_back(codeCell("filler = " + std::to_string(i)));
    return notebookOf(std::move(cells));
}

} // namespace

class TestFindPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void find_data();
    void find();
    void positionsAcrossLines();
    void outputs();
    void invalidRegex();
    void replace_data();
    void replace();
    void replaceOneChecksTheMatch();
    void replaceAllNotebook();
    void setSourcesCommandUndoes();

    void findNextSelectsInEditor();
    void enterAndShortcutsNavigate();
    void outputMatchMakesCellCurrent();
    void replaceOneInPanel();
    void replaceAllIsOneUndoStep();
    void invalidRegexInPanel();
    void followsDocumentChanges();
};

void TestFindPanel::find_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("column");     // of the first match, UTF-16
    QTest::addColumn<int>("byteColumn"); // of the first match, UTF-8
    QTest::addColumn<int>("length");

    QTest::newRow("plain") << u"a foo b foo"_s << u"foo"_s << false << false << false << 2 << 2
                           << 2 << 3;
    QTest::newRow("ignore case") << u"Foo FOO foo"_s << u"foo"_s << false << false << false << 3
                                 << 0 << 0 << 3;
    QTest::newRow("match case") << u"Foo FOO foo"_s << u"foo"_s << true << false << false << 1
                                << 8 << 8 << 3;
    QTest::newRow("plain is literal") << u"a.b axb"_s << u"a.b"_s << false << false << false
                                      << 1 << 0 << 0 << 3;
    QTest::newRow("regex") << u"a.b axb"_s << u"a.b"_s << false << true << false << 2 << 0 << 0
                           << 3;
    QTest::newRow("regex groups") << u"x=12, y=345"_s << u"(\\w)=(\\d+)"_s << false << true
                                  << false << 2 << 0 << 0 << 4;
    QTest::newRow("whole word") << u"cat concat cat_ cat"_s << u"cat"_s << false << false << true
                                << 2 << 0 << 0 << 3;
    QTest::newRow("whole word, regex") << u"x1 xx1 x22"_s << u"x\\d+"_s << false << true << true
                                       << 2 << 0 << 0 << 2;
    QTest::newRow("whole word, punctuation pattern") << u"a->b"_s << u"->"_s << false << false
                                                     << true << 1 << 1 << 1 << 2;
    QTest::newRow("unicode before") << u"é😀 needle"_s << u"needle"_s << false << false << false
                                    << 1 << 4 << 7 << 6;
    QTest::newRow("unicode ignore case") << u"ÉCOLE école"_s << u"école"_s << false << false
                                         << false << 2 << 0 << 0 << 5;
    QTest::newRow("empty pattern") << u"abc"_s << QString() << false << false << false << 0 << 0
                                   << 0 << 0;
    QTest::newRow("no match") << u"abc"_s << u"z"_s << false << false << false << 0 << 0 << 0
                              << 0;
}

void TestFindPanel::find()
{
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, regex);
    QFETCH(bool, wholeWord);
    QFETCH(int, count);
    QFETCH(int, column);
    QFETCH(int, byteColumn);
    QFETCH(int, length);
    const NotebookSearch search(pattern, opts(caseSensitive, regex, wholeWord));
    QVERIFY(search.errorString().isEmpty());
    const QList<SearchMatch> inText = search.findInText(text);
    QCOMPARE(inText.size(), count);
    const QList<SearchMatch> all =
        search.findAll(notebookOf({markdownCell("nothing here"), codeCell(text.toStdString())}));
    QCOMPARE(all.size(), count);
    if (count == 0)
        return;
    const SearchMatch &m = all.first();
    QCOMPARE(m.cell, 1);
    QVERIFY(m.inSource());
    QCOMPARE(m.line, 0);
    QCOMPARE(m.column, column);
    QCOMPARE(m.byteColumn, byteColumn);
    QCOMPARE(m.charColumn, int(text.left(column).toUcs4().size()));
    QCOMPARE(m.charEndColumn, int(text.left(column + length).toUcs4().size()));
    QCOMPARE(m.length, length);
    QCOMPARE(m.endLine, 0);
    QCOMPARE(m.endColumn, column + length);
    QCOMPARE(m.byteEndColumn,
             int(text.mid(0, column + length).toUtf8().size()));
}

void TestFindPanel::positionsAcrossLines()
{
    const NotebookSearch search(u"b\\nc"_s, opts(false, true, false));
    const QList<SearchMatch> matches = search.findInText(u"aaa\r\nüb\nc d\rb\nc"_s);
    QCOMPARE(matches.size(), 2);
    QCOMPARE(matches[0].line, 1);
    QCOMPARE(matches[0].column, 1);
    QCOMPARE(matches[0].byteColumn, 2); // ü is two bytes
    QCOMPARE(matches[0].charColumn, 1);
    QCOMPARE(matches[0].endLine, 2);
    QCOMPARE(matches[0].endColumn, 1);
    QCOMPARE(matches[0].byteEndColumn, 1);
    QCOMPARE(matches[1].line, 3); // a lone "\r" ends a line, as in Scintilla
    QCOMPARE(matches[1].column, 0);
    QCOMPARE(matches[1].endLine, 4);
}

void TestFindPanel::outputs()
{
    std::vector<Output> outputs;
    outputs.push_back(
        Output::stream("stdout", "\x1b[31mwarning\x1b[0m: careful\ndisk 10%\rdisk 100%\n"));
    outputs.push_back(Output::executeResult(1, json{{"text/plain", "'warning'"}}));
    outputs.push_back(Output::error("ValueError", "bad",
                                    {"\x1b[0;31m---------\x1b[0m",
                                     "\x1b[0;31mValueError\x1b[0m: bad warning"}));
    outputs.push_back(Output::displayData(json{{"image/png", "AAAA"}}));
    const Notebook notebook = notebookOf({codeCell("warnings.warn()", std::move(outputs))});

    NotebookSearch search(u"warning"_s, opts(false, false, false, false));
    QCOMPARE(search.findAll(notebook).size(), 1); // the source only

    search.setPattern(u"warning"_s, opts(false, false, false, true));
    const QList<SearchMatch> matches = search.findAll(notebook);
    QCOMPARE(matches.size(), 4);
    QCOMPARE(matches[0].output, -1);
    QCOMPARE(matches[1].output, 0);
    QCOMPARE(matches[1].column, 0); // the escape before it is gone
    QCOMPARE(matches[2].output, 1);
    QCOMPARE(matches[2].column, 1);
    QCOMPARE(matches[3].output, 2);
    QCOMPARE(matches[3].line, 1);
    QCOMPARE(matches[3].column, 16);

    // "\r" overwrote "disk 10%": only what the user sees is found.
    search.setPattern(u"disk 10%"_s, opts(false, false, false, true));
    QCOMPARE(search.findAll(notebook).size(), 0);
    search.setPattern(u"disk 100%"_s, opts(false, false, false, true));
    QCOMPARE(search.findAll(notebook).size(), 1);
    // Escape sequences themselves are not text.
    search.setPattern(u"[0;31m"_s, opts(false, false, false, true));
    QCOMPARE(search.findAll(notebook).size(), 0);
    // Replacing never touches outputs.
    search.setPattern(u"warning"_s, opts(false, false, false, true));
    int count = 0;
    const std::vector<SourceReplacement> replaced = search.replaceAll(notebook, u"W"_s, &count);
    QCOMPARE(count, 1);
    QCOMPARE(replaced.size(), size_t(1));
    QCOMPARE(replaced[0].source, std::string("Ws.warn()"));
}

void TestFindPanel::invalidRegex()
{
    for (const QString &pattern : {u"("_s, u"[a-"_s, u"a{2,1}"_s, u"(?<n>x)(?<n>y)"_s}) {
        const NotebookSearch search(pattern, opts(false, true, false));
        QVERIFY2(!search.isValid(), qPrintable(pattern));
        QVERIFY(search.errorString().contains(u"Invalid regular expression"_s));
        QVERIFY(search.findAll(haystack()).isEmpty());
        QVERIFY(search.findInText(pattern).isEmpty());
        int count = -1;
        QVERIFY(search.replaceAll(haystack(), u"x"_s, &count).empty());
        QCOMPARE(count, 0);
        QCOMPARE(search.replaceInText(u"abc("_s, u"x"_s), u"abc("_s);
        // With whole word on, the error still names the user's pattern.
        const NotebookSearch word(pattern, opts(false, true, true));
        QVERIFY(!word.isValid());
    }
    // The same text is fine as a plain pattern.
    const NotebookSearch plain(u"("_s, opts(false, false, false));
    QVERIFY(plain.isValid());
    QCOMPARE(plain.findInText(u"f(x)"_s).size(), 1);
}

void TestFindPanel::replace_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("count");

    QTest::newRow("plain") << u"foo bar foo"_s << u"foo"_s << false << false << u"baz"_s
                           << u"baz bar baz"_s << 2;
    QTest::newRow("plain replacement is literal") << u"a b"_s << u"a"_s << false << false
                                                  << u"$1\\1"_s << u"$1\\1 b"_s << 1;
    QTest::newRow("backslash groups") << u"x=1, y=22"_s << u"(\\w)=(\\d+)"_s << true << false
                                      << u"\\2=\\1"_s << u"1=x, 22=y"_s << 2;
    QTest::newRow("dollar groups") << u"x=1, y=22"_s << u"(\\w)=(\\d+)"_s << true << false
                                   << u"$2:$1"_s << u"1:x, 22:y"_s << 2;
    QTest::newRow("whole match") << u"ab"_s << u"b"_s << true << false << u"[$0][\\0]"_s
                                 << u"a[b][b]"_s << 1;
    QTest::newRow("named group") << u"key: value"_s << u"(?<k>\\w+): (?<v>\\w+)"_s << true
                                 << false << u"${v}=${k}"_s << u"value=key"_s << 1;
    QTest::newRow("escapes") << u"a,b"_s << u","_s << true << false << u"\\n\\t$$\\\\"_s
                             << u"a\n\t$\\b"_s << 1;
    QTest::newRow("missing group is empty") << u"ab"_s << u"(a)"_s << true << false << u"[$2]"_s
                                            << u"[]b"_s << 1;
    QTest::newRow("two-digit group only if it exists") << u"ab"_s << u"(a)"_s << true << false
                                                       << u"$10"_s << u"a0b"_s << 1;
    QTest::newRow("empty matches") << u"one\ntwo"_s << u"^"_s << true << false << u"# "_s
                                   << u"# one\n# two"_s << 2;
    QTest::newRow("whole word") << u"i in int i"_s << u"i"_s << false << true << u"j"_s
                                << u"j in int j"_s << 2;
    QTest::newRow("unicode") << u"😀é😀"_s << u"é"_s << false << false << u"e"_s << u"😀e😀"_s
                             << 1;
}

void TestFindPanel::replace()
{
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(bool, wholeWord);
    QFETCH(QString, replacement);
    QFETCH(QString, expected);
    QFETCH(int, count);
    const NotebookSearch search(pattern, opts(true, regex, wholeWord));
    QVERIFY2(search.isValid(), qPrintable(search.errorString()));
    int n = 0;
    QCOMPARE(search.replaceInText(text, replacement, &n), expected);
    QCOMPARE(n, count);

    // One at a time, from the last match back, gives the same text.
    std::string source = text.toStdString();
    QList<SearchMatch> matches = search.findInText(text);
    for (qsizetype i = matches.size() - 1; i >= 0; --i) {
        const std::optional<std::string> once = search.replaceOne(source, matches[i], replacement);
        QVERIFY(once);
        source = *once;
    }
    QCOMPARE(QString::fromStdString(source), expected);
}

void TestFindPanel::replaceOneChecksTheMatch()
{
    const NotebookSearch search(u"foo"_s, opts(false, false, true));
    const QList<SearchMatch> matches = search.findInText(u"a foo"_s);
    QCOMPARE(matches.size(), 1);
    QCOMPARE(search.replaceOne("a foo", matches[0], u"bar"_s), std::optional<std::string>("a bar"));
    // The text changed under the match: nothing is replaced.
    QCOMPARE(search.replaceOne("a fox", matches[0], u"bar"_s), std::nullopt);
    QCOMPARE(search.replaceOne("a", matches[0], u"bar"_s), std::nullopt);
    // Whole word still sees the character before the match.
    QCOMPARE(search.replaceOne("afoo", SearchMatch{-1, -1, 1, 3}, u"bar"_s), std::nullopt);
    // An output match is never replaced.
    SearchMatch inOutput = matches[0];
    inOutput.output = 0;
    QCOMPARE(search.replaceOne("a foo", inOutput, u"bar"_s), std::nullopt);
}

void TestFindPanel::replaceAllNotebook()
{
    const Notebook notebook = haystack();
    const NotebookSearch search(u"needle"_s, opts(false, false, false, true));
    QCOMPARE(search.findAll(notebook).size(), 5); // 4 in sources, 1 in an output
    int count = 0;
    const std::vector<SourceReplacement> replaced = search.replaceAll(notebook, u"pin"_s, &count);
    QCOMPARE(count, 4);
    QCOMPARE(replaced.size(), size_t(3));
    QCOMPARE(replaced[0].cell, 1);
    QCOMPARE(replaced[0].source, std::string("x = 1\npin = x + 1"));
    QCOMPARE(replaced[1].cell, 2);
    QCOMPARE(replaced[1].source, std::string("# é😀 pin\nprint(pin)"));
    QCOMPARE(replaced[2].cell, 3);
    QCOMPARE(replaced[2].source, std::string("Some *pin* text"));
}

void TestFindPanel::setSourcesCommandUndoes()
{
    NotebookDocument document(haystack());
    QUndoStack stack;
    stack.push(new SetCellSourcesCommand(&document, {{1, "one"}, {3, "three"}}, u"Replace All"_s));
    QCOMPARE(document.cell(1).source(), std::string("one"));
    QCOMPARE(document.cell(3).source(), std::string("three"));
    // A cell inserted outside the stack: the command finds its cells by id.
    document.insertCell(0, codeCell("new"));
    stack.undo();
    QCOMPARE(document.cell(2).source(), std::string("x = 1\nneedle = x + 1"));
    QCOMPARE(document.cell(4).source(), std::string("Some *needle* text"));
    stack.redo();
    QCOMPARE(document.cell(2).source(), std::string("one"));
}

void TestFindPanel::findNextSelectsInEditor()
{
    NotebookDocument document(haystack());
    NotebookView view;
    view.resize(800, 400);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    FindPanel panel;
    panel.setView(&view);
    panel.show();
    view.setCurrentCell(0);
    panel.setFindText(u"needle"_s);
    panel.refresh();
    QCOMPARE(panel.matches().size(), 4);
    QCOMPARE(panel.statusText(), u"4 results"_s);

    panel.findNext();
    QCOMPARE(view.currentCell(), 1);
    QCOMPARE(view.mode(), NotebookView::Mode::Edit);
    QVERIFY(view.editor());
    QCOMPARE(view.editor()->selectedText(), u"needle"_s);
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    view.editor()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    QCOMPARE(lineFrom, 1);
    QCOMPARE(indexFrom, 0);
    QCOMPARE(panel.statusText(), u"1 of 4"_s);

    // After "é😀 " (3 UTF-16 units, 6 bytes, 2 characters): the editor counts characters.
    panel.findNext();
    QCOMPARE(view.currentCell(), 2);
    QCOMPARE(view.editor()->selectedText(), u"needle"_s);
    view.editor()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    QCOMPARE(lineFrom, 0);
    QCOMPARE(indexFrom, 5);
    panel.findNext();
    QCOMPARE(view.currentCell(), 2);
    view.editor()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    QCOMPARE(lineFrom, 1);
    QCOMPARE(indexFrom, 6);
    panel.findNext(); // the markdown cell opens as source
    QCOMPARE(view.currentCell(), 3);
    QCOMPARE(view.editor()->selectedText(), u"needle"_s);
    panel.findNext(); // wraps
    QCOMPARE(view.currentCell(), 1);
    QCOMPARE(panel.statusText(), u"1 of 4"_s);
    panel.findPrevious(); // wraps back
    QCOMPARE(view.currentCell(), 3);
    QCOMPARE(panel.statusText(), u"4 of 4"_s);

    // A far cell is scrolled into view.
    panel.setFindText(u"filler = 29"_s);
    panel.findNext();
    QCOMPARE(view.currentCell(), 33);
    const QRect rect = view.cellRect(33);
    QVERIFY(view.viewport()->rect().intersects(rect));
}

void TestFindPanel::enterAndShortcutsNavigate()
{
    NotebookDocument document(haystack());
    QWidget window; // both in one window, as in the app, so focus can move between them
    auto *view = new NotebookView(&window);
    view->resize(800, 400);
    view->setDocument(&document);
    auto *panel = new FindPanel(&window);
    panel->setView(view);
    panel->move(0, 400);
    window.resize(800, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();

    panel->activateFind();
    QLineEdit *find = panel->findChild<QLineEdit *>();
    QVERIFY(find);
    QTRY_VERIFY(find->hasFocus());
    QTest::keyClicks(find, u"needle"_s);
    // Typing goes to the first match from the current cell, and the focus stays in the field.
    QTRY_COMPARE(view->currentCell(), 1);
    QVERIFY(find->hasFocus());
    QCOMPARE(view->editor()->selectedText(), u"needle"_s);
    QTest::keyClick(find, Qt::Key_Return);
    QCOMPARE(view->currentCell(), 2);
    QVERIFY(find->hasFocus());
    QTest::keyClick(find, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(view->currentCell(), 1);
    QCOMPARE(panel->findNextAction()->shortcut(), QKeySequence(QKeySequence::FindNext));
    panel->findNextAction()->trigger();
    QCOMPARE(view->currentCell(), 2);
    panel->findPreviousAction()->trigger();
    QCOMPARE(view->currentCell(), 1);
    QTest::keyClick(find, Qt::Key_F3);
    QCOMPARE(view->currentCell(), 2);
    QTest::keyClick(find, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(view->currentCell(), 1);

    QSignalSpy close(panel, &FindPanel::closeRequested);
    QTest::keyClick(find, Qt::Key_Escape);
    QCOMPARE(close.count(), 1);
}

void TestFindPanel::outputMatchMakesCellCurrent()
{
    NotebookDocument document(haystack());
    NotebookView view;
    view.resize(800, 400);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    FindPanel panel;
    panel.setView(&view);
    panel.setOptions(opts(false, false, false, true));
    panel.setFindText(u"in output"_s);
    view.setCurrentCell(5);
    panel.findNext();
    QCOMPARE(panel.matches().size(), 1);
    QCOMPARE(view.currentCell(), 1);
    QCOMPARE(view.mode(), NotebookView::Mode::Command);
    QCOMPARE(panel.statusText(), u"1 of 1"_s);
    // Replace skips what it cannot change.
    panel.setReplaceText(u"x"_s);
    panel.replace();
    QCOMPARE(document.cell(1).outputs()[0].text(), std::string("needle in output\n"));
    QCOMPARE(view.undoStack()->count(), 0);
}

void TestFindPanel::replaceOneInPanel()
{
    NotebookDocument document(haystack());
    NotebookView view;
    view.resize(800, 400);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    FindPanel panel;
    panel.setView(&view);
    panel.setFindText(u"needle"_s);
    panel.setReplaceText(u"needle2"_s);
    view.setCurrentCell(2);
    panel.replace(); // shows the first match
    QCOMPARE(document.cell(2).source(), std::string("# é😀 needle\nprint(needle)"));
    QCOMPARE(panel.currentMatch(), 1);
    panel.replace(); // replaces it, and goes on past the replacement
    QCOMPARE(document.cell(2).source(), std::string("# é😀 needle2\nprint(needle)"));
    QCOMPARE(view.currentCell(), 2);
    QCOMPARE(view.editor()->text(), u"# é😀 needle2\nprint(needle)"_s);
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    view.editor()->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    QCOMPARE(lineFrom, 1);
    QCOMPARE(view.undoStack()->count(), 1);
    panel.replace();
    QCOMPARE(document.cell(2).source(), std::string("# é😀 needle2\nprint(needle2)"));
    QCOMPARE(view.currentCell(), 3);
    view.undoStack()->undo();
    QCOMPARE(document.cell(2).source(), std::string("# é😀 needle2\nprint(needle)"));
}

void TestFindPanel::replaceAllIsOneUndoStep()
{
    NotebookDocument document(haystack());
    const Notebook before = document.notebook();
    NotebookView view;
    view.resize(800, 400);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    FindPanel panel;
    panel.setView(&view);
    panel.setOptions(opts(true, true, false));
    panel.setFindText(u"need(le)"_s);
    panel.setReplaceText(u"pin$1"_s);
    // An edit still open in the editor is searched, and replaced, too.
    view.setCurrentCell(0);
    view.enterEditMode();
    view.editor()->setText(u"needle()"_s);
    QCOMPARE(panel.replaceAll(), 5);
    QCOMPARE(document.cell(0).source(), std::string("pinle()"));
    QCOMPARE(document.cell(1).source(), std::string("x = 1\npinle = x + 1"));
    QCOMPARE(document.cell(2).source(), std::string("# é😀 pinle\nprint(pinle)"));
    QCOMPARE(document.cell(3).source(), std::string("Some *pinle* text"));
    QCOMPARE(view.editor()->text(), u"pinle()"_s);
    QVERIFY(document.isModified());
    QVERIFY(panel.statusText().startsWith(u"Replaced 5 matches in 4 cells."_s));
    QCOMPARE(panel.matches().size(), 0);
    QCOMPARE(view.undoStack()->count(), 1);
    QCOMPARE(view.undoStack()->undoText(), u"Replace All"_s);
    view.undoStack()->undo();
    QCOMPARE(document.cell(0).source(), std::string("needle()"));
    for (int i = 1; i < document.cellCount(); ++i)
        QCOMPARE(document.cell(i).source(), before.cells()[size_t(i)].source());
    QTRY_COMPARE(panel.matches().size(), 5); // the panel saw the undo
    view.undoStack()->redo();
    QCOMPARE(document.cell(3).source(), std::string("Some *pinle* text"));
}

void TestFindPanel::invalidRegexInPanel()
{
    NotebookDocument document(haystack());
    NotebookView view;
    view.setDocument(&document);
    FindPanel panel;
    panel.setView(&view);
    panel.setOptions(opts(false, true, false));
    panel.setFindText(u"needle("_s);
    panel.refresh();
    QVERIFY2(panel.statusText().startsWith(u"Invalid regular expression"_s),
             qPrintable(panel.statusText()));
    QVERIFY(panel.matches().isEmpty());
    panel.findNext();
    panel.findPrevious();
    panel.replace();
    QCOMPARE(panel.replaceAll(), 0);
    QCOMPARE(view.undoStack()->count(), 0);
    QCOMPARE(document.cell(1).source(), std::string("x = 1\nneedle = x + 1"));
    panel.setFindText(u"needle(\\s|$)"_s); // fixed: the error goes
    panel.refresh();
    QCOMPARE(panel.statusText(), u"2 results"_s);
}

void TestFindPanel::followsDocumentChanges()
{
    NotebookDocument document(haystack());
    NotebookView view;
    view.setDocument(&document);
    FindPanel panel;
    panel.setView(&view);
    panel.setFindText(u"needle"_s);
    panel.refresh();
    QSignalSpy changed(&panel, &FindPanel::matchesChanged);
    QCOMPARE(panel.matches().size(), 4);
    document.setCellSource(0, "needle needle");
    document.insertCell(0, codeCell("needle"));
    // Debounced: one search for both changes.
    QTRY_COMPARE(panel.matches().size(), 7);
    QCOMPARE(changed.count(), 1);
    document.removeCells(0, 2);
    QTRY_COMPARE(panel.matches().size(), 4);
    // Outputs count only while "Search outputs" is on.
    panel.setOptions(opts(false, false, false, true));
    panel.refresh();
    QCOMPARE(panel.matches().size(), 5);
    document.appendOutput(0, Output::stream("stdout", "needle"));
    QTRY_COMPARE(panel.matches().size(), 6);
    // Another document in the view.
    NotebookDocument other(notebookOf({codeCell("no match")}));
    view.setDocument(&other);
    panel.setView(&view);
    QCOMPARE(panel.matches().size(), 0);
    QCOMPARE(panel.statusText(), u"No results"_s);
}

QTEST_MAIN(TestFindPanel)
#include "tst_findpanel.moc"
