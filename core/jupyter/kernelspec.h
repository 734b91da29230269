// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <nlohmann/json.hpp>

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace cumulus::jupyter {

/// How a kernel wants to be interrupted (kernel.json "interrupt_mode").
enum class InterruptMode {
    Signal,  ///< SIGINT to the kernel's process group (the default)
    Message, ///< an interrupt_request on the control channel
};

/**
 * One installed kernel: a directory holding kernel.json (and logos, …), as jupyter_client's
 * KernelSpec. Fields missing from kernel.json keep jupyter_client's defaults (empty strings,
 * empty argv/env/metadata, interrupt mode "signal").
 */
struct KernelSpec
{
    QString name;               ///< the directory name, lower-cased (jupyter_client's key)
    QString displayName;        ///< "display_name"
    QString language;           ///< "language"
    QStringList argv;           ///< "argv", with {connection_file}-style placeholders
    QMap<QString, QString> env; ///< "env", values may refer to $VARIABLES of the environment
    InterruptMode interruptMode = InterruptMode::Signal;
    nlohmann::json metadata = nlohmann::json::object(); ///< "metadata", as found
    QString resourceDir;                                ///< the directory
    QString path;                                       ///< resourceDir + "/kernel.json"

    /// Reads `<dir>/kernel.json`. @p name defaults to the directory's name, lower-cased.
    /// Errors name the file, and the field or line.
    static Result<KernelSpec> fromResourceDir(const QString &dir, const QString &name = QString());
    /// Validates a parsed kernel.json as jupyter_client's traitlets do; @p path is only used
    /// in error messages.
    static Result<KernelSpec> fromJson(const nlohmann::json &json, const QString &name,
                                       const QString &resourceDir, const QString &path = QString());

    /// jupyter_client's KernelSpec.to_dict(): argv, env, display_name, language,
    /// interrupt_mode, metadata.
    nlohmann::json toJson() const;

    static QString interruptModeName(InterruptMode mode);
};

/// jupyter_client's kernel-name rule: ASCII letters, digits, '-', '.', '_'.
bool isValidKernelName(const QString &name);

/**
 * All kernelspecs in paths::kernelSearchPath(), as jupyter_client's
 * KernelSpecManager.get_all_specs(): the first directory holding a name wins, even when its
 * kernel.json turns out to be broken (the name is then skipped, as jupyter_client does).
 * Within one directory, names are visited in sorted order. Directories with an invalid
 * name are still listed, with a warning.
 *
 * Unlike jupyter_client, no "native" python3 kernel is invented when none is installed:
 * Cumulus has no interpreter of its own to offer.
 *
 * Problems (malformed kernel.json, invalid names, …) go to @p warnings when given, else to
 * the cumulus.core log as warnings. Each names the file.
 */
std::vector<KernelSpec> findKernelSpecs(QList<Error> *warnings = nullptr);

/// The same search in an explicit list of "kernels" directories, highest priority first.
std::vector<KernelSpec> findKernelSpecs(const QStringList &kernelDirs,
                                        QList<Error> *warnings = nullptr);

/// The kernelspec called @p name (compared lower-cased), as KernelSpecManager.get_kernel_spec:
/// "No such kernel" when absent, the parse error when its kernel.json is broken.
Result<KernelSpec> findKernelSpec(const QString &name);
Result<KernelSpec> findKernelSpec(const QString &name, const QStringList &kernelDirs);

} // namespace cumulus::jupyter
