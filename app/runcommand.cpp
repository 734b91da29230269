// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus run NOTEBOOK (-o OUT | --inplace) [--kernel NAME] [--server NAME [--remote-cwd DIR]]
//             [--timeout SECONDS] [--allow-errors] [--max-output-bytes N] [--max-output-lines N]
//
// Executes every code cell in order on a local kernel (or one on a server, over SSH), as `jupyter nbconvert --execute` does,
// and writes the executed notebook. Ctrl+C interrupts the kernel; a second Ctrl+C shuts it
// down; either way the notebook as far as it ran is saved.

#include "commandoutput.h"
#include "remotecli.h"
#include "remotekernel.h"
#include "subcommands.h"

#include "jupyter/kernelspec.h"
#include "jupyter/localkernel.h"
#include "jupyter/notebookrunner.h"
#include "nbformat/nbformat.h"
#include "notebook/notebookdocument.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace cumulus {

namespace {


int g_signalPipe[2] = {-1, -1};

void onSigint(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

/// The first line of a cell's source, shortened, for progress lines.
QString cellSummary(const Cell &cell)
{
    const std::string &source = cell.source();
    QString line = QString::fromUtf8(source.data(), qsizetype(std::min(source.find('\n'), source.size())));
    line = line.simplified();
    if (line.size() > 50)
        line = line.left(49) + QChar(0x2026);
    return line;
}

/// Reads a line for input() from the terminal.
void askOnTerminal(const QString &prompt, bool password,
                   std::function<void(std::optional<std::string>)> answer)
{
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    if (password)
        std::system("stty -echo 2>/dev/null");
    std::string line;
    const bool got = bool(std::getline(std::cin, line));
    if (password) {
        std::system("stty echo 2>/dev/null");
        std::fputs("\n", stderr);
    }
    answer(got ? std::optional<std::string>(line) : std::nullopt);
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("Execute every code cell of NOTEBOOK in order on a kernel, like "
           "`jupyter nbconvert --execute`, and write the executed notebook.\n"
           "Ctrl+C interrupts the running cell; a second Ctrl+C stops the kernel. The notebook "
           "is saved as far as it ran in every case."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NOTEBOOK"), CommandLine::tr("The notebook to run."));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          CommandLine::tr("Write the executed notebook to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption inplaceOption(QStringLiteral("inplace"), CommandLine::tr("Overwrite NOTEBOOK."));
    const QCommandLineOption kernelOption(QStringLiteral("kernel"),
                                          CommandLine::tr("Kernelspec to use (default: the notebook's)."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           CommandLine::tr("Give up on a cell after SECONDS (default: never)."),
                                           QStringLiteral("SECONDS"));
    const QCommandLineOption allowErrorsOption(QStringLiteral("allow-errors"),
                                               CommandLine::tr("Keep running after a cell raises."));
    const QCommandLineOption maxBytesOption(QStringLiteral("max-output-bytes"),
                                            CommandLine::tr("Keep at most N bytes of each stream output (head and tail; 0 = all; default 5 MiB)."),
                                            QStringLiteral("N"));
    const QCommandLineOption maxLinesOption(QStringLiteral("max-output-lines"),
                                            CommandLine::tr("Keep at most N lines of each stream output (0 = all; default 50000)."),
                                            QStringLiteral("N"));
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          CommandLine::tr("Run on a kernel on this server, over SSH: an ssh config "
                                                          "Host, a server added in the app, or [user@]host[:port]."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption remoteCwdOption(QStringLiteral("remote-cwd"),
                                             CommandLine::tr("With --server: the kernel's working directory there "
                                                             "(default: the home directory)."),
                                             QStringLiteral("DIR"));
    parser.addOptions({outputOption, inplaceOption, kernelOption, serverOption, remoteCwdOption, timeoutOption,
                       allowErrorsOption, maxBytesOption, maxLinesOption});
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("cumulus run: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText().replace(QCoreApplication::applicationFilePath(),
                                           QStringLiteral("cumulus run")));
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        printErr(CommandLine::tr("cumulus run: expected one NOTEBOOK (see cumulus run --help)"));
        return 2;
    }
    if (parser.isSet(outputOption) == parser.isSet(inplaceOption)) {
        printErr(CommandLine::tr("cumulus run: give exactly one of -o FILE and --inplace"));
        return 2;
    }
    const QString input = positional.first();
    const QString output = parser.isSet(inplaceOption) ? input : parser.value(outputOption);

    jupyter::OutputLimits limits;
    bool ok = true;
    if (parser.isSet(maxBytesOption))
        limits.maxBytes = parser.value(maxBytesOption).toLongLong(&ok);
    if (ok && parser.isSet(maxLinesOption))
        limits.maxLines = parser.value(maxLinesOption).toLongLong(&ok);
    double timeoutSeconds = 0;
    if (ok && parser.isSet(timeoutOption))
        timeoutSeconds = parser.value(timeoutOption).toDouble(&ok);
    if (!ok || limits.maxBytes < 0 || limits.maxLines < 0 || timeoutSeconds < 0) {
        printErr(CommandLine::tr("cumulus run: --timeout, --max-output-bytes and --max-output-lines take "
                    "non-negative numbers"));
        return 2;
    }

    auto read = nbformat::readFile(input);
    if (!read) {
        printErr(read.error().toString());
        return 1;
    }
    for (const auto &warning : std::as_const(read->warnings))
        printErr(CommandLine::tr("%1: warning: %2").arg(input, warning.toString()));
    NotebookDocument document(std::move(read->notebook));

    QString kernelName = parser.value(kernelOption);
    if (kernelName.isEmpty())
        kernelName = QString::fromStdString(document.notebook().kernelName());
    if (kernelName.isEmpty())
        kernelName = QStringLiteral("python3"); // jupyter_client's default
    std::unique_ptr<remote::RemoteHost> host;
    std::unique_ptr<jupyter::Kernel> kernelOwner;
    if (parser.isSet(serverOption)) {
        auto opened = openServer(parser.value(serverOption));
        if (!opened) {
            printErr(CommandLine::tr("cumulus run: %1").arg(opened.error().toString()));
            return 1;
        }
        host = std::move(opened).value();
        auto remoteKernel = std::make_unique<remote::RemoteKernel>(host.get(), kernelName, QString());
        remoteKernel->setWorkingDirectory(parser.value(remoteCwdOption));
        remoteKernel->setNotebookName(QFileInfo(input).fileName());
        kernelOwner = std::move(remoteKernel);
    } else {
        auto spec = jupyter::findKernelSpec(kernelName);
        if (!spec) {
            printErr(CommandLine::tr("%1: %2").arg(input, spec.error().toString()));
            return 1;
        }
        auto localKernel = std::make_unique<jupyter::LocalKernel>(*spec);
        localKernel->setWorkingDirectory(QFileInfo(input).absolutePath());
        kernelOwner = std::move(localKernel);
    }
    jupyter::Kernel &kernel = *kernelOwner;
    jupyter::NotebookRunner runner(&document, &kernel);
    runner.setOutputLimits(limits);
    runner.setAllowErrors(parser.isSet(allowErrorsOption));
    runner.setCellTimeout(std::chrono::milliseconds(qint64(timeoutSeconds * 1000)));
    if (::isatty(STDIN_FILENO))
        runner.setInputHandler(askOnTerminal);

    int exitCode = 0;
    bool saved = false;
    const auto saveAndStop = [&](int code) {
        exitCode = code;
        if (!saved) {
            saved = true;
            if (auto written = nbformat::writeFile(document.notebook(), output); !written) {
                printErr(written.error().toString());
                exitCode = 1;
            }
        }
        if (kernel.status() == jupyter::Kernel::Status::Stopped
            || kernel.status() == jupyter::Kernel::Status::Dead
            || kernel.status() == jupyter::Kernel::Status::NotStarted)
            QCoreApplication::exit(exitCode);
        else
            kernel.shutdown();
    };

    QObject::connect(&kernel, &jupyter::Kernel::stopped, [&] { QCoreApplication::exit(exitCode); });
    bool ran = false;
    QObject::connect(&kernel, &jupyter::Kernel::ready, [&] {
        if (ran) // ready again after a heartbeat gap: the run goes on, it does not restart
            return;
        ran = true;
        printErr(CommandLine::tr("kernel %1 ready").arg(kernel.displayName()));
        runner.runAll();
    });
    QObject::connect(&kernel, &jupyter::Kernel::died, [&](const QString &reason) {
        printErr(CommandLine::tr("%1: kernel %2: %3").arg(input, kernelName, reason));
        if (!runner.isRunning())
            saveAndStop(1);
    });
    QObject::connect(&runner, &jupyter::NotebookRunner::cellStarted,
                     [&](int index, int position, int total) {
                         printErr(CommandLine::tr("[%1/%2] cell %3: %4")
                                      .arg(position).arg(total).arg(index + 1)
                                      .arg(cellSummary(document.cell(index))));
                     });
    QObject::connect(&runner, &jupyter::NotebookRunner::cellFinished,
                     [&](int, const jupyter::ExecuteResult &result, qint64 ms) {
                         if (result.status == jupyter::ExecuteResult::Status::Error)
                             printErr(CommandLine::tr("      error after %1 s").arg(ms / 1000.0, 0, 'f', 2));
                     });
    QObject::connect(&runner, &jupyter::NotebookRunner::finished, [&](bool succeeded, const QString &error) {
        if (!succeeded)
            printErr(CommandLine::tr("%1: %2").arg(input, error));
        saveAndStop(succeeded ? 0 : 1);
    });

    // Ctrl+C: a self-pipe turns the signal into an event-loop event.
    int interrupts = 0;
    std::unique_ptr<QSocketNotifier> notifier;
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, [&] {
            char byte;
            [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
            if (++interrupts == 1 && runner.isRunning()) {
                printErr(CommandLine::tr("interrupting the kernel (Ctrl+C again to stop it)"));
                kernel.interrupt();
                return;
            }
            printErr(CommandLine::tr("stopping the kernel; saving the notebook as far as it ran"));
            runner.clearQueue();
            saveAndStop(130);
        });
        std::signal(SIGINT, onSigint);
    }

    kernel.start();
    const int result = QCoreApplication::exec();
    std::signal(SIGINT, SIG_DFL);
    return result;
}

} // namespace cumulus
