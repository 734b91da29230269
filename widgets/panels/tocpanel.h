// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QTreeWidget>

#include <string_view>

class QTimer;

namespace cumulus {

class NotebookDocument;
class NotebookView;

/// One heading of a markdown text.
struct MarkdownHeading
{
    int level = 1;  ///< 1–6
    QString text;   ///< inline markup removed: "Intro to `x`" → "Intro to x"
    int line = 0;   ///< 0-based line of the heading (of its text, for setext headings)

    friend bool operator==(const MarkdownHeading &, const MarkdownHeading &) = default;
};

/**
 * The headings of a markdown text as CommonMark finds them: ATX ("#" to "######", optional
 * closing "#"s) and setext (a paragraph underlined with "===" or "---"). Nothing inside
 * fenced (``` or ~~~) or indented code blocks counts.
 */
QList<MarkdownHeading> markdownHeadings(std::string_view markdown);

/**
 * The notebook's table of contents: the headings of its markdown cells, nested by level.
 * Clicking one (or Enter on it) makes its cell current and scrolls to it; the section that
 * holds the current cell is highlighted. The tree follows the document, rebuilt shortly
 * after cells change.
 */
class TocPanel : public QTreeWidget
{
    Q_OBJECT
public:
    enum Role {
        CellRole = Qt::UserRole + 1, ///< int: the heading's cell
        LevelRole,                   ///< int: 1–6
        LineRole,                    ///< int: the heading's line in the cell
    };

    explicit TocPanel(QWidget *parent = nullptr);
    ~TocPanel() override;

    /// The notebook shown (not owned; nullptr empties the panel). Call again when the window
    /// switches tabs or the view gets another document.
    void setView(NotebookView *view);
    NotebookView *view() const { return m_view; }

    /// Every heading item in document order (depth first).
    QList<QTreeWidgetItem *> headingItems() const;
    /// The item of the section holding @p cell (the last heading at or before it), or nullptr.
    QTreeWidgetItem *sectionItem(int cell) const;

public Q_SLOTS:
    /// Rebuilds now (the panel also does this by itself, debounced).
    void refresh();

Q_SIGNALS:
    /// The user picked a heading; its cell is now current.
    void headingActivated(int cell);

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void attachDocument();
    void scheduleRefresh();
    void highlightSection();
    void activate(QTreeWidgetItem *item);

    QPointer<NotebookView> m_view;
    QPointer<NotebookDocument> m_document;
    QList<QMetaObject::Connection> m_connections;
    QTimer *m_refreshTimer = nullptr;
    QTreeWidgetItem *m_highlighted = nullptr;
};

} // namespace cumulus
