// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QList>
#include <QString>
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

/**
 * Colours for source code painted without an editor (cells not being edited): a small
 * tokenizer for the languages CellEditor has lexers for (keywords, strings, comments,
 * numbers, decorators, preprocessor lines). Offsets are in UTF-16 units of @p source.
 */
QList<QTextLayout::FormatRange> highlightCode(const QString &source, CodeLanguage language,
                                              bool dark = false);

} // namespace cumulus
