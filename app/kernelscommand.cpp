// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus kernels [--json]
// cumulus kernels install cuda [--user | --prefix DIR]

#include "commandoutput.h"
#include "commandtable.h"
#include "subcommands.h"

#include "jupyter/jupyterpaths.h"
#include "jupyter/kernelspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>

namespace cumulus {

namespace {



std::string toStd(const QString &text) { return text.toStdString(); }


// --- cumulus kernels install cuda -------------------------------------------------------------

/// The bundled kernel's executable: $CUMULUS_CUDA_KERNEL, else next to cumulus (installed), else
/// in the build tree (app/../kernels/cuda), else on PATH; "" when none is found.
QString findCudaKernelExecutable()
{
    const QString name = QStringLiteral("cumulus-cuda-kernel");
    QStringList candidates{qEnvironmentVariable("CUMULUS_CUDA_KERNEL")};
    const QString appDir = QCoreApplication::applicationDirPath();
    candidates << appDir + QLatin1Char('/') + name
               << appDir + QStringLiteral("/../kernels/cuda/") + name
               << QStandardPaths::findExecutable(name);
    for (const QString &candidate : std::as_const(candidates)) {
        const QFileInfo info(candidate);
        if (!candidate.isEmpty() && info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return QString();
}

/// `cumulus kernels install cuda [--user | --prefix DIR]`: writes the kernelspec "cuda" (argv
/// naming this installation's cumulus-cuda-kernel) where `jupyter kernelspec list` finds it.
int runKernelsInstall(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("Register the bundled CUDA C++ kernel (kernelspec \"cuda\") with Jupyter: in "
           "/usr/local/share/jupyter/kernels by default, in the user's Jupyter data directory with "
           "--user, or in DIR/share/jupyter/kernels with --prefix."));
    parser.addHelpOption();
    const QCommandLineOption userOption(QStringLiteral("user"),
        CommandLine::tr("Install for the current user only (the Jupyter data directory)."));
    const QCommandLineOption prefixOption(QStringLiteral("prefix"),
        CommandLine::tr("Install under DIR/share/jupyter/kernels."), CommandLine::tr("DIR"));
    parser.addOption(userOption);
    parser.addOption(prefixOption);
    parser.addPositionalArgument(QStringLiteral("kernel"), CommandLine::tr("The kernel to install: cuda."));
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("cumulus kernels install: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        const QString usage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
        if (help.startsWith(usage))
            help.replace(0, usage.size(), QStringLiteral("Usage: cumulus kernels install"));
        printOut(help);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional != QStringList{QStringLiteral("cuda")}) {
        printErr(CommandLine::tr("cumulus kernels install: name the kernel to install: cuda "
                                 "(see cumulus kernels install --help)"));
        return 2;
    }
    if (parser.isSet(userOption) && parser.isSet(prefixOption)) {
        printErr(CommandLine::tr("cumulus kernels install: --user and --prefix exclude each other"));
        return 2;
    }
    const QString executable = findCudaKernelExecutable();
    if (executable.isEmpty()) {
        printErr(CommandLine::tr("cumulus kernels install: cumulus-cuda-kernel not found next to "
                                 "cumulus or on PATH"));
        return 1;
    }
    QString kernelsDir;
    if (parser.isSet(userOption))
        kernelsDir = jupyter::paths::dataDir() + QStringLiteral("/kernels");
    else if (parser.isSet(prefixOption))
        kernelsDir = QDir(parser.value(prefixOption)).absolutePath() + QStringLiteral("/share/jupyter/kernels");
    else
        kernelsDir = QStringLiteral("/usr/local/share/jupyter/kernels");
    const QString dir = kernelsDir + QStringLiteral("/cuda");
    if (!QDir().mkpath(dir)) {
        printErr(CommandLine::tr("cumulus kernels install: cannot create %1").arg(dir));
        return 1;
    }
    nlohmann::ordered_json spec = {
        {"argv", {toStd(executable), "-f", "{connection_file}"}},
        {"display_name", "CUDA C++"},
        {"language", "cuda"},
        {"interrupt_mode", "message"},
        {"metadata", {{"cumulus", {{"file_extension", ".cu"},
                                   {"codemirror_mode", "text/x-c++src"},
                                   {"pygments_lexer", "cpp"}}}}},
    };
    QFile file(dir + QStringLiteral("/kernel.json"));
    const std::string text = spec.dump(1) + '\n';
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.flush()) {
        printErr(CommandLine::tr("cumulus kernels install: cannot write %1: %2")
                     .arg(file.fileName(), file.errorString()));
        return 1;
    }
    // The logo installed with the kernel, when this is an installed Cumulus.
    const QString logo = QFileInfo(executable).absolutePath()
        + QStringLiteral("/../share/jupyter/kernels/cuda/logo-svg.svg");
    if (QFileInfo::exists(logo) && QFileInfo(logo).canonicalPath() != QFileInfo(dir).canonicalFilePath()) {
        QFile::remove(dir + QStringLiteral("/logo-svg.svg"));
        QFile::copy(logo, dir + QStringLiteral("/logo-svg.svg"));
    }
    printOut(CommandLine::tr("Installed kernelspec cuda in %1\n").arg(dir));
    return 0;
}

} // namespace

int runKernelsCommand(const QStringList &arguments)
{
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("install"))
        return runKernelsInstall(arguments.mid(1));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("List the installed Jupyter kernels, found where Jupyter looks for them "
           "($JUPYTER_PATH, the user's and the system's share/jupyter/kernels). PATH is the "
           "kernelspec's directory, as `jupyter kernelspec list` shows it.")
        + QStringLiteral("\n\n")
        + CommandLine::tr("To register the bundled CUDA C++ kernel with Jupyter: "
                          "cumulus kernels install cuda [--user] (see cumulus kernels install --help)."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(
        QStringLiteral("json"),
        CommandLine::tr("Print a JSON list of {name, display_name, language, path, argv, interrupt_mode, "
           "env, metadata} objects."));
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        CommandLine::tr("List the kernels of this server instead, over SSH: an ssh config Host, a server "
                        "added in the app, or [user@]host[:port]."),
        QStringLiteral("NAME"));
    parser.addOptions({jsonOption, serverOption});
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("cumulus kernels: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // The usage line names argv[0]; show the subcommand as typed instead.
        QString help = parser.helpText();
        const QString usage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
        if (help.startsWith(usage))
            help.replace(0, usage.size(), QStringLiteral("Usage: cumulus kernels"));
        printOut(help);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printErr(CommandLine::tr("cumulus kernels: unexpected argument '%1' (see cumulus kernels --help)")
                     .arg(parser.positionalArguments().first()));
        return 2;
    }

