// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "remotecli.h"

#include "commandoutput.h"
#include "serverregistry.h"
#include "sshsession.h"

#include <QFile>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace cumulus {

namespace {

/// One line from the terminal, echo off when @p echo is false; nothing when there is none.
std::optional<QString> readTerminalLine(bool echo)
{
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    const int fd = ::fileno(tty);
    termios saved {};
    const bool canHide = !echo && ::tcgetattr(fd, &saved) == 0;
    if (canHide) {
        termios quiet = saved;
        quiet.c_lflag &= tcflag_t(~ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    int c;
    while ((c = std::fgetc(tty)) != EOF && c != '\n')
        line.append(char(c));
    if (canHide) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    std::fclose(tty);
    if (c == EOF && line.isEmpty())
        return std::nullopt;
    QString text = QString::fromLocal8Bit(line);
    line.fill('\0');
    return text;
}

} // namespace

void answerPromptsOnTerminal(remote::SshSession *session)
{
    QObject::connect(session, &remote::SshSession::promptRequested, session,
                     [session](const remote::SshPrompt &prompt) {
                         if (!::isatty(STDIN_FILENO) || !::isatty(STDERR_FILENO)) {
                             session->answerPrompt(prompt.id, std::nullopt);
                             return;
                         }
                         const bool hostKey = prompt.kind == remote::SshPrompt::Kind::UnknownHostKey;
                         QString text = prompt.text;
                         if (hostKey)
                             text += QLatin1Char(' ') + CommandLine::tr("(yes/no)");
                         const QByteArray bytes = (text + QLatin1Char(' ')).toLocal8Bit();
                         std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
                         std::fflush(stderr);
                         std::optional<QString> answer = readTerminalLine(hostKey || prompt.echo);
                         if (hostKey && answer) {
                             const QString word = answer->trimmed().toLower();
                             answer = word == QLatin1String("yes") || word == CommandLine::tr("yes")
                                              ? std::optional<QString>(QStringLiteral("yes"))
                                              : std::nullopt;
                         }
                         session->answerPrompt(prompt.id, answer);
                     });
}

Result<std::unique_ptr<remote::RemoteHost>> openServer(const QString &name)
{
    remote::ServerRegistry registry;
    for (const Error &warning : registry.warnings())
        printErr(CommandLine::tr("warning: %1").arg(warning.toString()));
    auto server = registry.resolve(name);
    if (!server)
        return server.error();
    auto host = std::make_unique<remote::RemoteHost>(*server);
    answerPromptsOnTerminal(host->session());
    if (!server->proxyJump.isEmpty() || !server->proxyCommand.isEmpty())
        printErr(CommandLine::tr("connecting to %1 %2").arg(server->name, host->session()->route()));
    return host;
}

} // namespace cumulus
