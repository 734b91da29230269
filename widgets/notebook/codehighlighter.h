// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QTextCharFormat>
#include <QTextLayout>

namespace cumulus {

/// What a span of source code is, for colouring.
enum class CodeToken { Default, Keyword, Builtin, String, Comment, Number, Decorator, Preprocessor };

/// The colour of each token kind: shared by the static highlighter and CellEditor's lexers,
/// so a cell looks the same whether or not its editor is open.
QColor codeTokenColor(CodeToken token, bool dark = false);

/// Which of CellEditor's lexers a kernel language maps to.
enum class CodeLanguage { Plain, Python, Cpp };
CodeLanguage codeLanguageFor(const QString &language);

/// One token of source code: offsets in UTF-16 units of the source.
struct CodeSpan
{
    int start = 0;
    int length = 0;
    CodeToken token = CodeToken::Default;
};

/**
 * The one tokenizer behind every coloured rendering of code: the view's static highlighter,
 * the HTML export (CSS classes) and the PDF export (character formats). Spans are sorted and
 * do not overlap; text between them is CodeToken::Default. Empty for CodeLanguage::Plain.
 */
QList<CodeSpan> tokenizeCode(const QString &source, CodeLanguage language);

/// The character format a token is drawn with (colour, bold keywords, italic comments).
QTextCharFormat codeTokenFormat(CodeToken token, bool dark = false);

/**
 * Colours for source code painted without an editor (cells not being edited): a small
 * tokenizer for the languages CellEditor has lexers for (keywords, strings, comments,
 * numbers, decorators, preprocessor lines). Offsets are in UTF-16 units of @p source.
 */
QList<QTextLayout::FormatRange> highlightCode(const QString &source, CodeLanguage language,
                                              bool dark = false);

} // namespace cumulus
