// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// An OpenSSH client-config reader that follows readconf.c (OpenSSH 9.2) rather than the
// manual where the two differ: files are tokenised like argv_split(), `Host` patterns match
// the host exactly as typed (case-sensitive), `Match host` matches the HostName so far
// (case-insensitive), an Include inside an inactive block can never activate, and the first
// obtained value of each option wins. tst_sshconfig compares the result with `ssh -G`.

#include "sshconfig.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSysInfo>

#include <limits>
#include <optional>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace cumulus::remote {

/// The translation context of the config reader's messages.
class SshConfigText
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::remote::SshConfig)
};

/// One meaningful line of a config file, validated when read.
struct SshConfig::Directive
{
    enum class Kind { Host, Match, Option, Include };
    struct Criterion
    {
        QString name; // lowercased: all, host, originalhost, user, localuser
        bool negate = false;
        QString patterns;
    };

    Kind kind = Kind::Option;
    QString file;
    int line = 0;
    QString keyword;        // lowercased
    QStringList args;       // tokenised arguments
    QString raw;            // the text after the keyword (ProxyCommand keeps it verbatim)
    bool usable = true;     // false: a bad line, or a Match block that is never evaluated
    std::vector<Criterion> criteria;                 // Match
    std::vector<std::vector<Directive>> includes;    // Include: one list per file read
};

struct SshConfig::Data
{
    QString path;
    std::vector<Directive> directives;
    QStringList aliases;
    QHash<QString, QString> aliasOrigins;
    QList<Error> warnings;
};

