// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace cumulus::test {

/// Points everything the window and its kernels persist into @p root (a temporary
/// directory): QSettings, the XDG locations, HOME, and Jupyter's and IPython's own
/// directories. Call it in initTestCase(), before any QSettings exists, so a test never
/// touches the user's settings, ~/.local/share/jupyter or ~/.ipython.
inline void sandboxUserDirectories(const QString &root, const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CumulusTest"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, root + QStringLiteral("/settings"));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, root + QStringLiteral("/settings"));
    qputenv("HOME", QFile::encodeName(root + QStringLiteral("/home")));
    qputenv("JUPYTER_PATH", QFile::encodeName(root + QStringLiteral("/jupyter-path")));
    qputenv("JUPYTER_RUNTIME_DIR", QFile::encodeName(root + QStringLiteral("/runtime")));
    qputenv("JUPYTER_DATA_DIR", QFile::encodeName(root + QStringLiteral("/data")));
    qputenv("JUPYTER_CONFIG_DIR", QFile::encodeName(root + QStringLiteral("/config")));
    qputenv("IPYTHONDIR", QFile::encodeName(root + QStringLiteral("/ipython")));
    qputenv("PYTHONNOUSERSITE", "1");
    qputenv("PYDEVD_DISABLE_FILE_VALIDATION", "1");
}

} // namespace cumulus::test
