// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/kernelhelp.h"
#include "notebook/qscintilla.h"

#include <QPointer>

class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace cumulus {

/**
 * The editor of one cell: QScintilla with the kernel language's lexer (Python; C++ for
 * CUDA and C++ kernels; plain text otherwise), auto-indent, brace matching, optional line
 * numbers. It grows with its text instead of scrolling: the notebook view scrolls.
 *
 * With a KernelHelp it asks the kernel as Jupyter does: Tab after a name completes it (one
 * match is inserted, several open a list with their types that typing filters), Shift+Tab
 * shows the documentation of the name at the cursor. Tab at the start of a line or after
 * blanks indents, Shift+Tab there dedents. Replies to requests made before the text or
 * cursor changed are ignored.
 */
class CellEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit CellEditor(QWidget *parent = nullptr);

    /// A kernel language ("python", "c++", "cuda", …): anything without a lexer is plain text.
    void setLanguage(const QString &language);
    /// Markdown and raw cells: plain text, wrapped at the width.
    void setPlainProse(bool prose);
    void setLineNumbersVisible(bool visible);
    /// The font of the text and the line numbers (the lexer's styles follow).
    void setCodeFont(const QFont &font);
    /// Width of the line-number gutter, shared with the view's painted cells.
    static int lineNumberWidth(const QFont &font);
    /// Space left of the text, as the view paints it.
    void setTextIndent(int pixels);

    /// The height that shows every line without a scroll bar.
    int contentHeight() const;

    /// Where completions and documentation come from (not owned; may be null or die).
    void setKernelHelp(KernelHelp *help);
    KernelHelp *kernelHelp() const { return m_help; }

    /// What Tab does after a name: complete_request at the cursor.
    void requestCompletion();
    /// What Shift+Tab does: inspect_request at the cursor, shown as a tooltip.
    void requestDocumentation();

    bool isCompletionVisible() const;
    /// The completions the list shows now (filtered by what was typed since), in order.
    QList<CompletionItem> visibleCompletions() const;
    /// The highlighted completion's text ("" when the list is hidden).
    QString currentCompletion() const;
    /// Replaces the completed range with @p text and closes the list.
    void acceptCompletion(const QString &text);
    void hideCompletion();

    bool isDocumentationVisible() const;
    /// The shown documentation, ANSI escapes removed.
    QString documentationText() const;
    void hideDocumentation();

Q_SIGNALS:
    /// Escape was pressed (the view leaves edit mode).
    void escapePressed();
    /// The text's line count changed, so contentHeight() did.
    void contentHeightChanged();
    /// A completion list opened (several matches), or a single match was inserted.
    void completionShown();
    void completionInserted(const QString &text);
    void documentationShown();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    /// Colours from NotebookTheme for the current palette (light or dark).
    void applyTheme();
    QString m_language;
    /// The editor as a request saw it: a reply for another state is stale.
    struct Snapshot
    {
        QString text;
        int position = -1; ///< caret, UTF-8 bytes
        quint64 serial = 0;
    };
    Snapshot snapshot();
    bool isCurrent(const Snapshot &sent) const;
    int currentPosition() const;
    /// The line before the caret is empty or blank: Tab indents rather than completes.
    bool caretAfterBlank() const;
    void showCompletions(const Snapshot &sent, const CompletionReply &reply);
    void filterCompletions();
    void moveCompletionSelection(int delta);
    void showDocumentation(const Snapshot &sent, const InspectReply &reply);
    QPoint popupPosition(int bytePosition, const QSize &size) const;
    void replaceBytes(int start, int end, const QString &text);

    int m_lastLineCount = 1;
    QPointer<KernelHelp> m_help;
    quint64 m_requestSerial = 0;
    QTreeWidget *m_completionList = nullptr;
    QList<CompletionItem> m_completions;
    int m_completionStart = 0; ///< bytes: where the completed range starts
    int m_completionTail = 0;  ///< bytes from the completed range's end to the text's end
    QString m_completionTyped; ///< the completed range when the list opened
    QTextBrowser *m_documentation = nullptr;
};

} // namespace cumulus
