// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>
#include <QTextLayout>

#include <string_view>

namespace cumulus {

/**
 * Text with ANSI SGR escape sequences (what tracebacks and coloured logs carry), split into
 * the visible text and its character formats: 16, 256 and 24-bit colours, bold, italic,
 * underline, inverse, reset. Other escape sequences are removed.
 *
 * Carriage returns and backspaces move the cursor back as a terminal does (later text
 * overwrites the line; "\r\n" is a newline), so progress bars show their last state.
 */
struct AnsiText
{
    QString text;
    /// Sorted by start, not overlapping; characters without a range use the default format.
    QList<QTextLayout::FormatRange> formats;

    /// The standard 16 colours as Jupyter's classic theme draws them (index 0–15).
    static QColor standardColor(int index);
    /// xterm's 256-colour palette.
    static QColor paletteColor(int index);
};

/// Parses @p utf8. @p palette gives the default colours that inverse video swaps.
AnsiText parseAnsi(std::string_view utf8, const QPalette &palette = QPalette());

} // namespace cumulus
