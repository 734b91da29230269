// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/notebook.h"

#include <QCoreApplication>
#include <QList>
#include <QPointer>
#include <QRegularExpression>
#include <QString>
#include <QUndoCommand>

#include <optional>
#include <string>
#include <vector>

namespace cumulus {

class NotebookDocument;

/// How NotebookSearch reads its pattern.
struct SearchOptions
{
    bool caseSensitive = false;
    bool regex = false;     ///< QRegularExpression (PCRE2) syntax; otherwise literal text
    bool wholeWord = false; ///< the match may not start or end inside a word
    bool includeOutputs = false; ///< also search stream text, text/plain and tracebacks

    friend bool operator==(const SearchOptions &, const SearchOptions &) = default;
};

/**
 * One match. Columns are given three ways: UTF-16 code units (QString), characters (code
 * points: the "index" of QsciScintilla's setSelection()/getSelection(), which step with
 * SCI_POSITIONAFTER) and UTF-8 bytes (raw Scintilla positions, SCI_SETSEL and friends).
 */
struct SearchMatch
{
    int cell = -1;
    int output = -1; ///< -1: the cell's source; otherwise the index of the output
    int offset = 0;  ///< UTF-16 offset in the whole text
    int length = 0;  ///< UTF-16 length (0 for an empty match such as "^")
    int line = 0;    ///< 0-based line of the start
    int column = 0;  ///< UTF-16 column of the start in its line
    int endLine = 0;
    int endColumn = 0;
    int charColumn = 0; ///< column of the start in characters (for CellEditor::setSelection)
    int charEndColumn = 0;
    int byteColumn = 0; ///< UTF-8 byte column of the start in its line
    int byteEndColumn = 0;

    bool inSource() const { return output < 0; }
    friend bool operator==(const SearchMatch &, const SearchMatch &) = default;
};

/// What NotebookSearch::replaceAll() would write: new sources for the cells it changes.
struct SourceReplacement
{
    int cell = -1;
    std::string source;
};

/**
 * Find and replace over a notebook, free of widgets so it can be tested alone: plain or
 * regular-expression patterns, case and whole-word options, sources and (for finding)
 * text outputs as the user sees them (ANSI escapes removed, carriage returns applied).
 *
 * Replacements are literal in plain mode; in regex mode "\1" and "$1" (up to 99, "${name}"
 * for named groups) insert captures, "\0"/"$0" the whole match, "\n" and "\t" a newline and
 * a tab, "\\" and "$$" a backslash and a dollar sign.
 */
class NotebookSearch
{
    // Qualified, as lupdate names the context after the namespace too.
    Q_DECLARE_TR_FUNCTIONS(cumulus::NotebookSearch)
public:
    NotebookSearch() = default;
    NotebookSearch(const QString &pattern, SearchOptions options);

    void setPattern(const QString &pattern, SearchOptions options);
    QString pattern() const { return m_pattern; }
    SearchOptions options() const { return m_options; }

    /// False for an empty pattern or an invalid regular expression.
    bool isValid() const;
    bool isEmpty() const { return m_pattern.isEmpty(); }
    /// Why the pattern is invalid ("" when it is valid or empty), for the user.
    QString errorString() const;

    /// Every match in the notebook, in cell order; in a cell the source comes before its outputs.
    QList<SearchMatch> findAll(const Notebook &notebook) const;
    /// Matches in one text (cell and output left at -1).
    QList<SearchMatch> findInText(const QString &text) const;

    /// The searchable text of one output ("" for images and other non-text outputs).
    static QString outputText(const Output &output);

    /// @p source with the match at @p match replaced, or nothing when the pattern no longer
    /// matches there (the text changed since the search).
    std::optional<std::string> replaceOne(const std::string &source, const SearchMatch &match,
                                          const QString &replacement) const;
    /// Replaces every match in @p text; @p count (optional) gets how many.
    QString replaceInText(const QString &text, const QString &replacement,
                          int *count = nullptr) const;
    /// New sources for every cell with a match (outputs are never replaced); @p count gets
    /// the number of replacements.
    std::vector<SourceReplacement> replaceAll(const Notebook &notebook, const QString &replacement,
                                              int *count = nullptr) const;

    /// The text one match is replaced by (captures substituted in regex mode).
    QString expandReplacement(const QRegularExpressionMatch &match,
                              const QString &replacement) const;

private:
    void compile();
    void collect(const QString &text, int cell, int output, QList<SearchMatch> &out) const;

    QString m_pattern;
    SearchOptions m_options;
    QRegularExpression m_regex;
    QString m_error;
};

/**
 * One undoable step that sets the sources of several cells (Replace All). Cells are found
 * again by id when cells were inserted or removed outside the undo stack.
 */
class SetCellSourcesCommand : public QUndoCommand
{
public:
    SetCellSourcesCommand(NotebookDocument *document, std::vector<SourceReplacement> sources,
                          const QString &text);
    void redo() override;
    void undo() override;

private:
    struct Entry
    {
        int cell;
        std::string id;
        std::string oldSource;
        std::string newSource;
    };
    int resolve(const Entry &entry) const;

    QPointer<NotebookDocument> m_document;
    std::vector<Entry> m_entries;
};

} // namespace cumulus
