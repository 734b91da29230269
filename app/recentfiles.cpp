// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "recentfiles.h"

#include "settings.h"

#include <QFileInfo>

namespace cumulus {

namespace {

QString normalised(const QString &path) { return QFileInfo(path).absoluteFilePath(); }

} // namespace

QStringList RecentFiles::files()
{
    const QStringList stored = settings::recentFiles();
    QStringList kept;
    for (const QString &path : stored) {
        const QString absolute = normalised(path);
        if (QFileInfo(absolute).isFile() && !kept.contains(absolute))
            kept.append(absolute);
        if (kept.size() == maxCount())
            break;
    }
    if (kept != stored)
        settings::setRecentFiles(kept);
    return kept;
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = normalised(path);
    QStringList list = settings::recentFiles();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > maxCount())
        list.removeLast();
    settings::setRecentFiles(list);
}

void RecentFiles::remove(const QString &path)
{
    QStringList list = settings::recentFiles();
    if (list.removeAll(normalised(path)) > 0)
        settings::setRecentFiles(list);
}

void RecentFiles::clear() { settings::setRecentFiles({}); }

} // namespace cumulus
