// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace cumulus {

/**
 * The Open Recent list: absolute paths, most recent first, at most maxCount(), persisted
 * through settings. Files that no longer exist are pruned whenever the list is read.
 */
class RecentFiles
{
public:
    static constexpr int maxCount() { return 10; }

    /// The stored list with missing files removed (the pruned list is written back).
    static QStringList files();
    /// Moves @p path to the front (adding it if new) and drops the oldest beyond maxCount().
    static void add(const QString &path);
    static void remove(const QString &path);
    static void clear();
};

} // namespace cumulus
