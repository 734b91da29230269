// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/tocpanel.h"

#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <QEvent>
#include <QHeaderView>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStringList>
#include <QTimer>

#include <vector>

namespace cumulus {

namespace {

constexpr int kRefreshDelayMs = 250;

/// Leading indentation in columns (a tab counts as reaching the next multiple of 4).
int indentOf(const QString &line, int *chars)
{
    int columns = 0;
    int i = 0;
    for (; i < line.size(); ++i) {
        if (line.at(i) == QLatin1Char(' '))
            ++columns;
        else if (line.at(i) == QLatin1Char('\t'))
            columns += 4 - columns % 4;
        else
            break;
    }
    *chars = i;
    return columns;
}

/// The length of the run of @p c at the start of @p text.
int runOf(const QString &text, QChar c)
{
    int n = 0;
    while (n < text.size() && text.at(n) == c)
        ++n;
    return n;
}

bool isListItemStart(const QString &text)
{
    static const QRegularExpression list(QStringLiteral("^(?:[-+*]|\\d{1,9}[.)])(?:\\s|$)"));
    return list.match(text).hasMatch();
}

/// Inline markdown reduced to the text a reader sees.
QString plainInline(QString text)
{
    static const QRegularExpression image(QStringLiteral("!\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression link(QStringLiteral("\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression refLink(QStringLiteral("\\[([^\\]]*)\\]\\[[^\\]]*\\]"));
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    static const QRegularExpression strong(QStringLiteral("(\\*\\*|__)(.+?)\\1"));
    static const QRegularExpression emphasis(
        QStringLiteral("(?<![\\w*])([*_])(?!\\s)(.+?)(?<!\\s)\\1(?![\\w*])"));
    static const QRegularExpression escape(QStringLiteral("\\\\([!-/:-@\\[-`{-~])"));
    text.replace(image, QStringLiteral("\\1"));
    text.replace(link, QStringLiteral("\\1"));
    text.replace(refLink, QStringLiteral("\\1"));
    // Notebooks often anchor headings: "## <a id="intro"></a>Introduction".
    text.replace(tag, QString());
    text.remove(QLatin1Char('`'));
    text.replace(strong, QStringLiteral("\\2"));
    text.replace(emphasis, QStringLiteral("\\2"));
    text.replace(escape, QStringLiteral("\\1"));
    return text.simplified();
}

} // namespace

QList<MarkdownHeading> markdownHeadings(std::string_view markdown)
{
    QList<MarkdownHeading> headings;
    const QString source = QString::fromUtf8(markdown.data(), qsizetype(markdown.size()));
    const QStringList lines = source.split(QLatin1Char('\n'));

    bool inFence = false;
    QChar fenceChar;
    int fenceLength = 0;
    QStringList paragraph; // lines of the paragraph a setext underline would turn into a heading
    int paragraphStart = 0;

    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        int indentChars = 0;
        const int indent = indentOf(line, &indentChars);
        const QString rest = line.mid(indentChars);
        const QString trimmed = rest.trimmed();

        if (inFence) {
            // Closed by a run of the same character at least as long, and nothing else.
            if (indent <= 3 && runOf(rest, fenceChar) >= fenceLength
                && trimmed.size() == runOf(trimmed, fenceChar))
                inFence = false;
            continue;
        }
        if (trimmed.isEmpty()) {
            paragraph.clear();
            continue;
        }
        // Indented code: four spaces, unless it continues a paragraph.
        if (indent >= 4) {
            if (!paragraph.isEmpty())
                paragraph.append(trimmed);
            continue;
        }
        for (const QChar c : {QLatin1Char('`'), QLatin1Char('~')}) {
            const int run = runOf(rest, c);
            if (run >= 3 && !(c == QLatin1Char('`') && rest.mid(run).contains(c))) {
                inFence = true;
                fenceChar = c;
                fenceLength = run;
                break;
            }
        }
        if (inFence) {
            paragraph.clear();
            continue;
        }
        const int hashes = runOf(rest, QLatin1Char('#'));
        if (hashes >= 1 && hashes <= 6
            && (rest.size() == hashes || rest.at(hashes) == QLatin1Char(' ')
                || rest.at(hashes) == QLatin1Char('\t'))) {
            QString text = rest.mid(hashes).trimmed();
            // An optional closing sequence: "## Title ##".
            int end = int(text.size());
            while (end > 0 && text.at(end - 1) == QLatin1Char('#'))
                --end;
            if (end == 0)
                text.clear();
            else if (end < text.size()
                     && (text.at(end - 1) == QLatin1Char(' ')
                         || text.at(end - 1) == QLatin1Char('\t')))
                text = text.left(end).trimmed();
            text = plainInline(text);
            if (!text.isEmpty())
                headings.append({hashes, text, i});
            paragraph.clear();
            continue;
        }
        if (!paragraph.isEmpty() && !isListItemStart(paragraph.first())) {
            const QChar u = trimmed.at(0);
            if ((u == QLatin1Char('=') || u == QLatin1Char('-'))
                && runOf(trimmed, u) == trimmed.size()) {
                const QString text = plainInline(paragraph.join(QLatin1Char(' ')));
                if (!text.isEmpty())
                    headings.append({u == QLatin1Char('=') ? 1 : 2, text, paragraphStart});
                paragraph.clear();
                continue;
            }
        }
        // A thematic break ("***", "- - -") ends a paragraph and is never a heading's text.
        static const QRegularExpression rule(
            QStringLiteral("^(?:(?:\\*\\s*){3,}|(?:-\\s*){3,}|(?:_\\s*){3,})$"));
        if (rule.match(trimmed).hasMatch()) {
            paragraph.clear();
            continue;
        }
        if (paragraph.isEmpty())
            paragraphStart = i;
        paragraph.append(trimmed);
    }
    return headings;
}

TocPanel::TocPanel(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(1);
    setHeaderHidden(true);
    setUniformRowHeights(true);
    setExpandsOnDoubleClick(false);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTextElideMode(Qt::ElideRight);
    setIndentation(14);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &TocPanel::refresh);
    connect(this, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem *item, int) { activate(item); });
    connect(this, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item, int) { activate(item); });
}

