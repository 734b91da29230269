// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "nbformat/nbformat.h"
#include "notebook/notebook.h"
#include "util/result.h"

#include <QFlags>
#include <QObject>
#include <QString>

namespace cumulus {

/**
 * An open notebook: the Notebook value plus its file, a modified flag and fine-grained
 * change notifications, so a view can update just the cell (and the part of it) that
 * changed. All edits go through this class; it is the one notebook model views observe.
 *
 * Lives on the GUI thread. Kernel output reaches it through queued batches, never directly
 * from an I/O thread.
 */
class NotebookDocument : public QObject
{
    Q_OBJECT
public:
    enum class CellChange {
        Source = 0x1,
        Type = 0x2,
        Metadata = 0x4,
        Outputs = 0x8,
        ExecutionCount = 0x10,
        Attachments = 0x20,
    };
    Q_DECLARE_FLAGS(CellChanges, CellChange)
    Q_FLAG(CellChanges)

    explicit NotebookDocument(QObject *parent = nullptr);
    explicit NotebookDocument(Notebook notebook, QObject *parent = nullptr);

    const Notebook &notebook() const { return m_notebook; }
    /// Replaces the whole content (emits reset()); the document becomes unmodified.
    void setNotebook(Notebook notebook);

    int cellCount() const { return int(m_notebook.cells().size()); }
    const Cell &cell(int index) const { return m_notebook.cells().at(size_t(index)); }
    /// Index of the cell with @p id, or -1.
    int indexOfCellId(const std::string &id) const;

    void insertCell(int index, Cell cell);
    void removeCells(int first, int count);
    /// Moves @p count cells starting at @p first so that they start at @p to (an index in the
    /// list before the move, as QAbstractItemModel::beginMoveRows counts it).
    void moveCells(int first, int count, int to);
    /// Where the cell at @p index is after moveCells(@p first, @p count, @p to): what
    /// anything that remembers cell positions applies on cellsMoved().
    static int indexAfterMove(int index, int first, int count, int to);
    /// Where the cell at @p index is after removeCells(@p first, @p count); -1 if removed.
    static int indexAfterRemoval(int index, int first, int count);

    void setCellSource(int index, std::string source);
    void setCellType(int index, CellType type);
    void setCellMetadata(int index, nlohmann::json metadata);
    void setCellAttachments(int index, nlohmann::json attachments);
    void setExecutionCount(int index, std::optional<int> count);
    void setOutputs(int index, std::vector<Output> outputs);
    void appendOutput(int index, Output output);
    /// Replaces output @p outputIndex of cell @p index (e.g. a stream that grew).
    void replaceOutput(int index, int outputIndex, Output output);
    void clearOutputs(int index);
    void setMetadata(nlohmann::json metadata);

    QString filePath() const { return m_filePath; }
    void setFilePath(const QString &path);

    bool isModified() const { return m_modified; }
    void setModified(bool modified);

    /// Loads a file with nbformat::readFile(). Returns the schema warnings to show the user;
    /// on error the document is left as it was.
    Result<QList<nbformat::ValidationWarning>> load(const QString &path);
    /// Writes atomically to @p path (the current file when empty) and clears the modified flag.
    Result<void> save(const QString &path = QString());

Q_SIGNALS:
    void reset();
    void cellsInserted(int first, int count);
    void cellsRemoved(int first, int count);
    void cellsMoved(int first, int count, int to);
    void cellChanged(int index, cumulus::NotebookDocument::CellChanges changes);
    void metadataChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    Cell &mutableCell(int index) { return m_notebook.cells().at(size_t(index)); }
    void changed(int index, CellChanges changes);

    Notebook m_notebook;
    QString m_filePath;
    bool m_modified = false;
};

} // namespace cumulus

Q_DECLARE_OPERATORS_FOR_FLAGS(cumulus::NotebookDocument::CellChanges)
