// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/jupyterpaths.h"

#include <QDir>
#include <QFileInfo>

#include <climits>
#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace cumulus::jupyter::paths {

namespace {

// Python's `os.environ.get(name)` used as a truth value: unset and "" are both "no".
QString envValue(const char *name) { return qEnvironmentVariable(name); }

/// os.path.expanduser("~"): $HOME when set, else the password database.
QString expandedHome()
{
    const QString home = envValue("HOME");
    if (!home.isEmpty())
        return home;
    if (const passwd *pw = ::getpwuid(::getuid()); pw && pw->pw_dir)
        return QString::fromLocal8Bit(pw->pw_dir);
    return QStringLiteral("/");
}

/// pathlib's non-strict resolve(): symbolic links resolved where the path exists.
QString resolvedPath(const QString &path)
{
    char buffer[PATH_MAX];
    if (::realpath(QFile::encodeName(path).constData(), buffer))
        return QFile::decodeName(buffer);
    return QDir::cleanPath(path);
}

QString join(const QString &a, const QString &b)
{
    if (b.isEmpty())
        return a;
    if (a.endsWith(QLatin1Char('/')))
        return a + b;
    return a + QLatin1Char('/') + b;
}

QString stripTrailingSlashes(QString path)
{
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

const QStringList &systemDataPath()
{
    // jupyter_core.paths.SYSTEM_JUPYTER_PATH on every non-Windows platform.
    static const QStringList dirs{QStringLiteral("/usr/local/share/jupyter"),
                                  QStringLiteral("/usr/share/jupyter")};
    return dirs;
}

bool isWritableDir(const QString &path)
{
    const QFileInfo info(path);
    return info.isDir() && ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

} // namespace

bool isEnvSet(const char *name)
{
    if (!qEnvironmentVariableIsSet(name))
        return false;
    const QString value = envValue(name).toLower();
    static const QStringList falsy{QStringLiteral("no"),    QStringLiteral("n"),
                                   QStringLiteral("false"), QStringLiteral("off"),
                                   QStringLiteral("0"),     QStringLiteral("0.0")};
    return !falsy.contains(value);
}

QString homeDir() { return resolvedPath(expandedHome()); }

QString dataDir()
{
    const QString explicitDir = envValue("JUPYTER_DATA_DIR");
    if (!explicitDir.isEmpty())
        return explicitDir;
    QString xdg = envValue("XDG_DATA_HOME");
    if (xdg.isEmpty())
        xdg = join(homeDir(), QStringLiteral(".local/share"));
    return join(xdg, QStringLiteral("jupyter"));
}

QString runtimeDir()
{
    const QString explicitDir = envValue("JUPYTER_RUNTIME_DIR");
    if (!explicitDir.isEmpty())
        return explicitDir;
    return join(dataDir(), QStringLiteral("runtime"));
}

QString configDir()
{
    if (!envValue("JUPYTER_NO_CONFIG").isEmpty())
        return QString();
    const QString explicitDir = envValue("JUPYTER_CONFIG_DIR");
    if (!explicitDir.isEmpty())
        return explicitDir;
    return join(homeDir(), QStringLiteral(".jupyter"));
}

QString userSiteDataDir()
{
    // site.ENABLE_USER_SITE: off with -s / PYTHONNOUSERSITE, and for set-uid/set-gid processes.
    if (!envValue("PYTHONNOUSERSITE").isEmpty() || ::geteuid() != ::getuid()
        || ::getegid() != ::getgid())
        return QString();
    // site.getuserbase(): $PYTHONUSERBASE, else expanduser("~/.local") — not resolved, so a
    // symlinked home can list the same directory twice, exactly as jupyter_core does.
    QString userBase = envValue("PYTHONUSERBASE");
    if (userBase.isEmpty())
        userBase = join(expandedHome(), QStringLiteral(".local"));
    return join(userBase, QStringLiteral("share/jupyter"));
}

QString environmentPrefix()
{
    QString prefix = envValue("VIRTUAL_ENV");
    if (prefix.isEmpty())
        prefix = envValue("CONDA_PREFIX");
    return prefix;
}

QStringList dataPath(const QString &subdir)
{
    QStringList paths;
    const QString jupyterPath = envValue("JUPYTER_PATH");
    if (!jupyterPath.isEmpty()) {
        for (const QString &entry : jupyterPath.split(QLatin1Char(':'))) {
            // jupyter_core keeps an empty entry, which then names a directory relative to the
            // current one; searching wherever Cumulus happens to run is never wanted.
            const QString stripped = stripTrailingSlashes(entry);
            if (!stripped.isEmpty())
                paths.append(stripped);
        }
    }

    QStringList user{dataDir()};
    const QString userSite = userSiteDataDir();
    if (!userSite.isEmpty() && !user.contains(userSite))
        user.append(userSite);

    QStringList env;
    if (const QString prefix = environmentPrefix(); !prefix.isEmpty()) {
        const QString envDir = join(prefix, QStringLiteral("share/jupyter"));
        if (!systemDataPath().contains(envDir))
            env.append(envDir);
    }

    if (isEnvSet("JUPYTER_PREFER_ENV_PATH"))
        paths << env << user;
    else
        paths << user << env;
    paths << systemDataPath();

    if (!subdir.isEmpty())
        for (QString &path : paths)
            path = join(path, subdir);
    return paths;
}

QString ipythonDir()
{
    QString dir = envValue("IPYTHONDIR");
    if (dir.isEmpty())
        dir = envValue("IPYTHON_DIR"); // deprecated spelling IPython still reads
    if (dir.isEmpty()) {
        const QString home = homeDir();
        dir = join(home, QStringLiteral(".ipython"));
        // IPython up to 1.x used $XDG_CONFIG_HOME/ipython; IPython still uses it when it is
        // the only one that exists (and is not a symbolic link).
        QString xdgConfig = envValue("XDG_CONFIG_HOME");
        if (xdgConfig.isEmpty())
            xdgConfig = join(home, QStringLiteral(".config"));
        const QString legacy = join(xdgConfig, QStringLiteral("ipython"));
        if (isWritableDir(xdgConfig) && isWritableDir(legacy) && !QFileInfo::exists(dir)
            && !QFileInfo(legacy).isSymLink())
            dir = legacy;
    } else if (dir == QLatin1String("~") || dir.startsWith(QLatin1String("~/"))) {
        dir = expandedHome() + dir.mid(1);
    }
    return QDir::cleanPath(dir);
}

QStringList kernelSearchPath()
{
    QStringList dirs = dataPath(QStringLiteral("kernels"));
    dirs.append(join(ipythonDir(), QStringLiteral("kernels")));
    return dirs;
}

} // namespace cumulus::jupyter::paths
