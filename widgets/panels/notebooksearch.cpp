// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/notebooksearch.h"

#include "notebook/notebookdocument.h"
#include "output/ansitext.h"

#include <QRegularExpressionMatchIterator>
#include <QStringView>

#include <algorithm>

namespace cumulus {

namespace {

/// UTF-8 length of UTF-16 text, without converting it (a surrogate pair is 4 bytes).
int utf8Length(QStringView text)
{
    int bytes = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            bytes += 1;
        else if (u < 0x800)
            bytes += 2;
        else if (QChar::isHighSurrogate(u))
            bytes += 4; // with its low surrogate, which adds nothing
        else if (QChar::isLowSurrogate(u))
            bytes += 0;
        else
            bytes += 3;
    }
    return bytes;
}

/// Code points in UTF-16 text (a surrogate pair is one).
int charLength(QStringView text)
{
    int chars = 0;
    for (const QChar c : text)
        chars += c.isLowSurrogate() ? 0 : 1;
    return chars;
}

/// Offsets where lines start. "\r\n", "\r" and "\n" each end a line, as in Scintilla.
std::vector<int> lineStarts(const QString &text)
{
    std::vector<int> starts{0};
    const int n = int(text.size());
    for (int i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\n')) {
            starts.push_back(i + 1);
        } else if (c == QLatin1Char('\r')) {
            if (i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            starts.push_back(i + 1);
        }
    }
    return starts;
}

int lineOf(const std::vector<int> &starts, int offset)
{
    // The last line start at or before offset.
    const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return int(it - starts.begin()) - 1;
}

/// Reads a group number of one or two digits at @p pos (two only when such a group exists).
int readGroupNumber(const QString &text, qsizetype &pos, int captureCount)
{
    int number = text.at(pos).digitValue();
    ++pos;
    if (pos < text.size() && text.at(pos).isDigit()) {
        const int two = number * 10 + text.at(pos).digitValue();
        if (two <= captureCount) {
            number = two;
            ++pos;
        }
    }
    return number;
}

} // namespace

NotebookSearch::NotebookSearch(const QString &pattern, SearchOptions options)
{
    setPattern(pattern, options);
}

void NotebookSearch::setPattern(const QString &pattern, SearchOptions options)
{
    m_pattern = pattern;
    m_options = options;
    compile();
}

void NotebookSearch::compile()
{
    m_error.clear();
    m_regex = QRegularExpression();
    if (m_pattern.isEmpty())
        return;
    QRegularExpression::PatternOptions flags = QRegularExpression::UseUnicodePropertiesOption
                                               | QRegularExpression::MultilineOption;
    if (!m_options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    QString core = m_options.regex ? m_pattern : QRegularExpression::escape(m_pattern);
    if (m_options.regex) {
        // Check the user's own pattern first, so the error offset points into what they typed.
        const QRegularExpression raw(core, flags);
        if (!raw.isValid()) {
            m_error = tr("Invalid regular expression: %1 (at position %2)")
                          .arg(raw.errorString())
                          .arg(raw.patternErrorOffset() + 1);
            return;
        }
    }
    if (m_options.wholeWord) {
        // Neither end of the match may split a word: "(?<!\w)|(?!\w)" holds unless there are
        // word characters on both sides. Unlike \b, a pattern that starts or ends with
        // punctuation ("->", "x(") still matches next to a word.
        const QString edge = QStringLiteral("(?:(?<!\\w)|(?!\\w))");
        core = edge + QStringLiteral("(?:") + core + QStringLiteral(")") + edge;
    }
    m_regex = QRegularExpression(core, flags);
    if (!m_regex.isValid()) {
        m_error = tr("Invalid regular expression: %1").arg(m_regex.errorString());
        m_regex = QRegularExpression();
    }
}

bool NotebookSearch::isValid() const
{
    return !m_pattern.isEmpty() && m_error.isEmpty() && m_regex.isValid();
}

QString NotebookSearch::errorString() const
{
    return m_error;
}

void NotebookSearch::collect(const QString &text, int cell, int output,
                             QList<SearchMatch> &out) const
{
    if (text.isEmpty() && !m_options.regex)
        return;
    std::vector<int> starts; // computed on the first match: most texts have none
    QRegularExpressionMatchIterator it = m_regex.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (starts.empty())
            starts = lineStarts(text);
        SearchMatch match;
        match.cell = cell;
        match.output = output;
        match.offset = int(m.capturedStart());
        match.length = int(m.capturedLength());
        const int end = match.offset + match.length;
        match.line = lineOf(starts, match.offset);
        match.endLine = lineOf(starts, end);
        const int lineStart = starts[size_t(match.line)];
        const int endLineStart = starts[size_t(match.endLine)];
        match.column = match.offset - lineStart;
        match.endColumn = end - endLineStart;
        const QStringView view(text);
        match.charColumn = charLength(view.mid(lineStart, match.column));
        match.charEndColumn = charLength(view.mid(endLineStart, match.endColumn));
        match.byteColumn = utf8Length(view.mid(lineStart, match.column));
        match.byteEndColumn = utf8Length(view.mid(endLineStart, match.endColumn));
        out.append(match);
    }
}

