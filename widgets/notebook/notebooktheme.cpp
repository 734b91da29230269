// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/notebooktheme.h"

namespace cumulus {

bool NotebookTheme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

NotebookTheme NotebookTheme::forPalette(const QPalette &palette)
{
    NotebookTheme theme;
    theme.dark = isDark(palette);
    // JupyterLab's light and dark themes.
    if (theme.dark) {
        theme.sourceBackground = QColor(0x2b, 0x2b, 0x2b);
        theme.sourceBorder = QColor(0x42, 0x42, 0x42);
        theme.commandBar = QColor(0x42, 0xa5, 0xf5);
        theme.editBar = QColor(0x66, 0xbb, 0x6a);
        theme.currentCellTint = QColor(0x42, 0xa5, 0xf5, 24);
        theme.selection = QColor(0x42, 0xa5, 0xf5, 60);
        theme.prompt = QColor(0x90, 0xa4, 0xf9);
        theme.queuedPrompt = QColor(0x75, 0x75, 0x75);
        theme.busyMarker = QColor(0xff, 0x98, 0x00);
        theme.runInfo = QColor(0x9e, 0x9e, 0x9e);
        theme.placeholder = QColor(0x75, 0x75, 0x75);
        theme.gutterBackground = QColor(0x25, 0x25, 0x25);
        theme.gutterText = QColor(0x80, 0x80, 0x80);
        theme.hiddenOutputs = QColor(0x50, 0x50, 0x50);
    } else {
        theme.sourceBackground = QColor(0xf7, 0xf7, 0xf7);
        theme.sourceBorder = QColor(0xe0, 0xe0, 0xe0);
        theme.commandBar = QColor(0x42, 0xa5, 0xf5);
        theme.editBar = QColor(0x66, 0xbb, 0x6a);
        theme.currentCellTint = QColor(0x42, 0xa5, 0xf5, 14);
        theme.selection = QColor(0x42, 0xa5, 0xf5, 40);
        theme.prompt = QColor(0x30, 0x3f, 0x9f);
        theme.queuedPrompt = QColor(0x9e, 0x9e, 0x9e);
        theme.busyMarker = QColor(0xff, 0x98, 0x00);
        theme.runInfo = QColor(0x75, 0x75, 0x75);
        theme.placeholder = QColor(0x99, 0x99, 0x99);
        theme.gutterBackground = QColor(0xf0, 0xf0, 0xf0);
        theme.gutterText = QColor(0x99, 0x99, 0x99);
        theme.hiddenOutputs = QColor(0xe0, 0xe0, 0xe0);
    }
    return theme;
}

QPalette NotebookTheme::darkPalette()
{
    QPalette palette;
    const QColor window(0x30, 0x30, 0x30);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe0, 0xe0, 0xe0);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x80, 0x80, 0x80));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, QColor(0x64, 0xb5, 0xf6));
    palette.setColor(QPalette::LinkVisited, QColor(0xba, 0x68, 0xc8));
    palette.setColor(QPalette::Highlight, QColor(0x42, 0x85, 0xf4));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    palette.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    palette.setColor(QPalette::Mid, QColor(0x28, 0x28, 0x28));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return palette;
}

} // namespace cumulus
