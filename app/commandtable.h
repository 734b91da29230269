// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace cumulus {

/// Terminal cells @p text takes: East Asian wide and full-width characters take two,
/// combining marks none (what wcwidth() says, without depending on the C locale).
qsizetype terminalWidth(const QString &text);

/// @p headers and @p rows as columns separated by two spaces, lined up by terminal cells
/// (Chinese headers and names take two each); one line per row, newline-terminated.
QString formatTable(const QStringList &headers, const QList<QStringList> &rows);

} // namespace cumulus
