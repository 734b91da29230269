// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/cellcommands.h"

#include "notebook/notebookdocument.h"

namespace cumulus {

ReplaceCellsCommand::ReplaceCellsCommand(NotebookDocument *document, int first, int count,
                                         std::vector<Cell> cells, const QString &text)
    : QUndoCommand(text), m_document(document), m_first(first), m_new(std::move(cells)),
      m_oldCount(count)
{
}

void ReplaceCellsCommand::redo()
{
    if (!m_document)
        return;
    m_old.clear();
    for (int i = 0; i < m_oldCount; ++i)
        m_old.push_back(m_document->cell(m_first + i));
    if (m_oldCount > 0)
        m_document->removeCells(m_first, m_oldCount);
    for (size_t i = 0; i < m_new.size(); ++i)
        m_document->insertCell(m_first + int(i), m_new[i]);
}

void ReplaceCellsCommand::undo()
{
    if (!m_document)
        return;
    if (!m_new.empty()) {
        // The new cells may have been edited since: keep what they hold now for a redo.
        for (size_t i = 0; i < m_new.size(); ++i)
            m_new[i] = m_document->cell(m_first + int(i));
        m_document->removeCells(m_first, int(m_new.size()));
    }
    for (size_t i = 0; i < m_old.size(); ++i)
        m_document->insertCell(m_first + int(i), m_old[i]);
}

MoveCellsCommand::MoveCellsCommand(NotebookDocument *document, int first, int count, int to,
                                   const QString &text)
    : QUndoCommand(text), m_document(document), m_first(first), m_count(count), m_to(to)
{
}

void MoveCellsCommand::redo()
{
    if (m_document)
        m_document->moveCells(m_first, m_count, m_to);
}

void MoveCellsCommand::undo()
{
    if (!m_document)
        return;
    if (m_to < m_first)
        m_document->moveCells(m_to, m_count, m_first + m_count);
    else
        m_document->moveCells(m_to - m_count, m_count, m_first);
}

SetCellTypeCommand::SetCellTypeCommand(NotebookDocument *document, std::vector<int> cells,
                                       CellType type, const QString &text)
    : QUndoCommand(text), m_document(document), m_cells(std::move(cells)), m_type(type)
{
}

void SetCellTypeCommand::redo()
{
    if (!m_document)
        return;
    m_oldTypes.clear();
    for (int index : m_cells) {
        m_oldTypes.push_back(m_document->cell(index).type());
        m_document->setCellType(index, m_type);
    }
}

void SetCellTypeCommand::undo()
{
    if (!m_document)
        return;
    for (size_t i = 0; i < m_cells.size() && i < m_oldTypes.size(); ++i)
        m_document->setCellType(m_cells[i], m_oldTypes[i]);
}

} // namespace cumulus