namespace {

constexpr int kMaxIncludeDepth = 16; // READCONF_MAX_DEPTH

/// "~/.ssh/config" rather than "/home/me/.ssh/config": shorter in the UI.
QString displayPath(const QString &path)
{
    const QString home = QDir::homePath();
    if (!home.isEmpty() && home != QLatin1String("/")
        && path.startsWith(home + QLatin1Char('/')))
        return QLatin1Char('~') + path.mid(home.size());
    return path;
}

QString expandTilde(const QString &path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

/// argv_split(): whitespace-separated words, '…' and "…" quotes, backslash escapes of quotes,
/// backslashes and (outside quotes) spaces; a word starting with '#' ends the line.
std::optional<QStringList> splitArgs(QStringView text)
{
    QStringList out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (true) {
        while (i < n && (text[i] == QLatin1Char(' ') || text[i] == QLatin1Char('\t')))
            ++i;
        if (i >= n || text[i] == QLatin1Char('#'))
            break;
        QString arg;
        QChar quote;
        for (; i < n; ++i) {
            const QChar c = text[i];
            if (c == QLatin1Char('\\') && i + 1 < n) {
                const QChar next = text[i + 1];
                if (next == QLatin1Char('\'') || next == QLatin1Char('"')
                    || next == QLatin1Char('\\')
                    || (quote.isNull()
                        && (next == QLatin1Char(' ') || next == QLatin1Char('\t')))) {
                    arg += next;
                    ++i;
                } else {
                    arg += c;
                }
            } else if (quote.isNull() && (c == QLatin1Char(' ') || c == QLatin1Char('\t'))) {
                break;
            } else if (quote.isNull() && (c == QLatin1Char('"') || c == QLatin1Char('\''))) {
                quote = c;
            } else if (!quote.isNull() && c == quote) {
                quote = QChar();
            } else {
                arg += c;
            }
        }
        if (!quote.isNull())
            return std::nullopt;
        out << arg;
    }
    return out;
}

/// fnmatch-like `*` and `?` (OpenSSH match_pattern); no character classes.
bool wildcardMatch(QStringView s, QStringView p, Qt::CaseSensitivity cs)
{
    qsizetype si = 0, pi = 0, starP = -1, starS = 0;
    while (si < s.size()) {
        if (pi < p.size() && p[pi] == QLatin1Char('*')) {
            starP = pi++;
            starS = si;
        } else if (pi < p.size()
                   && (p[pi] == QLatin1Char('?')
                       || QStringView(p.mid(pi, 1)).compare(s.mid(si, 1), cs) == 0)) {
            ++si;
            ++pi;
        } else if (starP >= 0) {
            pi = starP + 1;
            si = ++starS;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == QLatin1Char('*'))
        ++pi;
    return pi == p.size();
}

/// match_pattern_list(): comma-separated subpatterns, a matching "!pattern" vetoes.
bool matchPatternList(const QString &s, const QString &list, Qt::CaseSensitivity cs)
{
    bool positive = false;
    for (const QString &item : list.split(QLatin1Char(','))) {
        const bool negate = item.startsWith(QLatin1Char('!'));
        const QStringView pattern = negate ? QStringView(item).mid(1) : QStringView(item);
        if (wildcardMatch(s, pattern, cs)) {
            if (negate)
                return false;
            positive = true;
        }
    }
    return positive;
}

/// convtime(): "90", "1m30s", "2h"; -1 when malformed.
int parseTime(const QString &text)
{
    if (text.isEmpty())
        return -1;
    qint64 total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && text[i].isDigit())
            ++i;
        if (i == start)
            return -1;
        bool ok = false;
        qint64 value = text.mid(start, i - start).toLongLong(&ok);
        if (!ok)
            return -1;
        if (i < text.size()) {
            switch (text[i].toLower().toLatin1()) {
            case 's': break;
            case 'm': value *= 60; break;
            case 'h': value *= 3600; break;
            case 'd': value *= 86400; break;
            case 'w': value *= 604800; break;
            default: return -1;
            }
            ++i;
        }
        total += value;
        if (total > std::numeric_limits<int>::max())
            return -1;
    }
    return int(total);
}

std::optional<bool> parseFlag(const QString &text)
{
    const QString v = text.toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true"))
        return true;
    if (v == QLatin1String("no") || v == QLatin1String("false"))
        return false;
    return std::nullopt;
}

std::optional<ServerConfig::StrictHostKeyChecking> parseStrict(const QString &text)
{
    using S = ServerConfig::StrictHostKeyChecking;
    const QString v = text.toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true"))
        return S::Yes;
    if (v == QLatin1String("no") || v == QLatin1String("false") || v == QLatin1String("off"))
        return S::No;
    if (v == QLatin1String("ask"))
        return S::Ask;
    if (v == QLatin1String("accept-new"))
        return S::AcceptNew;
    return std::nullopt;
}

int parsePort(const QString &text)
{
    bool ok = false;
    const int port = text.toInt(&ok);
    return ok && port > 0 && port <= 65535 ? port : 0;
}

/// One hop of a ProxyJump list: [ssh://][user@]host[:port].
bool validJumpHop(const QString &hop)
{
    QString rest = hop;
    if (rest.startsWith(QLatin1String("ssh://")))
        rest = rest.mid(6);
    if (const qsizetype at = rest.lastIndexOf(QLatin1Char('@')); at >= 0) {
        if (at == 0)
            return false;
        rest = rest.mid(at + 1);
    }
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 2)
            return false;
        const QString tail = rest.mid(close + 1);
        return tail.isEmpty() || (tail.startsWith(QLatin1Char(':')) && parsePort(tail.mid(1)) > 0);
    }
    if (rest.count(QLatin1Char(':')) == 1) {
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        return colon > 0 && parsePort(rest.mid(colon + 1)) > 0;
    }
    return !rest.isEmpty() && !rest.contains(QLatin1Char('/'));
}

class Reader
{
public:
    explicit Reader(SshConfig::Data &data) : m_data(data) {}

    std::vector<SshConfig::Directive> parseText(const QString &text, const QString &file, int depth)
    {
        std::vector<SshConfig::Directive> out;
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (auto directive = parseLine(lines[i], file, i + 1, depth))
                out.push_back(std::move(*directive));
        }
        return out;
    }

