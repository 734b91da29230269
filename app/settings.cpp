// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "settings.h"

#include <QSettings>

namespace cumulus::settings {

namespace {
const QString kRecentFiles = QStringLiteral("files/recent");
const QString kLastDirectory = QStringLiteral("files/lastDirectory");
const QString kLineNumbers = QStringLiteral("view/lineNumbers");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kAutosaveInterval = QStringLiteral("autosave/intervalMs");
constexpr int kDefaultAutosaveMs = 30000;
} // namespace

QStringList recentFiles() { return QSettings().value(kRecentFiles).toStringList(); }

void setRecentFiles(const QStringList &paths) { QSettings().setValue(kRecentFiles, paths); }

bool lineNumbersVisible() { return QSettings().value(kLineNumbers, false).toBool(); }

void setLineNumbersVisible(bool visible) { QSettings().setValue(kLineNumbers, visible); }

QByteArray windowGeometry() { return QSettings().value(kGeometry).toByteArray(); }

QByteArray windowState() { return QSettings().value(kState).toByteArray(); }

void setWindowGeometry(const QByteArray &geometry, const QByteArray &state)
{
    QSettings settings;
    settings.setValue(kGeometry, geometry);
    settings.setValue(kState, state);
}

int autosaveIntervalMs()
{
    bool ok = false;
    const int ms = QSettings().value(kAutosaveInterval, kDefaultAutosaveMs).toInt(&ok);
    return ok && ms >= 0 ? ms : kDefaultAutosaveMs;
}

void setAutosaveIntervalMs(int ms) { QSettings().setValue(kAutosaveInterval, ms); }

QString lastDirectory() { return QSettings().value(kLastDirectory).toString(); }

void setLastDirectory(const QString &dir) { QSettings().setValue(kLastDirectory, dir); }

} // namespace cumulus::settings
