// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/cell.h"

#include <QPointer>
#include <QUndoCommand>

#include <vector>

namespace cumulus {

class NotebookDocument;

/**
 * Undoable cell operations on a NotebookDocument (the notebook's Edit ▸ Undo, and Z in
 * command mode). Text typed into a cell is undone by its editor instead; these commands
 * snapshot only what they change, so undoing a move never reverts later typing.
 */
class ReplaceCellsCommand : public QUndoCommand
{
public:
    /// Replaces @p count cells at @p first with @p cells: inserting (count 0), deleting
    /// (no cells), merging and splitting are all this.
    ReplaceCellsCommand(NotebookDocument *document, int first, int count, std::vector<Cell> cells,
                        const QString &text);
    void redo() override;
    void undo() override;

private:
    QPointer<NotebookDocument> m_document;
    int m_first;
    std::vector<Cell> m_old;
    std::vector<Cell> m_new;
    int m_oldCount;
};

class MoveCellsCommand : public QUndoCommand
{
public:
    /// As NotebookDocument::moveCells: @p to is an index before the move.
    MoveCellsCommand(NotebookDocument *document, int first, int count, int to, const QString &text);
    void redo() override;
    void undo() override;

private:
    QPointer<NotebookDocument> m_document;
    int m_first;
    int m_count;
    int m_to;
};

class SetCellTypeCommand : public QUndoCommand
{
public:
    SetCellTypeCommand(NotebookDocument *document, std::vector<int> cells, CellType type,
                       const QString &text);
    void redo() override;
    void undo() override;

private:
    QPointer<NotebookDocument> m_document;
    std::vector<int> m_cells;
    std::vector<CellType> m_oldTypes;
    CellType m_type;
};

} // namespace cumulus