private:
    void warn(const QString &file, int line, const QString &message)
    {
        m_data.warnings << Error(message, displayPath(file), QString(), line);
    }

    std::optional<SshConfig::Directive> parseLine(QString line, const QString &file, int lineNo,
                                                  int depth)
    {
        using Kind = SshConfig::Directive::Kind;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        QStringView rest = QStringView(line).trimmed();
        if (rest.isEmpty() || rest.startsWith(QLatin1Char('#')))
            return std::nullopt;

        // strdelim(): the keyword ends at whitespace or '=', and one '=' may follow.
        qsizetype k = 0;
        while (k < rest.size() && !rest[k].isSpace() && rest[k] != QLatin1Char('='))
            ++k;
        SshConfig::Directive d;
        d.file = file;
        d.line = lineNo;
        d.keyword = rest.left(k).toString().toLower();
        rest = rest.mid(k).trimmed();
        if (rest.startsWith(QLatin1Char('=')))
            rest = rest.mid(1).trimmed();
        d.raw = rest.toString();
        if (d.keyword.isEmpty()) {
            warn(file, lineNo, SshConfigText::tr("a line without a keyword"));
            return std::nullopt;
        }
        if (rest.isEmpty()) {
            warn(file, lineNo, SshConfigText::tr("no value after \"%1\"").arg(d.keyword));
            return std::nullopt;
        }
        auto args = splitArgs(rest);
        if (!args) {
            warn(file, lineNo, SshConfigText::tr("unterminated quote"));
            return std::nullopt;
        }
        d.args = *args;
        if (d.args.isEmpty()) { // only a comment after the keyword
            warn(file, lineNo, SshConfigText::tr("no value after \"%1\"").arg(d.keyword));
            return std::nullopt;
        }

        if (d.keyword == QLatin1String("host")) {
            d.kind = Kind::Host;
            for (const QString &pattern : std::as_const(d.args)) {
                if (pattern.startsWith(QLatin1Char('!')) || pattern.contains(QLatin1Char('*'))
                    || pattern.contains(QLatin1Char('?')) || pattern.isEmpty())
                    continue;
                if (!m_data.aliasOrigins.contains(pattern)) {
                    m_data.aliases << pattern;
                    m_data.aliasOrigins.insert(pattern, displayPath(file) + QLatin1Char(':')
                                                            + QString::number(lineNo));
                }
            }
        } else if (d.keyword == QLatin1String("match")) {
            d.kind = Kind::Match;
            parseMatch(d);
        } else if (d.keyword == QLatin1String("include")) {
            d.kind = Kind::Include;
            readIncludes(d, depth);
        } else {
            d.kind = Kind::Option;
            d.usable = validateOption(d);
        }
        return d;
    }

    void parseMatch(SshConfig::Directive &d)
    {
        const QStringList &a = d.args;
        for (qsizetype i = 0; i < a.size(); ++i) {
            SshConfig::Directive::Criterion c;
            QString name = a[i].toLower();
            if (name.startsWith(QLatin1Char('!'))) {
                c.negate = true;
                name = name.mid(1);
            }
            c.name = name;
            if (name == QLatin1String("all")) {
                if (a.size() != 1 || c.negate) {
                    warn(d.file, d.line,
                         SshConfigText::tr("\"Match all\" must stand alone; the block is skipped"));
                    d.usable = false;
                    return;
                }
                d.criteria.push_back(c);
                continue;
            }
            const bool supported = name == QLatin1String("host")
                || name == QLatin1String("originalhost") || name == QLatin1String("user")
                || name == QLatin1String("localuser");
            const bool known = supported || name == QLatin1String("exec")
                || name == QLatin1String("canonical") || name == QLatin1String("final")
                || name == QLatin1String("localnetwork") || name == QLatin1String("tagged");
            if (!known) {
                warn(d.file, d.line,
                     SshConfigText::tr("unknown Match criterion \"%1\"; the block is skipped")
                         .arg(a[i]));
                d.usable = false;
                return;
            }
            if (!supported) {
                warn(d.file, d.line,
                     SshConfigText::tr(
                         "\"Match %1\" is not supported by Cumulus; the block is skipped")
                         .arg(name));
                d.usable = false;
                return;
            }
            if (i + 1 >= a.size()) {
                warn(d.file, d.line,
                     SshConfigText::tr("\"Match %1\" needs a pattern; the block is skipped")
                         .arg(name));
                d.usable = false;
                return;
            }
            c.patterns = a[++i];
            d.criteria.push_back(c);
        }
    }

    void readIncludes(SshConfig::Directive &d, int depth)
    {
        if (depth >= kMaxIncludeDepth) {
            warn(d.file, d.line,
                 SshConfigText::tr("Include nested more than %1 deep; ignored")
                     .arg(kMaxIncludeDepth));
            d.usable = false;
            return;
        }
        for (const QString &arg : std::as_const(d.args)) {
            // Relative to ~/.ssh for the user's configuration (and for -F files), as ssh does.
            QString pattern = expandTilde(arg);
            if (QDir::isRelativePath(pattern))
                pattern = QDir::homePath() + QStringLiteral("/.ssh/") + pattern;
            const QFileInfo info(pattern);
            QStringList files;
            if (arg.contains(QLatin1Char('*')) || arg.contains(QLatin1Char('?'))
                || arg.contains(QLatin1Char('['))) {
                // glob(3): only the last component may hold a pattern in practice; match it
                // in its directory, sorted like glob does.
                const QDir dir = info.dir();
                const QStringList names = dir.entryList({info.fileName()},
                                                        QDir::Files | QDir::Hidden | QDir::System,
                                                        QDir::Name);
                for (const QString &name : names)
                    files << dir.filePath(name);
            } else {
                files << pattern;
            }
            for (const QString &file : std::as_const(files)) {
                QFile f(file);
                if (!f.exists())
                    continue; // ssh ignores a missing included file
                if (!f.open(QIODevice::ReadOnly)) {
                    warn(d.file, d.line, SshConfigText::tr("cannot read included file %1: %2")
                                             .arg(displayPath(file), f.errorString()));
                    continue;
                }
                d.includes.push_back(parseText(QString::fromUtf8(f.readAll()), file, depth + 1));
            }
        }
    }

    bool validateOption(const SshConfig::Directive &d)
    {
        const QString &kw = d.keyword;
        const QString &v = d.args.first();
        auto bad = [&](const QString &message) {
            warn(d.file, d.line, message);
            return false;
        };
        if (kw == QLatin1String("port")) {
            if (parsePort(v) == 0)
                return bad(SshConfigText::tr("bad port number \"%1\"").arg(v));
        } else if (kw == QLatin1String("identitiesonly")) {
            if (!parseFlag(v))
                return bad(
                    SshConfigText::tr("IdentitiesOnly must be yes or no, not \"%1\"").arg(v));
        } else if (kw == QLatin1String("serveraliveinterval")) {
            if (parseTime(v) < 0)
                return bad(SshConfigText::tr("bad time \"%1\" for ServerAliveInterval").arg(v));
        } else if (kw == QLatin1String("connecttimeout")) {
            if (v.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0 && parseTime(v) < 0)
                return bad(SshConfigText::tr("bad time \"%1\" for ConnectTimeout").arg(v));
        } else if (kw == QLatin1String("stricthostkeychecking")) {
            if (!parseStrict(v))
                return bad(SshConfigText::tr("bad StrictHostKeyChecking value \"%1\"").arg(v));
        } else if (kw == QLatin1String("proxyjump")) {
            if (v.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0) {
                for (const QString &hop : d.raw.split(QLatin1Char(','))) {
                    if (!validJumpHop(hop.trimmed()))
                        return bad(SshConfigText::tr("invalid ProxyJump \"%1\"").arg(d.raw));
                }
            }
        }
        return true;
    }

    SshConfig::Data &m_data;
};

