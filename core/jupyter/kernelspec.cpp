// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/kernelspec.h"

#include "jupyter/jupyterpaths.h"
#include "logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace cumulus::jupyter {

namespace {

QString fromStd(const std::string &text) { return QString::fromStdString(text); }
std::string toStd(const QString &text) { return text.toStdString(); }

QString join(const QString &dir, const QString &name)
{
    if (dir.endsWith(QLatin1Char('/')))
        return dir + name;
    return dir + QLatin1Char('/') + name;
}

/// os.path.isdir(path) and os.path.isfile(path/kernel.json), following symbolic links.
bool isKernelDir(const QString &path)
{
    return QFileInfo(path).isDir() && QFileInfo(join(path, QStringLiteral("kernel.json"))).isFile();
}

const char *jsonTypeName(const nlohmann::json &value) { return value.type_name(); }

/// Reads an optional string field; traitlets' Unicode() accepts nothing else (not null).
Result<QString> stringField(const nlohmann::json &json, const char *key, const QString &path)
{
    const auto it = json.find(key);
    if (it == json.end())
        return QString();
    if (!it->is_string())
        return Error{
            QStringLiteral("expected a string, not %1").arg(QString::fromLatin1(jsonTypeName(*it))),
            path, QString::fromLatin1(key)};
    return fromStd(it->get<std::string>());
}

void report(QList<Error> *warnings, Error error)
{
    if (warnings)
        warnings->append(std::move(error));
    else
        qCWarning(lcCore).noquote() << error.toString();
}

/// name -> resource directory, first directory wins: KernelSpecManager.find_kernel_specs()
/// without the invented native kernel.
QList<std::pair<QString, QString>> listKernelDirs(const QStringList &kernelDirs,
                                                  QList<Error> *warnings)
{
    QList<std::pair<QString, QString>> found;
    QSet<QString> names;
    for (const QString &kernelDir : kernelDirs) {
        if (!QFileInfo(kernelDir).isDir())
            continue;
        // os.listdir() includes hidden entries; its order is arbitrary, ours is sorted.
        QStringList entries = QDir(kernelDir).entryList(
            QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::NoSort);
        std::sort(entries.begin(), entries.end());
        QSet<QString> namesHere;
        for (const QString &entry : std::as_const(entries)) {
            const QString path = join(kernelDir, entry);
            if (!isKernelDir(path))
                continue;
            const QString key = entry.toLower();
            if (!isValidKernelName(key))
                report(warnings,
                       Error{QStringLiteral("invalid kernelspec directory name (kernel names can "
                                            "only contain ASCII letters and numbers and these "
                                            "separators: - . _)"),
                             path});
            if (namesHere.contains(key)) {
                // Only possible with names that differ in case; jupyter_client keeps whichever
                // os.listdir() happens to return last.
                report(warnings, Error{QStringLiteral("kernelspec '%1' is installed twice in this "
                                                      "directory (names differ only in case); "
                                                      "this one is ignored")
                                           .arg(key),
                                       path});
                continue;
            }
            namesHere.insert(key);
            if (names.contains(key)) {
                qCDebug(lcCore) << "kernelspec" << key << "in" << path
                                << "is hidden by one found earlier";
                continue;
            }
            names.insert(key);
            found.append({key, path});
        }
    }
    return found;
}

} // namespace

bool isValidKernelName(const QString &name)
{
    if (name.isEmpty())
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
               || u == u'.' || u == u'_' || u == u'-';
    });
}

QString KernelSpec::interruptModeName(InterruptMode mode)
{
    return mode == InterruptMode::Message ? QStringLiteral("message") : QStringLiteral("signal");
}

Result<KernelSpec> KernelSpec::fromResourceDir(const QString &dir, const QString &name)
{
    const QString path = join(dir, QStringLiteral("kernel.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read kernel.json: %1").arg(file.errorString()), path};
    const QByteArray bytes = file.readAll();
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(bytes.cbegin(), bytes.cend());
    } catch (const nlohmann::json::parse_error &e) {
        // what() is "[json.exception.parse_error.101] parse error at line 3, column 1: …";
        // the line goes where Error keeps it, so the file name reads "kernel.json:3".
        QString what = QString::fromUtf8(e.what());
        if (const qsizetype bracket = what.indexOf(QLatin1String("] ")); bracket >= 0)
            what = what.mid(bracket + 2);
        static const QRegularExpression position(
            QStringLiteral("^parse error at line (\\d+), column (\\d+): "));
        int line = 0;
        if (const auto match = position.match(what); match.hasMatch()) {
            line = match.captured(1).toInt();
            what = QStringLiteral("column %1: %2")
                       .arg(match.captured(2), what.mid(match.capturedLength()));
        }
        return Error{QStringLiteral("malformed kernel.json: %1").arg(what), path, QString(), line};
    }
    const QString key = name.isEmpty() ? QFileInfo(dir).fileName().toLower() : name;
    return fromJson(json, key, dir, path);
}

