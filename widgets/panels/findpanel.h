// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "panels/notebooksearch.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace cumulus {

class NotebookDocument;
class NotebookView;

/**
 * Find and replace across a notebook's cells, for a dock or a bar under the notebook.
 *
 * Searches every cell's source and, with "Search outputs", its text outputs. Going to a
 * match makes its cell current and scrolls to it; a match in a source opens the cell's
 * editor with the match selected (focus stays in the panel when it was there). Replace and
 * Replace All change sources only, each one step of the view's undo stack.
 *
 * The panel follows the document: edits, inserted and removed cells and new outputs
 * recount the matches after a short pause.
 */
class FindPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindPanel(QWidget *parent = nullptr);
    ~FindPanel() override;

    /// The notebook searched (not owned; nullptr disables the panel). Call again when the
    /// window switches tabs or the view gets another document.
    void setView(NotebookView *view);
    NotebookView *view() const { return m_view; }

    void setFindText(const QString &text);
    QString findText() const;
    void setReplaceText(const QString &text);
    QString replaceText() const;
    void setOptions(SearchOptions options);
    SearchOptions options() const;

    /// The matches of the current search, in notebook order.
    const QList<SearchMatch> &matches() const { return m_matches; }
    /// Index into matches() of the match shown, or -1.
    int currentMatch() const { return m_current; }
    /// "3 of 17", "No results" or the regular-expression error, as the panel shows it.
    QString statusText() const;

    /// F3 and Shift+F3 (window-wide): the main window puts these in its Edit menu so they
    /// work while the panel is hidden.
    QAction *findNextAction() const { return m_nextAction; }
    QAction *findPreviousAction() const { return m_previousAction; }

public Q_SLOTS:
    /// Focuses the find field with its text selected, first taking the editor's selection
    /// (when it is on one line) as the text to find. For Ctrl+F.
    void activateFind();
    /// As activateFind(), then focuses the replace field when the find field is filled.
    void activateReplace();
    void findNext();
    void findPrevious();
    /// Replaces the match shown (in a source) and goes to the next one.
    void replace();
    /// Replaces every match in every source as one undo step; returns how many.
    int replaceAll();
    /// Searches again now (the panel also does this by itself, debounced).
    void refresh();

Q_SIGNALS:
    /// Escape in the panel: the window hides the bar or dock and focuses the notebook.
    void closeRequested();
    /// The match count or the current match changed.
    void matchesChanged();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void attachDocument();
    void documentChanged();
    void patternEdited();
    void search();
    void ensureFresh();
    void step(int delta);
    void goTo(int index);
    int firstMatchFromCursor(bool forward) const;
    void updateStatus();
    void updateEnabled();

    QPointer<NotebookView> m_view;
    QPointer<NotebookDocument> m_document;
    QList<QMetaObject::Connection> m_connections;
    NotebookSearch m_search;
    QList<SearchMatch> m_matches;
    int m_current = -1;
    bool m_stale = false;
    bool m_navigatePending = false; ///< the pattern changed: go to its first match once found
    QString m_message; ///< the result of the last Replace All, until the next search

    QLineEdit *m_findEdit = nullptr;
    QLineEdit *m_replaceEdit = nullptr;
    QCheckBox *m_caseBox = nullptr;
    QCheckBox *m_regexBox = nullptr;
    QCheckBox *m_wordBox = nullptr;
    QCheckBox *m_outputsBox = nullptr;
    QPushButton *m_previousButton = nullptr;
    QPushButton *m_nextButton = nullptr;
    QPushButton *m_replaceButton = nullptr;
    QPushButton *m_replaceAllButton = nullptr;
    QLabel *m_findLabel = nullptr;
    QLabel *m_replaceLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QTimer *m_searchTimer = nullptr;
};

} // namespace cumulus
