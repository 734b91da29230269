// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QSize>
#include <QString>

namespace cumulus {

/// `cumulus --screenshot OUT.png [--size WxH] NOTEBOOK`: what to render.
struct ScreenshotRequest
{
    QString output;
    QSize size{1200, 800};
    QString notebook;
};

/// Parses "1200x800" (also "1200X800"); an invalid size when malformed or out of range.
QSize parseScreenshotSize(const QString &text);

/**
 * Renders the main window showing @p request.notebook to a PNG with QWidget::grab() and
 * returns the process exit code (errors on stderr). Needs a QApplication; works on the
 * offscreen platform. Writes no settings and never starts a kernel.
 */
int renderScreenshot(const ScreenshotRequest &request);

} // namespace cumulus
