// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// What the HTML and PDF exporters share (internal to widgets/export).

#include "notebook/notebooktheme.h"

#include <nlohmann/json.hpp>

#include <QPalette>
#include <QString>
#include <QStringList>

namespace cumulus::exportsupport {

/// The palette outputs are rendered with: the window's light or dark theme.
QPalette palette(bool dark);

/// Markdown with its math replaced by placeholders that markdown leaves alone, so that
/// `$a_1 * b_2$` is not read as emphasis. restore() puts the math back.
struct ProtectedMarkdown
{
    QString text;
    QStringList math; ///< the original math, delimiters included, by placeholder number
};
ProtectedMarkdown protectMath(const QString &markdown);
/// Whether @p text has math delimiters KaTeX would typeset.
bool hasMath(const QString &text);
/// The placeholder of math number @p index.
QString mathPlaceholder(int index);

/// Replaces `attachment:NAME` links with data: URLs from the cell's @p attachments.
QString resolveAttachments(QString markdown, const nlohmann::json &attachments);

QString fromStd(const std::string &s);

} // namespace cumulus::exportsupport