QList<SearchMatch> NotebookSearch::findInText(const QString &text) const
{
    QList<SearchMatch> matches;
    if (isValid())
        collect(text, -1, -1, matches);
    return matches;
}

QList<SearchMatch> NotebookSearch::findAll(const Notebook &notebook) const
{
    QList<SearchMatch> matches;
    if (!isValid())
        return matches;
    const std::vector<Cell> &cells = notebook.cells();
    for (size_t i = 0; i < cells.size(); ++i) {
        const Cell &cell = cells[i];
        collect(QString::fromStdString(cell.source()), int(i), -1, matches);
        if (!m_options.includeOutputs || cell.type() != CellType::Code)
            continue;
        const std::vector<Output> &outputs = cell.outputs();
        for (size_t j = 0; j < outputs.size(); ++j)
            collect(outputText(outputs[j]), int(i), int(j), matches);
    }
    return matches;
}

QString NotebookSearch::outputText(const Output &output)
{
    // The text as OutputArea shows it: escapes gone, "\r" progress bars at their last state.
    switch (output.type()) {
    case OutputType::Stream:
        return parseAnsi(output.text()).text;
    case OutputType::Error: {
        std::string text;
        for (const std::string &line : output.traceback()) {
            if (!text.empty())
                text += '\n';
            text += line;
        }
        if (text.empty())
            text = output.ename() + ": " + output.evalue();
        return parseAnsi(text).text;
    }
    case OutputType::DisplayData:
    case OutputType::ExecuteResult:
        return parseAnsi(output.dataText("text/plain")).text;
    case OutputType::Unknown:
        break;
    }
    return QString();
}

QString NotebookSearch::expandReplacement(const QRegularExpressionMatch &match,
                                          const QString &replacement) const
{
    if (!m_options.regex)
        return replacement;
    const int groups = m_regex.captureCount();
    QString out;
    out.reserve(replacement.size());
    qsizetype i = 0;
    const qsizetype n = replacement.size();
    while (i < n) {
        const QChar c = replacement.at(i);
        if ((c == QLatin1Char('\\') || c == QLatin1Char('$')) && i + 1 < n) {
            const QChar next = replacement.at(i + 1);
            if (next.isDigit()) {
                i += 1;
                out += match.captured(readGroupNumber(replacement, i, groups));
                continue;
            }
            if (c == QLatin1Char('\\')) {
                if (next == QLatin1Char('n')) {
                    out += QLatin1Char('\n');
                    i += 2;
                    continue;
                }
                if (next == QLatin1Char('t')) {
                    out += QLatin1Char('\t');
                    i += 2;
                    continue;
                }
                if (next == QLatin1Char('\\')) {
                    out += QLatin1Char('\\');
                    i += 2;
                    continue;
                }
            } else {
                if (next == QLatin1Char('$')) {
                    out += QLatin1Char('$');
                    i += 2;
                    continue;
                }
                if (next == QLatin1Char('{')) {
                    const qsizetype close = replacement.indexOf(QLatin1Char('}'), i + 2);
                    if (close > i + 2) {
                        const QString name = replacement.mid(i + 2, close - i - 2);
                        bool isNumber = false;
                        const int number = name.toInt(&isNumber);
                        out += isNumber ? match.captured(number) : match.captured(name);
                        i = close + 1;
                        continue;
                    }
                }
            }
        }
        // Anything else, unknown escapes included, is literal.
        out += c;
        ++i;
    }
    return out;
}