TocPanel::~TocPanel() = default;

void TocPanel::setView(NotebookView *view)
{
    if (view == m_view && (!view || view->document() == m_document))
        return;
    if (m_view)
        disconnect(m_view, nullptr, this, nullptr);
    m_view = view;
    if (m_view)
        connect(m_view, &NotebookView::currentCellChanged, this, &TocPanel::highlightSection);
    attachDocument();
}

void TocPanel::attachDocument()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_document = m_view ? m_view->document() : nullptr;
    if (m_document) {
        NotebookDocument *document = m_document;
        const auto changed = [this] { scheduleRefresh(); };
        m_connections << connect(document, &NotebookDocument::reset, this, changed)
                      << connect(document, &NotebookDocument::cellsInserted, this, changed)
                      << connect(document, &NotebookDocument::cellsRemoved, this, changed)
                      << connect(document, &NotebookDocument::cellsMoved, this, changed)
                      << connect(document, &NotebookDocument::cellChanged, this,
                                 [this](int, NotebookDocument::CellChanges changes) {
                                     using Change = NotebookDocument::CellChange;
                                     if (changes & (Change::Source | Change::Type))
                                         scheduleRefresh();
                                 });
    }
    refresh();
}

void TocPanel::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void TocPanel::refresh()
{
    m_refreshTimer->stop();
    if (m_view && m_view->document() != m_document) {
        attachDocument(); // refreshes again with the new document
        return;
    }
    // Keep the scroll position: a rebuild after typing should not make the tree jump.
    const int scroll = verticalScrollBar()->value();
    m_highlighted = nullptr;
    clear();
    if (m_document) {
        struct Open
        {
            int level;
            QTreeWidgetItem *item;
        };
        std::vector<Open> stack;
        QList<QTreeWidgetItem *> topLevel;
        for (int cell = 0; cell < m_document->cellCount(); ++cell) {
            const Cell &c = m_document->cell(cell);
            if (c.type() != CellType::Markdown)
                continue;
            for (const MarkdownHeading &heading : markdownHeadings(c.source())) {
                while (!stack.empty() && stack.back().level >= heading.level)
                    stack.pop_back();
                auto *item = stack.empty() ? new QTreeWidgetItem
                                           : new QTreeWidgetItem(stack.back().item);
                if (stack.empty())
                    topLevel.append(item);
                item->setText(0, heading.text);
                item->setToolTip(0, heading.text);
                item->setData(0, CellRole, cell);
                item->setData(0, LevelRole, heading.level);
                item->setData(0, LineRole, heading.line);
                stack.push_back({heading.level, item});
            }
        }
        addTopLevelItems(topLevel);
        expandAll();
    }
    highlightSection();
    verticalScrollBar()->setValue(scroll);
    viewport()->update();
}

QList<QTreeWidgetItem *> TocPanel::headingItems() const
{
    QList<QTreeWidgetItem *> items;
    std::vector<QTreeWidgetItem *> pending;
    for (int i = topLevelItemCount() - 1; i >= 0; --i)
        pending.push_back(topLevelItem(i));
    while (!pending.empty()) {
        QTreeWidgetItem *item = pending.back();
        pending.pop_back();
        items.append(item);
        for (int i = item->childCount() - 1; i >= 0; --i)
            pending.push_back(item->child(i));
    }
    return items;
}

QTreeWidgetItem *TocPanel::sectionItem(int cell) const
{
    QTreeWidgetItem *section = nullptr;
    if (cell < 0)
        return section;
    for (QTreeWidgetItem *item : headingItems()) {
        if (item->data(0, CellRole).toInt() > cell)
            break;
        section = item;
    }
    return section;
}

void TocPanel::highlightSection()
{
    QTreeWidgetItem *section = m_view ? sectionItem(m_view->currentCell()) : nullptr;
    if (section == m_highlighted)
        return;
    if (m_highlighted) {
        QFont font = m_highlighted->font(0);
        font.setBold(false);
        m_highlighted->setFont(0, font);
    }
    m_highlighted = section;
    if (section) {
        QFont font = section->font(0);
        font.setBold(true);
        section->setFont(0, font);
        setCurrentItem(section);
        scrollToItem(section);
    } else {
        setCurrentItem(nullptr);
    }
}

void TocPanel::activate(QTreeWidgetItem *item)
{
    if (!item || !m_view || !m_document)
        return;
    bool ok = false;
    const int cell = item->data(0, CellRole).toInt(&ok);
    if (!ok || cell < 0 || cell >= m_document->cellCount())
        return;
    m_view->setCurrentCell(cell);
    m_view->scrollToCell(cell);
    // A table of contents jumps to the top of the section, not just into sight.
    const QRect rect = m_view->cellRect(cell);
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->value() + rect.top());
    highlightSection();
    Q_EMIT headingActivated(cell);
}

void TocPanel::paintEvent(QPaintEvent *event)
{
    QTreeWidget::paintEvent(event);
    if (topLevelItemCount() > 0)
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QRect area = viewport()->rect().adjusted(8, 8, -8, -8);
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                     m_document ? tr("No headings. Markdown cells' # headings appear here.")
                                : tr("No notebook"));
}

void TocPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        viewport()->update();
    QTreeWidget::changeEvent(event);
}

} // namespace cumulus
