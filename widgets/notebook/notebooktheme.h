// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>

namespace cumulus {

/**
 * The colours a notebook is drawn with, light or dark.
 *
 * Qt 6.4 has no colour-scheme API, so "dark" is inferred from the palette: a window whose
 * base colour is darker than its text is dark. The view, the static highlighter and the
 * cell editor all take their colours from here, so a cell looks the same edited or not.
 */
struct NotebookTheme
{
    bool dark = false;
    QColor sourceBackground;
    QColor sourceBorder;
    QColor commandBar;
    QColor editBar;
    QColor currentCellTint;
    QColor selection;
    QColor prompt;
    QColor queuedPrompt;
    QColor busyMarker;
    QColor runInfo;
    QColor placeholder;
    QColor gutterBackground;
    QColor gutterText;
    QColor hiddenOutputs;

    static bool isDark(const QPalette &palette);
    static NotebookTheme forPalette(const QPalette &palette);
    /// A dark palette for when the user picks the dark theme on a light desktop.
    static QPalette darkPalette();
};

} // namespace cumulus
