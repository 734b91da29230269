// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/**
 * Jupyter's directories, computed as jupyter_core.paths does on Linux (jupyter_core 5.x,
 * Debian 12), so Cumulus finds the same kernels and writes connection files where
 * `jupyter --paths` says. Everything is read from the environment on each call (tests and
 * the app may change it); nothing here creates a directory.
 *
 * jupyter_core runs inside a Python interpreter and adds that interpreter's `sys.prefix`
 * (the "ENV" entries). A native program has no interpreter: we take the activated
 * environment — `$VIRTUAL_ENV`, else `$CONDA_PREFIX` — which is the `sys.prefix` of the
 * `jupyter` a shell with that environment would run. Without one, there is no ENV entry,
 * which is also what Debian's /usr/bin/python3 ends up with (`/usr/share/jupyter` is a system
 * directory, and jupyter_core drops ENV entries that are system ones).
 */
namespace cumulus::jupyter::paths {

/// The real path of the home directory (`$HOME`, else the password database), as
/// jupyter_core's get_home_dir(): symbolic links resolved.
QString homeDir();

/// jupyter_data_dir(): `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`, else
/// `<home>/.local/share/jupyter`.
QString dataDir();

/// jupyter_runtime_dir(): `$JUPYTER_RUNTIME_DIR`, else `<dataDir()>/runtime`. Connection
/// files go here.
QString runtimeDir();

/// jupyter_config_dir(): `$JUPYTER_CONFIG_DIR`, else `<home>/.jupyter`. (With
/// `$JUPYTER_NO_CONFIG` jupyter_core makes a throw-away temporary directory; we return an
/// empty string instead, meaning "no configuration".)
QString configDir();

/// Python's `site.getuserbase()` + "/share/jupyter", or empty when Python would disable the
/// user site (`$PYTHONNOUSERSITE`, or a set-uid/set-gid process).
QString userSiteDataDir();

/// The `sys.prefix` stand-in described above (`$VIRTUAL_ENV`, `$CONDA_PREFIX`), or empty.
QString environmentPrefix();

/**
 * jupyter_path(subdir): the data search path, highest priority first —
 * 1. the entries of `$JUPYTER_PATH` (':'-separated, trailing '/' removed, empty ones skipped);
 * 2. user: dataDir(), then userSiteDataDir() unless equal;
 * 3. ENV: `<environmentPrefix()>/share/jupyter` unless it is a system directory
 *    (2 and 3 swap when `$JUPYTER_PREFER_ENV_PATH` is set to a true value);
 * 4. system: /usr/local/share/jupyter, /usr/share/jupyter.
 * With @p subdir, it is appended to each entry ("kernels", "nbextensions", …).
 */
QStringList dataPath(const QString &subdir = QString());

/// IPython's get_ipython_dir() without its side effects: `$IPYTHONDIR`, else `~/.ipython`
/// (or the legacy `$XDG_CONFIG_HOME/ipython` when only that one exists). jupyter_client
/// searches its "kernels" subdirectory last.
QString ipythonDir();

/// KernelSpecManager.kernel_dirs: dataPath("kernels") followed by `<ipythonDir()>/kernels`.
QStringList kernelSearchPath();

/// jupyter_core's envset(): set, to anything but no, n, false, off, 0 or 0.0 (any case; an
/// empty value counts as set, as in jupyter_core).
bool isEnvSet(const char *name);

} // namespace cumulus::jupyter::paths