/// The options as read, before tokens are expanded (ssh expands after all files are read).
struct Collected
{
    std::optional<QString> hostName, user, hostKeyAlias, proxyJump, proxyCommand;
    std::optional<int> port, serverAlive, connectTimeout;
    std::optional<bool> identitiesOnly;
    std::optional<QStringList> knownHosts;
    std::optional<ServerConfig::StrictHostKeyChecking> strict;
    QStringList identityFiles;

    void addIdentity(const QString &file)
    {
        if (!identityFiles.contains(file))
            identityFiles << file;
    }
};

struct Evaluator
{
    QString originalHost;
    QString localUser;
    Collected c;

    template <typename T>
    static void setFirst(std::optional<T> &slot, T value)
    {
        if (!slot)
            slot = std::move(value);
    }

    bool hostMatches(const SshConfig::Directive &d) const
    {
        bool positive = false;
        for (const QString &arg : d.args) {
            const bool negate = arg.startsWith(QLatin1Char('!'));
            const QStringView pattern = negate ? QStringView(arg).mid(1) : QStringView(arg);
            if (wildcardMatch(originalHost, pattern, Qt::CaseSensitive)) {
                if (negate)
                    return false;
                positive = true;
            }
        }
        return positive;
    }

    bool matchMatches(const SshConfig::Directive &d) const
    {
        if (!d.usable)
            return false;
        const QString host = c.hostName ? expandHostName(*c.hostName) : originalHost;
        for (const auto &criterion : d.criteria) {
            bool result = true;
            if (criterion.name == QLatin1String("all"))
                result = true;
            else if (criterion.name == QLatin1String("host"))
                result = matchPatternList(host, criterion.patterns, Qt::CaseInsensitive);
            else if (criterion.name == QLatin1String("originalhost"))
                result = matchPatternList(originalHost, criterion.patterns, Qt::CaseInsensitive);
            else if (criterion.name == QLatin1String("user"))
                result = matchPatternList(c.user.value_or(localUser), criterion.patterns,
                                          Qt::CaseSensitive);
            else if (criterion.name == QLatin1String("localuser"))
                result = matchPatternList(localUser, criterion.patterns, Qt::CaseSensitive);
            if (criterion.negate)
                result = !result;
            if (!result)
                return false;
        }
        return true;
    }

