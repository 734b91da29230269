// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The table of contents: markdown heading rules (ATX, setext, code blocks), then the panel
// on a NotebookView offscreen: nesting, jumping to a cell, following edits and the current
// cell.

#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"
#include "panels/tocpanel.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace cumulus;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(QList<cumulus::MarkdownHeading>)

namespace {

Cell cellOf(CellType type, const std::string &source)
{
    Cell cell(type);
    cell.setSource(source);
    return cell;
}

/// # A / ## A.1 / ### A.1.a, code, ## A.2 (setext), code × 20, # B, ## B.1.
Notebook outline()
{
    Notebook notebook;
    auto &cells = notebook.cells();
    cells.push_back(cellOf(CellType::Markdown, "# A\n\nintro\n\n## A.1\n### A.1.a\ntext"));
    cells.push_back(cellOf(CellType::Code, "# not a heading: code\nx = 1"));
    cells.push_back(cellOf(CellType::Markdown, "A.2\n---\n```\n# in a fence\n```"));
    for (int i = 0; i < 20; ++i)
        cells.push_back(
            cellOf(CellType::Code, "y = " + std::to_string(i) + "\nprint(y)\nprint(y)"));
    cells.push_back(cellOf(CellType::Markdown, "# B"));       // cell 23
    cells.push_back(cellOf(CellType::Raw, "# raw is not markdown"));
    cells.push_back(cellOf(CellType::Markdown, "text\n\n## B.1")); // cell 25
    cells.push_back(cellOf(CellType::Code, "z = 3"));
    return notebook;
}

QStringList texts(const QList<QTreeWidgetItem *> &items)
{
    QStringList out;
    for (const QTreeWidgetItem *item : items)
        out << item->text(0);
    return out;
}

} // namespace

class TestTocPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headings_data();
    void headings();
    void nestsHeadings();
    void clickJumpsToCell();
    void followsEdits();
    void highlightsCurrentSection();
};

void TestTocPanel::headings_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QList<MarkdownHeading>>("expected");
    using H = MarkdownHeading;
    QTest::newRow("empty") << QString() << QList<H>{};
    QTest::newRow("atx levels") << u"# one\n## two\n###### six\n####### seven"_s
                                << QList<H>{{1, u"one"_s, 0}, {2, u"two"_s, 1}, {6, u"six"_s, 2}};
    QTest::newRow("needs a space") << u"#hashtag\n#\tTab"_s << QList<H>{{1, u"Tab"_s, 1}};
    QTest::newRow("closing hashes") << u"## Title ##\n# C# #\n# C#"_s
                                    << QList<H>{{2, u"Title"_s, 0}, {1, u"C#"_s, 1},
                                                {1, u"C#"_s, 2}};
    QTest::newRow("up to three spaces") << u"   # three\n    # four"_s
                                        << QList<H>{{1, u"three"_s, 0}};
    QTest::newRow("empty heading skipped") << u"#\n## ##"_s << QList<H>{};
    QTest::newRow("setext") << u"Big\n===\n\nSmall\nline two\n---"_s
                            << QList<H>{{1, u"Big"_s, 0}, {2, u"Small line two"_s, 3}};
    QTest::newRow("thematic break") << u"text\n\n---\n***\n---"_s << QList<H>{};
    QTest::newRow("list then rule") << u"- item\n---"_s << QList<H>{};
    QTest::newRow("backtick fence") << u"```python\n# comment\n```\n# after"_s
                                    << QList<H>{{1, u"after"_s, 3}};
    QTest::newRow("tilde fence, longer close") << u"~~~~\n# in\n~~~\n# still in\n~~~~~\n## out"_s
                                               << QList<H>{{2, u"out"_s, 5}};
    QTest::newRow("unclosed fence") << u"```\n# in"_s << QList<H>{};
    QTest::newRow("setext underline in fence") << u"```\ntext\n---\n```"_s << QList<H>{};
    QTest::newRow("indented code") << u"text\n\n    # code\n# real"_s
                                   << QList<H>{{1, u"real"_s, 3}};
    QTest::newRow("crlf") << u"# one\r\ntwo\r\n===\r\n"_s
                          << QList<H>{{1, u"one"_s, 0}, {1, u"two"_s, 1}};
    QTest::newRow("inline markup")
        << u"## <a id=\"x\"></a>The *`run()`* [method](http://x) **now** \\#1 ![img](a.png)"_s
        << QList<H>{{2, u"The run() method now #1 img"_s, 0}};
    QTest::newRow("snake_case kept") << u"# my_var and _emph_"_s
                                     << QList<H>{{1, u"my_var and emph"_s, 0}};
    QTest::newRow("unicode") << u"# Über 😀\n标题\n==="_s
                             << QList<H>{{1, u"Über 😀"_s, 0}, {1, u"标题"_s, 1}};
}

void TestTocPanel::headings()
{
    QFETCH(QString, markdown);
    QFETCH(QList<MarkdownHeading>, expected);
    const QList<MarkdownHeading> found = markdownHeadings(markdown.toStdString());
    QStringList got;
    for (const MarkdownHeading &h : found)
        got << u"%1:%2:%3"_s.arg(h.level).arg(h.text).arg(h.line);
    QStringList want;
    for (const MarkdownHeading &h : expected)
        want << u"%1:%2:%3"_s.arg(h.level).arg(h.text).arg(h.line);
    QCOMPARE(got, want);
}

