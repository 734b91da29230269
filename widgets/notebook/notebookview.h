// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/cell.h"
#include "notebook/notebookdocument.h"

#include <QAbstractScrollArea>
#include <QFont>
#include <QFontDatabase>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QLineEdit;
class QTimer;
class QUndoStack;

namespace cumulus {

class CellEditor;
class KernelHelp;

/**
 * A notebook, drawn as one scrolling column of cells.
 *
 * Virtualised: cells are painted straight into the viewport from cached layouts, and only
 * the cell being edited owns a widget (a QScintilla CellEditor or, for markdown and raw
 * cells, the same editor in plain mode). Heights of cells never shown are estimated from
 * their line counts and corrected when they are laid out, so opening a 5,000-cell notebook
 * lays out one screenful.
 *
 * Modes follow Jupyter: command mode (a blue bar marks the current cell; Enter edits) and
 * edit mode (the editor has focus; Escape leaves). Edits are written to the document when
 * the editor loses focus or leaves edit mode, and whenever text() is asked of it.
 *
 * Output changes from a running cell are coalesced: the view repaints at most ~30 times a
 * second however fast outputs arrive.
 */
class NotebookView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    enum class Mode { Command, Edit };
    Q_ENUM(Mode)

    explicit NotebookView(QWidget *parent = nullptr);
    ~NotebookView() override;

    /// The document shown; not owned. nullptr shows nothing.
    void setDocument(NotebookDocument *document);
    NotebookDocument *document() const { return m_document; }

    /// The kernel's language (language_info.name, or the notebook's metadata when no kernel
    /// runs): picks the code editor's lexer and the static highlighter ("python", "c++", …).
    void setLanguage(const QString &language);
    QString language() const { return m_language; }

    int currentCell() const { return m_current; }
    void setCurrentCell(int index);
    Mode mode() const { return m_mode; }
    /// Opens the current cell's editor and gives it focus (rendered markdown turns to source).
    void enterEditMode();
    /// Writes the editor's text to the document and returns to command mode.
    void leaveEditMode();
    /// Writes the open editor's text (if any) to the document, without leaving edit mode.
    void commitEdit();

    /// The font of code, raw cells and text outputs (default: the system's fixed font).
    void setCodeFont(const QFont &font);
    QFont codeFont() const { return m_codeFont; }

    /// Completion (Tab) and documentation (Shift+Tab) for code cells' editors; not owned.
    void setKernelHelp(KernelHelp *help);

    void setLineNumbersVisible(bool visible);
    bool lineNumbersVisible() const { return m_lineNumbers; }

    enum class RunState { None, Queued, Running };
    /// Queued cells show a grey "[*]", the running one a "[*]" and a busy bar.
    void setCellRunState(int index, RunState state);
    RunState cellRunState(int index) const;
    /// A short note under the cell's source, right-aligned: "1.2 s", "interrupted", ….
    void setCellRunInfo(int index, const QString &text);
    QString cellRunInfo(int index) const;

    /// input() in a running cell: a line edit under the cell's outputs (masked when
    /// @p password). @p answer gets the text on Enter, or std::nullopt when the prompt is
    /// cancelled (Escape, the cell deleted, cancelInputPrompt()).
    void showInputPrompt(int index, const QString &prompt, bool password,
                         std::function<void(std::optional<QString>)> answer);
    void cancelInputPrompt();
    bool hasInputPrompt() const;

    void scrollToCell(int index);
    /// The cell's rectangle in viewport coordinates (laid out first if needed).
    QRect cellRect(int index);
    /// The cell under a viewport point, or -1.
    int cellAt(const QPoint &viewportPos);

    /// The selected cells in order: the current cell, or the range Shift+Up/Down made.
    std::vector<int> selectedCells() const;
    /// Extends the selection from the current cell by @p delta cells (Shift+Up/Down).
    void extendSelection(int delta);