    QString expandHostName(const QString &value) const
    {
        QString out;
        for (qsizetype i = 0; i < value.size(); ++i) {
            if (value[i] == QLatin1Char('%') && i + 1 < value.size()) {
                const QChar t = value[i + 1];
                if (t == QLatin1Char('h')) {
                    out += originalHost;
                    ++i;
                    continue;
                }
                if (t == QLatin1Char('%')) {
                    out += QLatin1Char('%');
                    ++i;
                    continue;
                }
            }
            out += value[i];
        }
        return out;
    }

    void apply(const SshConfig::Directive &d)
    {
        const QString &kw = d.keyword;
        const QString &v = d.args.first();
        if (kw == QLatin1String("hostname")) {
            setFirst(c.hostName, v);
        } else if (kw == QLatin1String("user")) {
            setFirst(c.user, v);
        } else if (kw == QLatin1String("port")) {
            setFirst(c.port, parsePort(v));
        } else if (kw == QLatin1String("identityfile")) {
            c.addIdentity(v);
        } else if (kw == QLatin1String("identitiesonly")) {
            setFirst(c.identitiesOnly, *parseFlag(v));
        } else if (kw == QLatin1String("userknownhostsfile")) {
            setFirst(c.knownHosts, d.args);
        } else if (kw == QLatin1String("hostkeyalias")) {
            setFirst(c.hostKeyAlias, v);
        } else if (kw == QLatin1String("proxyjump")) {
            // A ProxyJump ("none" included) or any ProxyCommand already seen wins; a real jump
            // also blocks later ProxyCommands (ssh sets proxy_command to "none").
            if (!c.proxyJump && !c.proxyCommand) {
                c.proxyJump = d.raw;
                if (v.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0)
                    c.proxyCommand = QStringLiteral("none");
            }
        } else if (kw == QLatin1String("proxycommand")) {
            setFirst(c.proxyCommand, d.raw);
        } else if (kw == QLatin1String("serveraliveinterval")) {
            setFirst(c.serverAlive, parseTime(v));
        } else if (kw == QLatin1String("connecttimeout")) {
            setFirst(c.connectTimeout,
                     v.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0 ? 0 : parseTime(v));
        } else if (kw == QLatin1String("stricthostkeychecking")) {
            setFirst(c.strict, *parseStrict(v));
        }
    }

