// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QFont>
#include <QStringList>

namespace cumulus {

namespace jupyter {
struct OutputLimits;
}

/**
 * The one place the window's settings are read and written (QSettings with the
 * application's organisation and name). Keys live here only, so a renamed key cannot be
 * read under one name and written under another. Tests point QSettings at a temporary
 * directory (QSettings::setPath) before touching any of this.
 */
namespace settings {

/// Recently opened notebooks, most recent first, as stored (not pruned).
QStringList recentFiles();
void setRecentFiles(const QStringList &paths);

bool lineNumbersVisible();
void setLineNumbersVisible(bool visible);

QByteArray windowGeometry();
QByteArray windowState();
void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);

/// How often unsaved notebooks are written to their recovery files, in milliseconds
/// (key "autosave/intervalMs", default 30000; 0 turns autosave off).
int autosaveIntervalMs();
void setAutosaveIntervalMs(int ms);
int defaultAutosaveIntervalMs();

/// The colours the window uses: the desktop's palette, or Cumulus's light or dark one.
enum class Theme { System, Light, Dark };
/// Key "view/theme" ("system", "light" or "dark"; default and anything else: System).
Theme theme();
void setTheme(Theme theme);

/// The font code cells are written in (keys "view/codeFontFamily", "view/codeFontSize";
/// default: the system's fixed-pitch font).
QFont codeFont();
void setCodeFont(const QFont &font);
QFont defaultCodeFont();

/// How much of one stream output a run keeps (keys "output/maxBytes", "output/maxLines";
/// 0 = unlimited; defaults: OutputLimits' own, 5 MiB and 50,000 lines).
jupyter::OutputLimits outputLimits();
void setOutputLimits(const jupyter::OutputLimits &limits);

/// The directory the last Open/Save As dialog showed.
QString lastDirectory();
void setLastDirectory(const QString &dir);

} // namespace settings

} // namespace cumulus