    // Cell commands (the window's Edit menu and the command-mode keys). Each is one step
    // of undoStack(), and acts on the selection where Jupyter's does.
    void insertCellAbove();
    void insertCellBelow();
    void deleteCurrentCell();
    void moveCurrentCell(int delta);
    void setCurrentCellType(CellType type);
    void clearCurrentOutputs();
    void clearAllOutputs();
    void cutCells();
    void copyCells();
    void pasteCellsBelow();
    void pasteCellsAbove();
    /// Joins the selected cells (or the current one and the one below) into one.
    void mergeCells();
    /// Splits the cell being edited at its cursor (Ctrl+Shift+-).
    void splitCell();
    /// Hides or shows the current cells' outputs (O).
    void toggleOutputs();

    /// Cell operations (insert, delete, move, type, paste, merge, split) for Undo/Redo.
    QUndoStack *undoStack() const { return m_undoStack; }

    struct Shortcut
    {
        QString keys;
        QString action;
    };
    /// Every key the view handles, for Help ▸ Keyboard Shortcuts.
    static QList<Shortcut> keyboardShortcuts();

    /// Cells holding rendered layouts right now (the rest keep only their height).
    int renderedCellCount() const;

    /// Widgets the view has created for cells (the editor); the virtualisation tests watch it.
    int cellWidgetCount() const;
    /// The open editor, or nullptr in command mode.
    CellEditor *editor() const { return m_editor; }

Q_SIGNALS:
    void currentCellChanged(int index);
    /// Shift+Enter (run and advance) or Ctrl+Enter (run in place) on the current cell.
    void runRequested(int index, bool advance);
    void modeChanged(cumulus::NotebookView::Mode mode);
    /// I, I and 0, 0 in command mode.
    void interruptRequested();
    void restartRequested();
    /// L in command mode toggled the line numbers.
    void lineNumbersToggled(bool visible);
    /// A link in a markdown cell or an output was clicked (the window opens it).
    void linkActivated(const QUrl &url);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct CellItem;

    struct Geometry;
    Geometry geometry(int index) const;
    void layoutVisible();
    void releaseFarCells();
    int estimateHeight(int index) const;
    void showOutputMenu(int index, int outputIndex, const QPoint &globalPos);
    void insertCells(int at, std::vector<Cell> cells, const QString &text);
    int dropIndexAt(const QPoint &viewportPos);

    void rebuildItems();
    void onCellsInserted(int first, int count);
    void onCellsRemoved(int first, int count);
    void onCellsMoved(int first, int count, int to);
    void onCellChanged(int index, NotebookDocument::CellChanges changes);
    void flushPendingChanges();

    int contentWidth() const;
    void ensureLaidOut(int index);
    void recomputeOffsets();
    void updateScrollBar();
    int cellTop(int index) const;
    int firstCellBelow(int y) const;
    void layoutEditor();
    void closeEditor(bool commit);
    void ensureCurrentVisible();
    void paintCell(QPainter &painter, int index, const QRect &rect, const QRect &clip);

    QPointer<NotebookDocument> m_document;
    std::vector<std::unique_ptr<CellItem>> m_items;
    std::vector<int> m_tops; ///< m_tops[i] = y of cell i; m_tops[n] = total height
    quint64 m_paintGeneration = 0;
    int m_pendingKey = 0; ///< the first key of command mode's D D, I I and 0 0
    int m_anchor = -1;    ///< the other end of a Shift+Up/Down selection (-1: none)
    QUndoStack *m_undoStack = nullptr;
    struct InputPrompt
    {
        int cell = -1;
        QWidget *widget = nullptr;
        QLineEdit *edit = nullptr;
        std::function<void(std::optional<QString>)> answer;
    };
    InputPrompt m_input;
    void finishInput(std::optional<QString> value);
    void layoutChildren();
    int m_pressedPrompt = -1; ///< the cell whose prompt the mouse went down on
    int m_dragCell = -1;  ///< a cell being dragged by its prompt to reorder
    QPoint m_dragStart;
    int m_dropIndex = -1;
    QString m_language = QStringLiteral("python");
    int m_current = -1;
    Mode m_mode = Mode::Command;
    bool m_lineNumbers = false;
    CellEditor *m_editor = nullptr;
    QPointer<KernelHelp> m_kernelHelp;
    QFont m_codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    int m_editorCell = -1;
    QTimer *m_changeTimer = nullptr;
    std::vector<int> m_pendingCells;
    int m_laidOutWidth = -1;
};

} // namespace cumulus
