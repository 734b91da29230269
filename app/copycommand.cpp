// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus cp [-r] [--resume] [--verify] [-q] SRC... DST
//
// Copies files and folders to or from a server over SFTP (remote/sftptransfer.h) with scp's
// syntax: a remote operand is NAME:path, [user@]host:path, [user@][host:port]:path,
// [user@][ipv6]:path or scp://[user@]host[:port]/path; an operand with a '/' before its first
// ':' (or starting with ':') is a local path, as in scp. One side is local, the other on one
// server. A single SRC copied to an existing folder lands inside it (DST/basename), otherwise
// DST is the new name; with several SRC, DST must be an existing folder.

#include "commandoutput.h"
#include "commandtable.h"
#include "remotecli.h"
#include "sftptransfer.h"
#include "sshsession.h"
#include "subcommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSocketNotifier>
#include <QUrl>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <optional>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cumulus {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130; // 128 + SIGINT, as shells report it

int g_copySignalPipe[2] = {-1, -1};

void onCopySigint(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_copySignalPipe[1], &byte, 1);
}

QString prefixed(const QString &message)
{
    return QStringLiteral("cumulus cp: ") + message;
}

/// One SRC or DST as typed: a local path, or a path on a server.
struct Operand
{
    QString text;   ///< as typed, for messages
    QString server; ///< as openServer() takes it; empty for a local path
    QString path;   ///< on the server: relative to the login's home, "" and "~" are the home

    bool isRemote() const { return !server.isEmpty(); }
};

/// scp's rules (OpenSSH scp.c colon() and misc.c parse_uri()).
Operand parseOperand(const QString &text)
{
    Operand operand;
    operand.text = text;
    operand.path = text;
    const QLatin1String scheme("scp://");
    if (text.startsWith(scheme)) {
        // scp://[user@]host[:port][/path]: the path after the '/' is relative to the home
        // ("scp://h//abs" is absolute), url-decoded as OpenSSH does ('+' is a space).
        const QString rest = text.mid(scheme.size());
        const qsizetype slash = rest.indexOf(QLatin1Char('/'));
        operand.server = slash < 0 ? rest : rest.left(slash);
        QString path = slash < 0 ? QString() : rest.mid(slash + 1);
        path.replace(QLatin1Char('+'), QLatin1Char(' '));
        operand.path = QUrl::fromPercentEncoding(path.toUtf8());
        if (operand.server.isEmpty())
            operand.server = text; // openServer() then says what is wrong with it
        return operand;
    }
    if (text.startsWith(QLatin1Char(':')))
        return operand; // a leading colon is part of a local file name
    bool bracketed = text.startsWith(QLatin1Char('['));
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (c == QLatin1Char('@') && next == QLatin1Char('['))
            bracketed = true;
        if (c == QLatin1Char(']') && next == QLatin1Char(':') && bracketed) {
            // [user@][HOST]:path. HOST with one colon is "host:port" (the only way to give
            // a port in this form); with more it is an IPv6 address, kept in brackets.
            const qsizetype open = text.indexOf(QLatin1Char('['));
            const QString inside = text.mid(open + 1, i - open - 1);
            operand.server = inside.count(QLatin1Char(':')) == 1 ? text.left(open) + inside : text.left(i + 1);
            operand.path = text.mid(i + 2);
            return operand;
        }
        if (c == QLatin1Char(':') && !bracketed) {
            operand.server = text.left(i);
            operand.path = text.mid(i + 1);
            if (operand.server.isEmpty())
                operand.server = text;
            return operand;
        }
        if (c == QLatin1Char('/'))
            return operand;
    }
    return operand;
}

/// What a path is on the side it lives on.
struct PathInfo
{
    enum class Type { Missing, File, Folder };
    Type type = Type::Missing;
    QString name; ///< the name it gets inside a destination folder (its basename)
};

/// The last name of @p path ("a/b/" → "b"); empty for "", ".", "..", "/", "~".
QString baseName(const QString &path)
{
    QString cleaned = path;
    while (cleaned.size() > 1 && cleaned.endsWith(QLatin1Char('/')))
        cleaned.chop(1);
    const QString name = cleaned.mid(cleaned.lastIndexOf(QLatin1Char('/')) + 1);
    if (name == QLatin1String(".") || name == QLatin1String("..") || name == QLatin1String("~"))
        return QString();
    return name;
}

