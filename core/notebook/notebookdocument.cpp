// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/notebookdocument.h"

#include <algorithm>

namespace cumulus {

NotebookDocument::NotebookDocument(QObject *parent) : QObject(parent) {}

NotebookDocument::NotebookDocument(Notebook notebook, QObject *parent)
    : QObject(parent), m_notebook(std::move(notebook))
{
}

void NotebookDocument::setNotebook(Notebook notebook)
{
    m_notebook = std::move(notebook);
    Q_EMIT reset();
    setModified(false);
}

int NotebookDocument::indexOfCellId(const std::string &id) const
{
    const auto &cells = m_notebook.cells();
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i].id() == id)
            return int(i);
    return -1;
}

void NotebookDocument::insertCell(int index, Cell cell)
{
    auto &cells = m_notebook.cells();
    index = std::clamp(index, 0, int(cells.size()));
    cells.insert(cells.begin() + index, std::move(cell));
    Q_EMIT cellsInserted(index, 1);
    setModified(true);
}

void NotebookDocument::removeCells(int first, int count)
{
    auto &cells = m_notebook.cells();
    if (first < 0 || count <= 0 || first + count > int(cells.size()))
        return;
    cells.erase(cells.begin() + first, cells.begin() + first + count);
    Q_EMIT cellsRemoved(first, count);
    setModified(true);
}

void NotebookDocument::moveCells(int first, int count, int to)
{
    auto &cells = m_notebook.cells();
    const int size = int(cells.size());
    if (first < 0 || count <= 0 || first + count > size || to < 0 || to > size
        || (to >= first && to <= first + count))
        return;
    auto begin = cells.begin();
    if (to < first)
        std::rotate(begin + to, begin + first, begin + first + count);
    else
        std::rotate(begin + first, begin + first + count, begin + to);
    Q_EMIT cellsMoved(first, count, to);
    setModified(true);
}

int NotebookDocument::indexAfterMove(int index, int first, int count, int to)
{
    if (index < 0)
        return index;
    if (index >= first && index < first + count)
        return to < first ? to + (index - first) : to - count + (index - first);
    if (to < first && index >= to && index < first)
        return index + count;
    if (to > first && index >= first + count && index < to)
        return index - count;
    return index;
}

int NotebookDocument::indexAfterRemoval(int index, int first, int count)
{
    if (index < first)
        return index;
    return index < first + count ? -1 : index - count;
}

void NotebookDocument::setCellSource(int index, std::string source)
{
    if (cell(index).source() == source)
        return;
    mutableCell(index).setSource(std::move(source));
    changed(index, CellChange::Source);
}

void NotebookDocument::setCellType(int index, CellType type)
{
    if (cell(index).type() == type)
        return;
    mutableCell(index).setType(type);
    changed(index, CellChanges(CellChange::Type) | CellChange::Outputs | CellChange::ExecutionCount);
}

void NotebookDocument::setCellMetadata(int index, nlohmann::json metadata)
{
    mutableCell(index).metadata() = std::move(metadata);
    changed(index, CellChange::Metadata);
}

void NotebookDocument::setCellAttachments(int index, nlohmann::json attachments)
{
    mutableCell(index).setAttachments(std::move(attachments));
    changed(index, CellChange::Attachments);
}

void NotebookDocument::setExecutionCount(int index, std::optional<int> count)
{
    if (cell(index).executionCount() == count)
        return;
    mutableCell(index).setExecutionCount(count);
    changed(index, CellChange::ExecutionCount);
}

void NotebookDocument::setOutputs(int index, std::vector<Output> outputs)
{
    mutableCell(index).outputs() = std::move(outputs);
    changed(index, CellChange::Outputs);
}

void NotebookDocument::appendOutput(int index, Output output)
{
    mutableCell(index).outputs().push_back(std::move(output));
    changed(index, CellChange::Outputs);
}

void NotebookDocument::replaceOutput(int index, int outputIndex, Output output)
{
    auto &outputs = mutableCell(index).outputs();
    if (outputIndex < 0 || outputIndex >= int(outputs.size()))
        return;
    outputs[size_t(outputIndex)] = std::move(output);
    changed(index, CellChange::Outputs);
}

void NotebookDocument::clearOutputs(int index)
{
    if (cell(index).outputs().empty())
        return;
    mutableCell(index).outputs().clear();
    changed(index, CellChange::Outputs);
}

void NotebookDocument::setMetadata(nlohmann::json metadata)
{
    m_notebook.metadata() = std::move(metadata);
    Q_EMIT metadataChanged();
    setModified(true);
}

void NotebookDocument::setFilePath(const QString &path)
{
    if (path == m_filePath)
        return;
    m_filePath = path;
    Q_EMIT filePathChanged(path);
}

void NotebookDocument::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

Result<QList<nbformat::ValidationWarning>> NotebookDocument::load(const QString &path)
{
    auto result = nbformat::readFile(path);
    if (!result)
        return result.error();
    setFilePath(path);
    setNotebook(std::move(result->notebook));
    return std::move(result->warnings);
}

Result<void> NotebookDocument::save(const QString &path)
{
    const QString target = path.isEmpty() ? m_filePath : path;
    if (auto written = nbformat::writeFile(m_notebook, target); !written)
        return written;
    setFilePath(target);
    setModified(false);
    return {};
}

void NotebookDocument::changed(int index, CellChanges changes)
{
    Q_EMIT cellChanged(index, changes);
    setModified(true);
}

} // namespace cumulus
