// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus servers [--json]
// cumulus ps [--server NAME] [--json] [--shutdown ID]

#include "commandoutput.h"
#include "commandtable.h"
#include "remotecli.h"
#include "serverregistry.h"
#include "sshsession.h"
#include "subcommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLocale>

#include <nlohmann/json.hpp>

namespace cumulus {

namespace {

/// Parses @p arguments for subcommand @p name; prints help or errors. -1: go on.
int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &name)
{
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("cumulus %1: ").arg(name) + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        const QString usage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
        if (help.startsWith(usage))
            help.replace(0, usage.size(), QStringLiteral("Usage: cumulus ") + name);
        printOut(help);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printErr(CommandLine::tr("cumulus %1: unexpected argument '%2' (see cumulus %1 --help)")
                         .arg(name, parser.positionalArguments().first()));
        return 2;
    }
    return -1;
}

QString address(const remote::ServerConfig &server)
{
    QString text = server.hostName;
    if (!server.user.isEmpty())
        text.prepend(server.user + QLatin1Char('@'));
    if (server.port != 22)
        text += QLatin1Char(':') + QString::number(server.port);
    return text;
}

QString megabytes(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("-") : QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

void writeJson(const nlohmann::ordered_json &json)
{
    const std::string text = json.dump(2) + '\n';
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

} // namespace

int runServersCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(CommandLine::tr(
            "List the servers Cumulus can run kernels on: the hosts of your ssh config "
            "($CUMULUS_SSH_CONFIG or ~/.ssh/config, where `gcloud compute config-ssh` writes its VMs) "
            "and the servers added in the app. Any [user@]host[:port] works too."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), CommandLine::tr("Print JSON."));
    parser.addOption(jsonOption);
    if (const int code = parseOrExit(parser, arguments, QStringLiteral("servers")); code >= 0)
        return code;

    remote::ServerRegistry registry;
    for (const Error &warning : registry.warnings())
        printErr(CommandLine::tr("cumulus servers: warning: %1").arg(warning.toString()));
    const QList<remote::ServerConfig> servers = registry.servers();
    if (parser.isSet(jsonOption)) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const remote::ServerConfig &server : servers) {
            nlohmann::ordered_json entry;
            entry["name"] = server.name.toStdString();
            entry["host"] = server.hostName.toStdString();
            entry["user"] = server.effectiveUser().toStdString();
            entry["port"] = server.port;
            entry["proxy_jump"] = server.proxyJump.toStdString();
            entry["host_key_alias"] = server.hostKeyAlias.toStdString();
            entry["origin"] = server.origin.toStdString();
            list.push_back(std::move(entry));
        }
        writeJson(list);
        return 0;
    }
    if (servers.isEmpty()) {
        printOut(CommandLine::tr("No servers. Add Host entries to %1, or use [user@]host[:port] directly.\n")
                         .arg(remote::SshConfig::userConfigPath()));
        return 0;
    }
    QList<QStringList> rows;
    for (const remote::ServerConfig &server : servers)
        rows.append({server.name, address(server),
                     server.proxyJump.isEmpty() ? QStringLiteral("-") : server.proxyJump, server.origin});
    printOut(formatTable({CommandLine::tr("NAME"), CommandLine::tr("ADDRESS"), CommandLine::tr("JUMP HOST"),
                          CommandLine::tr("FROM")},
                         rows));
    return 0;
}

int runPsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(CommandLine::tr(
            "List the kernels Cumulus started on a server (they keep running when Cumulus quits or "
            "the connection drops). Without --server: on every server Cumulus has started kernels on."));
    parser.addHelpOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          CommandLine::tr("The server: an ssh config Host, a server added in "
                                                          "the app, or [user@]host[:port]."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption shutdownOption(QStringLiteral("shutdown"),
                                            CommandLine::tr("Shut down kernel ID on the server (e.g. an orphan)."),
                                            QStringLiteral("ID"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CommandLine::tr("Print JSON."));
    parser.addOptions({serverOption, shutdownOption, jsonOption});
    if (const int code = parseOrExit(parser, arguments, QStringLiteral("ps")); code >= 0)
        return code;

    QStringList names;
    if (parser.isSet(serverOption))
        names << parser.value(serverOption);
    else
        names = remote::RemoteHost::serversWithKernels();
    if (parser.isSet(shutdownOption) && names.size() != 1) {
        printErr(CommandLine::tr("cumulus ps: --shutdown needs --server NAME"));
        return 2;
    }
    if (names.isEmpty() && !parser.isSet(jsonOption)) {
        printOut(CommandLine::tr("Cumulus has started no kernels on servers yet (see --server NAME).\n"));
        return 0;
    }

    int exitCode = 0;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    QList<QStringList> rows;
    for (const QString &name : std::as_const(names)) {
        auto host = openServer(name);
        if (!host) {
            printErr(CommandLine::tr("cumulus ps: %1").arg(host.error().toString()));
            exitCode = 1;
            continue;
        }
        remote::RemoteHost *server = host->get();
        if (parser.isSet(shutdownOption)) {
            const QString id = parser.value(shutdownOption);
            auto stopped = awaitResult<bool>([&](auto done) { server->stopKernel(id, 3.0, server, done); });
            if (!stopped) {
                printErr(CommandLine::tr("cumulus ps: %1").arg(stopped.error().toString()));
                return 1;
            }
            printErr(CommandLine::tr("kernel %1 on %2 shut down").arg(id, name));
            return 0;
        }
        auto kernels = awaitResult<std::vector<remote::RemoteKernelRecord>>(
                [&](auto done) { server->runningKernels(server, done); });
        if (!kernels) {
            printErr(CommandLine::tr("cumulus ps: %1").arg(kernels.error().toString()));
            exitCode = 1;
            continue;
        }
        for (const remote::RemoteKernelRecord &kernel : *kernels) {
            const QString state = kernel.running ? CommandLine::tr("running") : CommandLine::tr("dead");
            rows.append({name, kernel.id, kernel.displayName, state, QString::number(kernel.pid),
                         QLocale().toString(kernel.started.toLocalTime(), QLocale::ShortFormat),
                         megabytes(kernel.rssBytes), kernel.notebook});
            nlohmann::ordered_json entry;
            entry["server"] = name.toStdString();
            entry["id"] = kernel.id.toStdString();
            entry["kernel_name"] = kernel.specName.toStdString();
            entry["display_name"] = kernel.displayName.toStdString();
            entry["running"] = kernel.running;
            entry["pid"] = kernel.pid;
            entry["started"] = kernel.started.toUTC().toString(Qt::ISODate).toStdString();
            entry["rss"] = kernel.rssBytes;
            entry["notebook"] = kernel.notebook.toStdString();
            entry["cwd"] = kernel.workingDirectory.toStdString();
            list.push_back(std::move(entry));
        }
    }
    if (parser.isSet(jsonOption))
        writeJson(list);
    else if (rows.isEmpty())
        printOut(CommandLine::tr("No kernels.\n"));
    else
        printOut(formatTable({CommandLine::tr("SERVER"), CommandLine::tr("ID"), CommandLine::tr("KERNEL"),
                              CommandLine::tr("STATE"), CommandLine::tr("PID"), CommandLine::tr("STARTED"),
                              CommandLine::tr("MEMORY"), CommandLine::tr("NOTEBOOK")},
                             rows));
    return exitCode;
}

int listRemoteKernelSpecs(const QString &serverName, bool json)
{
    auto host = openServer(serverName);
    if (!host) {
        printErr(CommandLine::tr("cumulus kernels: %1").arg(host.error().toString()));
        return 1;
    }
    remote::RemoteHost *server = host->get();
    auto specs = awaitResult<remote::RemoteKernelSpecs>([&](auto done) { server->kernelSpecs(server, done); });
    if (!specs) {
        printErr(CommandLine::tr("cumulus kernels: %1").arg(specs.error().toString()));
        return 1;
    }
    if (json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const jupyter::KernelSpec &spec : specs->specs) {
            const nlohmann::json dict = spec.toJson();
            nlohmann::ordered_json entry;
            entry["name"] = spec.name.toStdString();
            entry["display_name"] = dict.at("display_name");
            entry["language"] = dict.at("language");
            entry["path"] = spec.resourceDir.toStdString();
            entry["argv"] = dict.at("argv");
            entry["interrupt_mode"] = dict.at("interrupt_mode");
            list.push_back(std::move(entry));
        }
        writeJson(list);
        return 0;
    }
    if (specs->specs.empty()) {
        printOut(CommandLine::tr("%1 has no Jupyter kernels.%2\n")
                         .arg(server->server().name,
                              specs->hasIpykernel ? QString()
                                                  : QLatin1Char(' ') + CommandLine::tr("Install one there: %1")
                                                                               .arg(QStringLiteral("sudo apt-get install -y python3-ipykernel"))));
        return 0;
    }
    QList<QStringList> rows;
    for (const jupyter::KernelSpec &spec : specs->specs)
        rows.append({spec.name, spec.displayName, spec.language, spec.resourceDir});
    printOut(formatTable({CommandLine::tr("NAME"), CommandLine::tr("DISPLAY NAME"), CommandLine::tr("LANGUAGE"),
                          CommandLine::tr("PATH")},
                         rows));
    return 0;
}

} // namespace cumulus