PathInfo localInfo(const QString &path)
{
    PathInfo info;
    const QFileInfo file(path); // follows symlinks, as scp does for the operands themselves
    if (!file.exists())
        return info;
    info.type = file.isDir() ? PathInfo::Type::Folder : PathInfo::Type::File;
    info.name = baseName(path);
    if (info.name.isEmpty())
        info.name = QFileInfo(QDir::cleanPath(file.absoluteFilePath())).fileName();
    return info;
}

/// @p path (engine syntax: relative to the home, "~", "~/…") for a shell that starts in the
/// login's home, as SFTP does (the home SFTP uses is the account's, not $HOME).
QString shellPath(const QString &path)
{
    if (path.isEmpty() || path == QLatin1String("~") || path == QLatin1String("~/"))
        return QStringLiteral(".");
    if (path.startsWith(QLatin1String("~/")))
        return QStringLiteral("./") + path.mid(2);
    if (path.startsWith(QLatin1Char('/')))
        return path;
    return QStringLiteral("./") + path; // never read as an option of test or cd
}

/// Asks the server what @p paths are, in one command (a remote stat): a folder's name comes
/// from the server when the path itself has none ("~", ".", "..").
Result<QList<PathInfo>> remoteInfo(remote::SshSession *session, const QStringList &paths)
{
    QString script = QStringLiteral("for p in");
    for (const QString &path : paths)
        script += QLatin1Char(' ') + remote::SshSession::shellQuote(shellPath(path));
    // NUL-separated answers: names may hold newlines.
    script += QStringLiteral("; do if [ -d \"$p\" ]; then printf 'd%s\\0' \"$(cd -- \"$p\" 2>/dev/null && pwd)\"; "
                             "elif [ -e \"$p\" ]; then printf 'f\\0'; else printf 'n\\0'; fi; done");
    auto output = awaitResult<remote::CommandOutput>([&](remote::RemoteHost::Callback<remote::CommandOutput> done) {
        session->runCommand(QStringLiteral("sh -c ") + remote::SshSession::shellQuote(script), QByteArray(),
                            session, std::move(done));
    });
    if (!output)
        return output.error();
    QList<QByteArray> answers = output->out.split('\0');
    if (!answers.isEmpty() && answers.last().isEmpty())
        answers.removeLast();
    if (output->exitStatus != 0 || answers.size() != paths.size())
        return Error(CommandLine::tr("cannot look at %1 on the server: %2")
                             .arg(paths.join(QStringLiteral(", ")),
                                  QString::fromUtf8(output->err.trimmed()).left(200)));
    QList<PathInfo> infos;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QByteArray &answer = answers.at(i);
        PathInfo info;
        info.name = baseName(paths.at(i));
        if (answer.startsWith('d')) {
            info.type = PathInfo::Type::Folder;
            if (info.name.isEmpty())
                info.name = baseName(QString::fromUtf8(answer.mid(1)));
        } else if (answer.startsWith('f')) {
            info.type = PathInfo::Type::File;
        }
        infos << info;
    }
    return infos;
}

/// @p folder/@p name, keeping "", "~" and a trailing '/' meaningful on either side.
QString joinPath(const QString &folder, const QString &name, bool remote)
{
    if (name.isEmpty())
        return folder;
    if (remote && folder.isEmpty())
        return name;
    if (folder.endsWith(QLatin1Char('/')))
        return folder + name;
    return folder + QLatin1Char('/') + name;
}

QString humanBytes(double bytes)
{
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    return (unit == 0 ? QString::number(qint64(bytes)) : QString::number(bytes, 'f', bytes < 10 ? 2 : 1))
            + QLatin1String(units[unit]);
}

