// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/qscintilla.h"

namespace cumulus {

/**
 * The editor of one cell: QScintilla with the kernel language's lexer (Python; C++ for
 * CUDA and C++ kernels; plain text otherwise), auto-indent, brace matching, optional line
 * numbers. It grows with its text instead of scrolling: the notebook view scrolls.
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
    /// Width of the line-number gutter, shared with the view's painted cells.
    static int lineNumberWidth(const QFont &font);
    /// Space left of the text, as the view paints it.
    void setTextIndent(int pixels);

    /// The height that shows every line without a scroll bar.
    int contentHeight() const;

Q_SIGNALS:
    /// Escape was pressed (the view leaves edit mode).
    void escapePressed();
    /// The text's line count changed, so contentHeight() did.
    void contentHeightChanged();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    int m_lastLineCount = 1;
};

} // namespace cumulus
