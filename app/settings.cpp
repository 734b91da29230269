// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "settings.h"

#include "jupyter/outputcollector.h"

#include <QFontDatabase>
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
const QString kTheme = QStringLiteral("view/theme");
const QString kCodeFontFamily = QStringLiteral("view/codeFontFamily");
const QString kCodeFontSize = QStringLiteral("view/codeFontSize");
const QString kOutputMaxBytes = QStringLiteral("output/maxBytes");
const QString kOutputMaxLines = QStringLiteral("output/maxLines");

/// A stored count that must be a number >= 0, else @p fallback.
qint64 readCount(const QString &key, qint64 fallback)
{
    bool ok = false;
    const qint64 value = QSettings().value(key, fallback).toLongLong(&ok);
    return ok && value >= 0 ? value : fallback;
}
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

int defaultAutosaveIntervalMs() { return kDefaultAutosaveMs; }

Theme theme()
{
    const QString name = QSettings().value(kTheme).toString();
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

void setTheme(Theme theme)
{
    QString name = QStringLiteral("system");
    if (theme == Theme::Light)
        name = QStringLiteral("light");
    else if (theme == Theme::Dark)
        name = QStringLiteral("dark");
    QSettings().setValue(kTheme, name);
}

QFont defaultCodeFont() { return QFontDatabase::systemFont(QFontDatabase::FixedFont); }

QFont codeFont()
{
    QFont font = defaultCodeFont();
    QSettings settings;
    const QString family = settings.value(kCodeFontFamily).toString();
    if (!family.isEmpty())
        font.setFamily(family);
    bool ok = false;
    const int size = settings.value(kCodeFontSize).toInt(&ok);
    if (ok && size > 0)
        font.setPointSize(size);
    return font;
}

void setCodeFont(const QFont &font)
{
    QSettings settings;
    settings.setValue(kCodeFontFamily, font.family());
    settings.setValue(kCodeFontSize, font.pointSize());
}

jupyter::OutputLimits outputLimits()
{
    const jupyter::OutputLimits defaults;
    jupyter::OutputLimits limits;
    limits.maxBytes = readCount(kOutputMaxBytes, defaults.maxBytes);
    limits.maxLines = readCount(kOutputMaxLines, defaults.maxLines);
    return limits;
}

void setOutputLimits(const jupyter::OutputLimits &limits)
{
    QSettings settings;
    settings.setValue(kOutputMaxBytes, limits.maxBytes);
    settings.setValue(kOutputMaxLines, limits.maxLines);
}

QString lastDirectory() { return QSettings().value(kLastDirectory).toString(); }

void setLastDirectory(const QString &dir) { QSettings().setValue(kLastDirectory, dir); }

} // namespace cumulus::settings