QString clock(int seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
                .arg(seconds / 3600)
                .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2")
            .arg(seconds / 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

/// scp's progress line on a terminal: name, percent, bytes, rate, ETA (the time taken once
/// done), redrawn in place at most 10 times a second and fitted to the terminal's width.
class ProgressBar
{
public:
    void update(const remote::TransferProgress &progress, bool done = false)
    {
        if (!progress.currentFile.isEmpty())
            m_name = baseName(progress.currentFile); // even when this update is not drawn
        if (progress.bytesTotal < 0)
            return; // still listing the sources
        if (!done && m_drawn && m_sinceDrawn.elapsed() < 100)
            return;
        m_sinceDrawn.start();
        const qint64 total = progress.bytesTotal;
        const int percent = total > 0 ? int(progress.bytesDone * 100 / total) : (done ? 100 : 0);
        const QString when = done ? clock(int(m_started.elapsed() / 1000))
                                  : CommandLine::tr("%1 ETA").arg(clock(progress.etaSeconds));
        const QString right = QStringLiteral(" %1% %2 %3/s %4")
                                      .arg(percent, 3)
                                      .arg(humanBytes(double(progress.bytesDone)), 8)
                                      .arg(humanBytes(progress.bytesPerSecond), 8)
                                      .arg(when, 9);
        QString name = m_name;
        const qsizetype columns = terminalColumns();
        const qsizetype room = std::max<qsizetype>(8, columns - 1 - terminalWidth(right));
        if (terminalWidth(name) > room) {
            while (!name.isEmpty() && terminalWidth(name) > room - 1)
                name.chop(1);
            name += QChar(0x2026);
        }
        const QString line = name + QString(std::max<qsizetype>(0, room - terminalWidth(name)), QLatin1Char(' '))
                + right;
        const QByteArray bytes = '\r' + line.toLocal8Bit() + (done ? "\n" : "");
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        std::fflush(stderr);
        m_drawn = !done;
    }
    /// Ends a line left open (before an error message).
    void interrupt()
    {
        if (m_drawn)
            std::fputc('\n', stderr);
        m_drawn = false;
    }
    /// A new source, called @p name until the transfer names the file it copies.
    void reset(const QString &name)
    {
        m_drawn = false;
        m_started.start();
        m_name = name;
    }

private:
    static qsizetype terminalColumns()
    {
        winsize size {};
        if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
            return size.ws_col;
        return 80;
    }

    bool m_drawn = false;
    QElapsedTimer m_sinceDrawn;
    QElapsedTimer m_started;
    QString m_name;
};

} // namespace

int runCopyCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(CommandLine::tr(
            "Copy files and folders to or from a server over SFTP, like scp. A remote operand is "
            "NAME:PATH (NAME: an ssh config Host, a server added in the app, or [user@]host), "
            "[user@][host:port]:PATH or scp://[user@]host[:port]/PATH; PATH is relative to the home "
            "folder unless it starts with '/'. A path with a '/' before its first ':' is local. "
            "One side must be local and the other on a server.\n"
            "Each file is written as NAME.cumulus-part and renamed when complete; after a failure "
            "or Ctrl+C, run the same command with --resume to go on where it stopped."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("SRC"), CommandLine::tr("Files or folders to copy."),
                                 QStringLiteral("SRC..."));
    parser.addPositionalArgument(QStringLiteral("DST"),
                                 CommandLine::tr("The new name, or an existing folder to copy into "
                                                 "(which several SRC need)."));
    const QCommandLineOption recursiveOption({QStringLiteral("r"), QStringLiteral("recursive")},
                                             CommandLine::tr("Copy folders with everything in them."));
    const QCommandLineOption resumeOption(QStringLiteral("resume"),
                                          CommandLine::tr("Complete the NAME.cumulus-part files an interrupted "
                                                          "copy left instead of starting again."));
    const QCommandLineOption verifyOption(QStringLiteral("verify"),
                                          CommandLine::tr("Compare each file's sha256 with the server's "
                                                          "`sha256sum` of it."));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         CommandLine::tr("No progress bar (there is none when stderr is not "
                                                         "a terminal)."));
    parser.addOptions({recursiveOption, resumeOption, verifyOption, quietOption});
    if (!parser.parse(arguments)) {
        printErr(prefixed(parser.errorText()));
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        const QString usage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
        if (help.startsWith(usage))
            help.replace(0, usage.size(), QStringLiteral("Usage: cumulus cp"));
        printOut(help);
        return 0;
    }

    // The remote library's progress notes ("connected to …") are for the app's log: a
    // successful copy prints nothing but its progress bar. QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(QStringLiteral("cumulus.*.info=false"));

    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2) {
        printErr(prefixed(CommandLine::tr("give at least one SRC and a DST (see cumulus cp --help)")));
        return kExitUsage;
    }
    QList<Operand> sources;
    for (qsizetype i = 0; i + 1 < positional.size(); ++i)
        sources << parseOperand(positional.at(i));
    const Operand destination = parseOperand(positional.last());
    bool anySourceRemote = false;
    bool anySourceLocal = false;
    for (const Operand &source : std::as_const(sources))
        (source.isRemote() ? anySourceRemote : anySourceLocal) = true;
    if (anySourceRemote && destination.isRemote()) {
        printErr(prefixed(CommandLine::tr("copying from a server to a server is not supported: one side must be "
                                          "local")));
        return kExitUsage;
    }
    if (!anySourceRemote && !destination.isRemote()) {
        printErr(prefixed(CommandLine::tr("no operand is on a server (NAME:PATH): one side must be remote; use cp "
                                          "for local copies")));
        return kExitUsage;
    }
    if (anySourceRemote && anySourceLocal) {
        printErr(prefixed(CommandLine::tr("the sources must all be local or all on the server")));
        return kExitUsage;
    }
    const bool upload = destination.isRemote();
    bool interrupted = false;
    remote::SftpTransfer *running = nullptr;
    const QString serverName = upload ? destination.server : sources.first().server;
    for (const Operand &source : std::as_const(sources)) {
        if (!upload && source.server != serverName) {
            printErr(prefixed(CommandLine::tr("the sources must all be on one server (%1 and %2)")
                                      .arg(serverName, source.server)));
            return kExitUsage;
        }
    }

    auto host = openServer(serverName);
    if (!host) {
        printErr(prefixed(host.error().toString()));
        return kExitFailed;
    }
    remote::SshSession *session = (*host)->session();
    {
        // Connect first, so that a refused login is reported as such, not as a failed copy.
        std::optional<Error> failure;
        QEventLoop loop;
        QObject::connect(session, &remote::SshSession::stateChanged, &loop, [&](remote::SshSession::State state) {
            if (state == remote::SshSession::State::Connected)
                loop.quit();
        });
        QObject::connect(session, &remote::SshSession::failed, &loop, [&](const Error &error) {
            failure = error;
            loop.quit();
        });
        session->open();
        if (session->state() != remote::SshSession::State::Connected)
            loop.exec();
        if (failure) {
            printErr(prefixed(failure->toString()));
            return kExitFailed;
        }
    }

    // Ctrl+C: a self-pipe turns the signal into an event-loop event. The first one cancels
    // the transfer (its .cumulus-part stays for --resume); a second one kills at once.
    // Installed once connected: until then Ctrl+C simply ends the process (nothing is
    // written yet), which also interrupts a password prompt waiting on the terminal.
    std::unique_ptr<QSocketNotifier> notifier;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_copySignalPipe) == 0) {
        notifier = std::make_unique<QSocketNotifier>(g_copySignalPipe[0], QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, notifier.get(), [&] {
            char byte;
            [[maybe_unused]] const auto got = ::read(g_copySignalPipe[0], &byte, 1);
            std::signal(SIGINT, SIG_DFL);
            interrupted = true;
            printErr(QLatin1Char('\n') + prefixed(CommandLine::tr("cancelling…")));
            if (running)
                running->cancel();
        });
        std::signal(SIGINT, onCopySigint);
    }
    const auto restoreSignal = qScopeGuard([&] {
        std::signal(SIGINT, SIG_DFL);
        notifier.reset();
        for (int &fd : g_copySignalPipe) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    });

    // What the sources and the destination are (one remote stat for the server's side).
    QStringList remotePaths;
    if (upload)
        remotePaths << destination.path;
    else
        for (const Operand &source : std::as_const(sources))
            remotePaths << source.path;
    auto remoteInfos = remoteInfo(session, remotePaths);
    if (interrupted)
        return kExitInterrupted;
    if (!remoteInfos) {
        printErr(prefixed(remoteInfos.error().toString()));
        return kExitFailed;
    }
    QList<PathInfo> sourceInfos;
    PathInfo destinationInfo;
    if (upload) {
        for (const Operand &source : std::as_const(sources))
            sourceInfos << localInfo(source.path);
        destinationInfo = remoteInfos->first();
    } else {
        sourceInfos = *remoteInfos;
        destinationInfo = localInfo(destination.path);
    }
    const bool intoFolder = destinationInfo.type == PathInfo::Type::Folder;
    if (!intoFolder && (sources.size() > 1 || destination.path.endsWith(QLatin1Char('/')))) {
        printErr(prefixed(destinationInfo.type == PathInfo::Type::Missing
                                  ? CommandLine::tr("%1: no such folder").arg(destination.text)
                                  : CommandLine::tr("%1 is not a folder").arg(destination.text)));
        return kExitFailed;
    }

    remote::TransferOptions options;
    options.resume = parser.isSet(resumeOption);
    options.verify = parser.isSet(verifyOption);
    const bool showProgress = !parser.isSet(quietOption) && ::isatty(STDERR_FILENO);
    ProgressBar bar;
    remote::SftpTransfer transfer(session);
    QObject::connect(&transfer, &remote::SftpTransfer::progress, &transfer,
                     [&](const remote::TransferProgress &progress) {
                         if (showProgress)
                             bar.update(progress);
                     });

    int exitCode = 0;
    for (qsizetype i = 0; i < sources.size() && !interrupted; ++i) {
        const Operand &source = sources.at(i);
        const PathInfo &info = sourceInfos.at(i);
        // Errors about one source do not stop the others, as in scp; the exit code says so.
        if (info.type == PathInfo::Type::Missing) {
            printErr(prefixed(CommandLine::tr("%1: no such file or folder").arg(source.text)));
            exitCode = kExitFailed;
            continue;
        }
        if (info.type == PathInfo::Type::Folder && !parser.isSet(recursiveOption)) {
            printErr(prefixed(CommandLine::tr("%1 is a folder (use -r)").arg(source.text)));
            exitCode = kExitFailed;
            continue;
        }
        const QString target = intoFolder ? joinPath(destination.path, info.name, upload) : destination.path;

        std::optional<Result<void>> result;
        QEventLoop loop;
        QObject::connect(&transfer, &remote::SftpTransfer::finished, &loop, [&](const Result<void> &r) {
            result = r;
            loop.quit();
        });
        remote::TransferProgress last;
        QObject::connect(&transfer, &remote::SftpTransfer::progress, &loop,
                         [&](const remote::TransferProgress &progress) { last = progress; });
        bar.reset(info.name);
        if (!transfer.start(upload ? remote::SftpTransfer::Direction::Upload
                                   : remote::SftpTransfer::Direction::Download,
                            source.path, target, options)) {
            printErr(prefixed(CommandLine::tr("%1: the connection to %2 is gone").arg(source.text, serverName)));
            return kExitFailed;
        }
        running = &transfer;
        if (!result)
            loop.exec();
        running = nullptr;
        if (showProgress) {
            if (*result)
                bar.update(last, true);
            else
                bar.interrupt();
        }
        for (const QString &skipped : transfer.skipped())
            printErr(prefixed(CommandLine::tr("skipped %1 (a symbolic link out of the folder or to a folder, or "
                                              "not a regular file)")
                                      .arg(skipped)));
        if (!*result) {
            if (interrupted)
                break;
            printErr(prefixed(result->error().toString()));
            exitCode = kExitFailed;
        }
    }
    if (interrupted) {
        printErr(prefixed(CommandLine::tr("cancelled; the unfinished file stays as NAME.cumulus-part: run the same "
                                          "command with --resume to go on")));
        return kExitInterrupted;
    }
    return exitCode;
}

} // namespace cumulus