void TestTocPanel::nestsHeadings()
{
    NotebookDocument document(outline());
    NotebookView view;
    view.setDocument(&document);
    TocPanel toc;
    toc.setView(&view);
    QCOMPARE(texts(toc.headingItems()),
             QStringList({u"A"_s, u"A.1"_s, u"A.1.a"_s, u"A.2"_s, u"B"_s, u"B.1"_s}));
    QCOMPARE(toc.topLevelItemCount(), 2);
    QTreeWidgetItem *a = toc.topLevelItem(0);
    QCOMPARE(a->childCount(), 2);
    QCOMPARE(a->child(0)->text(0), u"A.1"_s);
    QCOMPARE(a->child(0)->child(0)->text(0), u"A.1.a"_s);
    QCOMPARE(a->child(1)->text(0), u"A.2"_s);
    QCOMPARE(a->child(1)->data(0, TocPanel::CellRole).toInt(), 2);
    QCOMPARE(a->child(1)->data(0, TocPanel::LevelRole).toInt(), 2);
    QTreeWidgetItem *b = toc.topLevelItem(1);
    QCOMPARE(b->data(0, TocPanel::CellRole).toInt(), 23);
    QCOMPARE(b->childCount(), 1);
    QCOMPARE(b->child(0)->data(0, TocPanel::CellRole).toInt(), 25);
    QCOMPARE(b->child(0)->data(0, TocPanel::LineRole).toInt(), 2);
    // A deeper heading first, then a shallower one: siblings at the top, no empty parents.
    Notebook odd;
    odd.cells().push_back(cellOf(CellType::Markdown, "### deep\n# top\n### deeper\n## mid"));
    NotebookDocument oddDocument(odd);
    view.setDocument(&oddDocument);
    toc.setView(&view);
    QCOMPARE(toc.topLevelItemCount(), 2);
    QCOMPARE(toc.topLevelItem(1)->childCount(), 2);
}

void TestTocPanel::clickJumpsToCell()
{
    NotebookDocument document(outline());
    NotebookView view;
    view.resize(700, 300);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    TocPanel toc;
    toc.resize(250, 400);
    toc.setView(&view);
    toc.show();
    QVERIFY(QTest::qWaitForWindowExposed(&toc));
    QSignalSpy activated(&toc, &TocPanel::headingActivated);
    QCOMPARE(view.currentCell(), 0);

    QTreeWidgetItem *b1 = toc.topLevelItem(1)->child(0);
    QTest::mouseClick(toc.viewport(), Qt::LeftButton, {}, toc.visualItemRect(b1).center());
    QCOMPARE(view.currentCell(), 25);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), 25);
    QVERIFY(view.verticalScrollBar()->value() > 0);
    QVERIFY(view.viewport()->rect().intersects(view.cellRect(25)));

    // Keyboard: Enter on a heading jumps too.
    QTreeWidgetItem *a = toc.topLevelItem(0);
    toc.setFocus();
    toc.setCurrentItem(a);
    QTest::keyClick(toc.viewport(), Qt::Key_Return);
    QCOMPARE(view.currentCell(), 0);
    QCOMPARE(view.cellRect(0).top(), 0); // the section starts at the top of the view
}

void TestTocPanel::followsEdits()
{
    NotebookDocument document(outline());
    NotebookView view;
    view.setDocument(&document);
    TocPanel toc;
    toc.setView(&view);
    document.setCellSource(0, "# Renamed\n## Only child");
    QTRY_COMPARE(texts(toc.headingItems()),
                 QStringList({u"Renamed"_s, u"Only child"_s, u"A.2"_s, u"B"_s, u"B.1"_s}));
    document.insertCell(1, cellOf(CellType::Markdown, "# Inserted"));
    QTRY_COMPARE(toc.topLevelItemCount(), 3);
    QCOMPARE(toc.topLevelItem(1)->text(0), u"Inserted"_s);
    QCOMPARE(toc.topLevelItem(1)->child(0)->data(0, TocPanel::CellRole).toInt(), 3);
    // A code cell turned to markdown contributes its headings.
    document.setCellType(2, CellType::Markdown);
    QTRY_VERIFY(texts(toc.headingItems()).contains(u"not a heading: code"_s));
    document.removeCells(0, 3);
    QTRY_COMPARE(texts(toc.headingItems()),
                 QStringList({u"A.2"_s, u"B"_s, u"B.1"_s}));
    QCOMPARE(toc.topLevelItem(0)->data(0, TocPanel::CellRole).toInt(), 0);
}

void TestTocPanel::highlightsCurrentSection()
{
    NotebookDocument document(outline());
    NotebookView view;
    view.resize(700, 300);
    view.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    TocPanel toc;
    toc.setView(&view);
    QTreeWidgetItem *a = toc.topLevelItem(0);
    QCOMPARE(toc.currentItem(), a->child(0)->child(0)); // cell 0 ends in section A.1.a
    view.setCurrentCell(10);
    QCOMPARE(toc.currentItem(), a->child(1)); // A.2, from cell 2
    QVERIFY(a->child(1)->font(0).bold());
    QVERIFY(!a->child(0)->child(0)->font(0).bold());
    view.setCurrentCell(26);
    QCOMPARE(toc.currentItem(), toc.topLevelItem(1)->child(0));
    QCOMPARE(toc.sectionItem(23), toc.topLevelItem(1));
    QCOMPARE(toc.sectionItem(-1), nullptr);
}

QTEST_MAIN(TestTocPanel)
#include "tst_tocpanel.moc"