    void walk(const std::vector<SshConfig::Directive> &directives, bool &active, bool neverMatch)
    {
        using Kind = SshConfig::Directive::Kind;
        for (const auto &d : directives) {
            switch (d.kind) {
            case Kind::Host:
                active = !neverMatch && hostMatches(d);
                break;
            case Kind::Match:
                active = !neverMatch && matchMatches(d);
                break;
            case Kind::Include: {
                // A Match inside an included file must not change the including file's state.
                const bool outer = active;
                for (const auto &file : d.includes) {
                    walk(file, active, neverMatch || !outer);
                    active = outer;
                }
                break;
            }
            case Kind::Option:
                if (active && d.usable)
                    apply(d);
                break;
            }
        }
    }
};

QString localHostName(bool full)
{
    QString name = QSysInfo::machineHostName();
    if (!full)
        name = name.section(QLatin1Char('.'), 0, 0);
    return name;
}

/// Expands ~ and the %-tokens ssh allows in IdentityFile and UserKnownHostsFile.
QString expandPath(const QString &value, const QHash<QChar, QString> &tokens)
{
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == QLatin1Char('%') && i + 1 < value.size()) {
            const QChar t = value[i + 1];
            if (t == QLatin1Char('%')) {
                out += QLatin1Char('%');
                ++i;
                continue;
            }
            if (auto it = tokens.constFind(t); it != tokens.constEnd()) {
                out += *it;
                ++i;
                continue;
            }
        }
        out += value[i];
    }
    return expandTilde(out);
}

} // namespace

QString localUserName()
{
#ifdef Q_OS_UNIX
    if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    return name;
}

QString ServerConfig::effectiveUser() const { return user.isEmpty() ? localUserName() : user; }

QString ServerConfig::knownHostsName() const
{
    if (!hostKeyAlias.isEmpty())
        return hostKeyAlias;
    if (port == 22)
        return hostName;
    return QLatin1Char('[') + hostName + QStringLiteral("]:") + QString::number(port);
}

SshConfig::SshConfig() : d(std::make_unique<Data>()) {}
SshConfig::~SshConfig() = default;
SshConfig::SshConfig(const SshConfig &other) : d(std::make_unique<Data>(*other.d)) {}
SshConfig &SshConfig::operator=(const SshConfig &other)
{
    if (this != &other)
        d = std::make_unique<Data>(*other.d);
    return *this;
}
SshConfig::SshConfig(SshConfig &&other) noexcept : d(std::move(other.d)) {}
SshConfig &SshConfig::operator=(SshConfig &&other) noexcept
{
    d = std::move(other.d);
    return *this;
}

QString SshConfig::userConfigPath()
{
    const QString env = qEnvironmentVariable("CUMULUS_SSH_CONFIG");
    if (!env.isEmpty())
        return env;
    return QDir::homePath() + QStringLiteral("/.ssh/config");
}

Result<SshConfig> SshConfig::load(const QString &path)
{
    QFile file(path);
    if (!file.exists()) {
        SshConfig config;
        config.d->path = path;
        return config;
    }
    if (!file.open(QIODevice::ReadOnly))
        return Error(
            SshConfigText::tr("cannot read the ssh configuration: %1").arg(file.errorString()),
            displayPath(path));
    return parse(QString::fromUtf8(file.readAll()), path);
}

SshConfig SshConfig::parse(const QString &text, const QString &path)
{
    SshConfig config;
    config.d->path = path;
    Reader reader(*config.d);
    config.d->directives = reader.parseText(text, path, 0);
    return config;
}

QString SshConfig::path() const { return d->path; }
QStringList SshConfig::hostAliases() const { return d->aliases; }
QString SshConfig::aliasOrigin(const QString &alias) const { return d->aliasOrigins.value(alias); }
QList<Error> SshConfig::warnings() const { return d->warnings; }