std::optional<std::string> NotebookSearch::replaceOne(const std::string &source,
                                                      const SearchMatch &match,
                                                      const QString &replacement) const
{
    if (!isValid() || !match.inSource())
        return std::nullopt;
    const QString text = QString::fromStdString(source);
    if (match.offset < 0 || match.offset > text.size())
        return std::nullopt;
    // Anchored at the match but given the whole text, so lookbehinds (whole word) still see
    // the character before it.
    const QRegularExpressionMatch m = m_regex.match(text, match.offset,
                                                    QRegularExpression::NormalMatch,
                                                    QRegularExpression::AnchorAtOffsetMatchOption);
    if (!m.hasMatch() || m.capturedStart() != match.offset || m.capturedLength() != match.length)
        return std::nullopt;
    const QString result = text.left(match.offset) + expandReplacement(m, replacement)
                           + text.mid(match.offset + match.length);
    return result.toStdString();
}

QString NotebookSearch::replaceInText(const QString &text, const QString &replacement,
                                      int *count) const
{
    int replaced = 0;
    QString out;
    if (isValid()) {
        qsizetype last = 0;
        QRegularExpressionMatchIterator it = m_regex.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            out += QStringView(text).mid(last, m.capturedStart() - last);
            out += expandReplacement(m, replacement);
            last = m.capturedEnd();
            ++replaced;
        }
        if (replaced > 0)
            out += QStringView(text).mid(last);
    }
    if (count)
        *count = replaced;
    return replaced > 0 ? out : text;
}

std::vector<SourceReplacement> NotebookSearch::replaceAll(const Notebook &notebook,
                                                          const QString &replacement,
                                                          int *count) const
{
    std::vector<SourceReplacement> result;
    int total = 0;
    if (isValid()) {
        const std::vector<Cell> &cells = notebook.cells();
        for (size_t i = 0; i < cells.size(); ++i) {
            int n = 0;
            const QString text = QString::fromStdString(cells[i].source());
            const QString replaced = replaceInText(text, replacement, &n);
            total += n;
            if (n > 0 && replaced != text)
                result.push_back({int(i), replaced.toStdString()});
        }
    }
    if (count)
        *count = total;
    return result;
}

SetCellSourcesCommand::SetCellSourcesCommand(NotebookDocument *document,
                                             std::vector<SourceReplacement> sources,
                                             const QString &text)
    : QUndoCommand(text), m_document(document)
{
    if (!document)
        return;
    for (SourceReplacement &source : sources) {
        if (source.cell < 0 || source.cell >= document->cellCount())
            continue;
        const Cell &cell = document->cell(source.cell);
        m_entries.push_back({source.cell, cell.id(), cell.source(), std::move(source.source)});
    }
}

int SetCellSourcesCommand::resolve(const Entry &entry) const
{
    if (entry.cell < m_document->cellCount()
        && (entry.id.empty() || m_document->cell(entry.cell).id() == entry.id))
        return entry.cell;
    return entry.id.empty() ? -1 : m_document->indexOfCellId(entry.id);
}

void SetCellSourcesCommand::redo()
{
    if (!m_document)
        return;
    for (const Entry &entry : m_entries) {
        const int index = resolve(entry);
        if (index >= 0)
            m_document->setCellSource(index, entry.newSource);
    }
}

void SetCellSourcesCommand::undo()
{
    if (!m_document)
        return;
    for (const Entry &entry : m_entries) {
        const int index = resolve(entry);
        if (index >= 0)
            m_document->setCellSource(index, entry.oldSource);
    }
}

} // namespace cumulus