    if (parser.isSet(serverOption))
        return listRemoteKernelSpecs(parser.value(serverOption), parser.isSet(jsonOption));

    QList<Error> warnings;
    const std::vector<jupyter::KernelSpec> specs = jupyter::findKernelSpecs(&warnings);
    for (const Error &warning : std::as_const(warnings))
        printErr(CommandLine::tr("cumulus kernels: warning: %1").arg(warning.toString()));

    if (parser.isSet(jsonOption)) {
        // Keys in a reading order (name first), not nlohmann's default alphabetical one.
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const jupyter::KernelSpec &spec : specs) {
            const nlohmann::json dict = spec.toJson();
            nlohmann::ordered_json entry = nlohmann::ordered_json::object();
            entry["name"] = toStd(spec.name);
            entry["display_name"] = dict.at("display_name");
            entry["language"] = dict.at("language");
            entry["path"] = toStd(spec.resourceDir);
            entry["argv"] = dict.at("argv");
            entry["interrupt_mode"] = dict.at("interrupt_mode");
            entry["env"] = dict.at("env");
            entry["metadata"] = dict.at("metadata");
            list.push_back(std::move(entry));
        }
        const std::string text = list.dump(2) + '\n';
        if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()
            || std::fflush(stdout) != 0) {
            printErr(CommandLine::tr("cumulus kernels: cannot write to standard output"));
            return 1;
        }
        return 0;
    }

    if (specs.empty()) {
        printOut(CommandLine::tr("No kernels available\n"));
        return 0;
    }
    const QStringList headers{CommandLine::tr("NAME"), CommandLine::tr("DISPLAY NAME"), CommandLine::tr("LANGUAGE"), CommandLine::tr("PATH")};
    QList<QStringList> rows;
    for (const jupyter::KernelSpec &spec : specs)
        rows.append({spec.name, spec.displayName, spec.language, spec.resourceDir});
    QString text = formatTable(headers, rows);
    printOut(text);
    if (std::fflush(stdout) != 0) {
        printErr(CommandLine::tr("cumulus kernels: cannot write to standard output"));
        return 1;
    }
    return 0;
}

} // namespace cumulus