ServerConfig SshConfig::resolve(const QString &host, const SshOverrides &overrides) const
{
    Evaluator e;
    e.originalHost = host;
    e.localUser = localUserName();
    // Command-line options are obtained first, so they win.
    Collected &c = e.c;
    if (!overrides.user.isEmpty())
        c.user = overrides.user;
    if (overrides.port > 0)
        c.port = overrides.port;
    for (const QString &file : overrides.identityFiles)
        c.addIdentity(file);
    if (overrides.identitiesOnly)
        c.identitiesOnly = true;
    if (!overrides.knownHostsFiles.isEmpty())
        c.knownHosts = overrides.knownHostsFiles;
    if (!overrides.hostKeyAlias.isEmpty())
        c.hostKeyAlias = overrides.hostKeyAlias;
    if (!overrides.proxyJump.isEmpty()) {
        c.proxyJump = overrides.proxyJump;
        c.proxyCommand = QStringLiteral("none");
    } else if (!overrides.proxyCommand.isEmpty()) {
        c.proxyCommand = overrides.proxyCommand;
    }
    if (overrides.serverAliveIntervalS > 0)
        c.serverAlive = overrides.serverAliveIntervalS;
    if (overrides.connectTimeoutS > 0)
        c.connectTimeout = overrides.connectTimeoutS;

    bool active = true; // options before the first Host apply to every host
    e.walk(d->directives, active, false);

    ServerConfig s;
    s.name = host;
    const bool isAlias = d->aliasOrigins.contains(host);
    s.source = isAlias ? ServerConfig::Source::SshConfig : ServerConfig::Source::AdHoc;
    s.origin = isAlias ? d->aliasOrigins.value(host) : QString();
    s.hostName = (c.hostName ? e.expandHostName(*c.hostName) : host).toLower();
    s.user = c.user.value_or(QString());
    s.port = c.port.value_or(22);
    s.identitiesOnly = c.identitiesOnly.value_or(false);
    s.hostKeyAlias = c.hostKeyAlias.value_or(QString());
    auto isNone = [](const std::optional<QString> &v) {
        return !v || v->compare(QLatin1String("none"), Qt::CaseInsensitive) == 0;
    };
    s.proxyJump = isNone(c.proxyJump) ? QString() : *c.proxyJump;
    s.proxyCommand = isNone(c.proxyCommand) ? QString() : *c.proxyCommand;
    s.serverAliveIntervalS = c.serverAlive.value_or(0);
    s.connectTimeoutS = c.connectTimeout.value_or(0);
    s.strictHostKeyChecking = c.strict.value_or(ServerConfig::StrictHostKeyChecking::Ask);

    const QString remoteUser = s.effectiveUser();
    QHash<QChar, QString> tokens;
    tokens.insert(QLatin1Char('d'), QDir::homePath());
    tokens.insert(QLatin1Char('u'), e.localUser);
    tokens.insert(QLatin1Char('h'), s.hostName);
    tokens.insert(QLatin1Char('r'), remoteUser);
    tokens.insert(QLatin1Char('p'), QString::number(s.port));
    tokens.insert(QLatin1Char('n'), host);
    tokens.insert(QLatin1Char('k'), s.hostKeyAlias.isEmpty() ? host : s.hostKeyAlias);
#ifdef Q_OS_UNIX
    tokens.insert(QLatin1Char('i'), QString::number(getuid()));
#endif
    tokens.insert(QLatin1Char('l'), localHostName(true));
    tokens.insert(QLatin1Char('L'), localHostName(false));
    // %C: SHA-1 of %l%h%p%r, as OpenSSH 9.2 computes it.
    tokens.insert(QLatin1Char('C'),
                  QString::fromLatin1(QCryptographicHash::hash(
                                          (localHostName(true) + s.hostName
                                           + QString::number(s.port) + remoteUser)
                                              .toUtf8(),
                                          QCryptographicHash::Sha1)
                                          .toHex()));
    for (const QString &file : std::as_const(c.identityFiles))
        s.identityFiles << expandPath(file, tokens);
    const QStringList knownHosts =
        c.knownHosts.value_or(QStringList{QStringLiteral("~/.ssh/known_hosts"),
                                          QStringLiteral("~/.ssh/known_hosts2")});
    if (!(knownHosts.size() == 1
          && knownHosts.first().compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)) {
        for (const QString &file : knownHosts)
            s.knownHostsFiles << expandPath(file, tokens);
    }
    return s;
}

} // namespace cumulus::remote