Result<KernelSpec> KernelSpec::fromJson(const nlohmann::json &json, const QString &name,
                                        const QString &resourceDir, const QString &path)
{
    if (!json.is_object())
        return Error{QStringLiteral("kernel.json must hold a JSON object, not %1")
                         .arg(QString::fromLatin1(jsonTypeName(json))),
                     path};
    KernelSpec spec;
    spec.name = name;
    spec.resourceDir = resourceDir;
    spec.path = path.isEmpty() ? join(resourceDir, QStringLiteral("kernel.json")) : path;

    auto displayName = stringField(json, "display_name", path);
    if (!displayName)
        return displayName.error();
    spec.displayName = *displayName;
    auto language = stringField(json, "language", path);
    if (!language)
        return language.error();
    spec.language = *language;

    if (const auto it = json.find("argv"); it != json.end()) {
        if (it->is_string()) {
            // traitlets' List() turns a lone string into a one-element list.
            spec.argv.append(fromStd(it->get<std::string>()));
        } else if (it->is_array()) {
            // jupyter_client accepts any items here and fails at launch; we refuse up front.
            for (size_t i = 0; i < it->size(); ++i) {
                const auto &item = (*it)[i];
                if (!item.is_string())
                    return Error{QStringLiteral("expected a string, not %1")
                                     .arg(QString::fromLatin1(jsonTypeName(item))),
                                 path, QStringLiteral("argv[%1]").arg(i)};
                spec.argv.append(fromStd(item.get<std::string>()));
            }
        } else {
            return Error{QStringLiteral("expected a list, not %1")
                             .arg(QString::fromLatin1(jsonTypeName(*it))),
                         path, QStringLiteral("argv")};
        }
    }

    if (const auto it = json.find("env"); it != json.end()) {
        if (!it->is_object())
            return Error{QStringLiteral("expected an object, not %1")
                             .arg(QString::fromLatin1(jsonTypeName(*it))),
                         path, QStringLiteral("env")};
        for (const auto &[key, value] : it->items()) {
            if (!value.is_string())
                return Error{QStringLiteral("expected a string, not %1")
                                 .arg(QString::fromLatin1(jsonTypeName(value))),
                             path, QStringLiteral("env.") + fromStd(key)};
            spec.env.insert(fromStd(key), fromStd(value.get<std::string>()));
        }
    }

    if (const auto it = json.find("interrupt_mode"); it != json.end()) {
        // CaselessStrEnum(["message", "signal"])
        const QString mode =
            it->is_string() ? fromStd(it->get<std::string>()).toLower() : QString();
        if (mode == QLatin1String("signal"))
            spec.interruptMode = InterruptMode::Signal;
        else if (mode == QLatin1String("message"))
            spec.interruptMode = InterruptMode::Message;
        else
            return Error{QStringLiteral("expected \"signal\" or \"message\", not %1")
                             .arg(fromStd(it->dump())),
                         path, QStringLiteral("interrupt_mode")};
    }

    if (const auto it = json.find("metadata"); it != json.end()) {
        if (!it->is_object())
            return Error{QStringLiteral("expected an object, not %1")
                             .arg(QString::fromLatin1(jsonTypeName(*it))),
                         path, QStringLiteral("metadata")};
        spec.metadata = *it;
        // jupyter_client drops kernelspecs whose provisioner is not installed; the only one
        // Cumulus has is the local one.
        const auto provisioner = it->find("kernel_provisioner");
        if (provisioner != it->end() && provisioner->is_object()) {
            const auto provisionerName = provisioner->find("provisioner_name");
            if (provisionerName != provisioner->end()
                && !(provisionerName->is_string()
                     && provisionerName->get<std::string>() == "local-provisioner"))
                return Error{QStringLiteral("kernel provisioner %1 is not available (Cumulus "
                                            "only launches kernels locally)")
                                 .arg(fromStd(provisionerName->dump())),
                             path, QStringLiteral("metadata.kernel_provisioner.provisioner_name")};
        }
    }
    // Other keys (jupyter_client ignores them with a deprecation warning) are ignored.
    return spec;
}

nlohmann::json KernelSpec::toJson() const
{
    nlohmann::json argvJson = nlohmann::json::array();
    for (const QString &arg : argv)
        argvJson.push_back(toStd(arg));
    nlohmann::json envJson = nlohmann::json::object();
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        envJson[toStd(it.key())] = toStd(it.value());
    return nlohmann::json{{"argv", std::move(argvJson)},
                          {"env", std::move(envJson)},
                          {"display_name", toStd(displayName)},
                          {"language", toStd(language)},
                          {"interrupt_mode", toStd(interruptModeName(interruptMode))},
                          {"metadata", metadata}};
}

std::vector<KernelSpec> findKernelSpecs(QList<Error> *warnings)
{
    return findKernelSpecs(paths::kernelSearchPath(), warnings);
}

std::vector<KernelSpec> findKernelSpecs(const QStringList &kernelDirs, QList<Error> *warnings)
{
    std::vector<KernelSpec> specs;
    for (const auto &[name, dir] : listKernelDirs(kernelDirs, warnings)) {
        auto spec = KernelSpec::fromResourceDir(dir, name);
        if (!spec) {
            // get_all_specs() logs and skips; the name is not looked up further down the path.
            report(warnings, spec.error());
            continue;
        }
        specs.push_back(std::move(spec).value());
    }
    return specs;
}

Result<KernelSpec> findKernelSpec(const QString &name)
{
    return findKernelSpec(name, paths::kernelSearchPath());
}

Result<KernelSpec> findKernelSpec(const QString &name, const QStringList &kernelDirs)
{
    const QString key = name.toLower();
    for (const QString &kernelDir : kernelDirs) {
        if (!QFileInfo(kernelDir).isDir())
            continue;
        QStringList entries = QDir(kernelDir).entryList(
            QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::NoSort);
        std::sort(entries.begin(), entries.end());
        for (const QString &entry : std::as_const(entries)) {
            const QString path = join(kernelDir, entry);
            if (entry.toLower() == key && isKernelDir(path))
                return KernelSpec::fromResourceDir(path, key);
        }
    }
    return Error{QStringLiteral("No such kernel named %1 (searched %2)")
                     .arg(name, kernelDirs.join(QStringLiteral(", ")))};
}

} // namespace cumulus::jupyter
