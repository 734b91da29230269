// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "remotehost.h"

#include "remotefilesystem.h"
#include "sshsession.h"

#include <QFile>
#include <QSettings>

#include <nlohmann/json.hpp>

namespace cumulus::remote {

namespace {

QString text(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

qint64 number(const nlohmann::json &object, const char *key, qint64 fallback = -1)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<qint64>() : fallback;
}

QByteArray helperScript()
{
    QFile file(QStringLiteral(":/remote/cumulus_remote_helper.py"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Result<RemoteKernelRecord> recordFromJson(const nlohmann::json &json, const QString &server)
{
    RemoteKernelRecord record;
    record.id = text(json, "id");
    record.specName = text(json, "name");
    record.displayName = text(json, "display_name");
    record.notebook = text(json, "notebook");
    record.workingDirectory = text(json, "cwd");
    record.pid = number(json, "pid", 0);
    if (const auto started = json.find("started"); started != json.end() && started->is_number())
        record.started = QDateTime::fromMSecsSinceEpoch(qint64(started->get<double>() * 1000.0));
    record.running = json.value("running", false);
    record.rssBytes = number(json, "rss");
    record.stderrTail = text(json, "stderr");
    record.interruptMode = text(json, "interrupt_mode") == QLatin1String("message")
                                   ? jupyter::InterruptMode::Message
                                   : jupyter::InterruptMode::Signal;
    if (const auto connection = json.find("connection"); connection != json.end() && connection->is_object()) {
        auto info = jupyter::ConnectionInfo::fromJson(*connection, server + QLatin1Char(':') + text(json, "connection_file"));
        if (!info)
            return info.error();
        record.connection = std::move(info).value();
    }
    if (record.id.isEmpty())
        return Error(RemoteHost::tr("%1 answered without a kernel id").arg(server));
    return record;
}

} // namespace

gpu::GpuReport parseNvidiaSmiCsv(const QByteArray &csv)
{
    gpu::GpuReport report;
    const QList<QByteArray> lines = csv.split('\n');
    int index = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty() || (i == 0 && line.startsWith("name")))
            continue; // the header line
        // GPU names contain no commas; fields are "value unit".
        const QList<QByteArray> fields = line.split(',');
        if (fields.size() < 4)
            continue;
        const auto value = [](const QByteArray &field) -> qint64 {
            bool ok = false;
            const qint64 parsed = field.trimmed().split(' ').value(0).toLongLong(&ok);
            return ok ? parsed : -1;
        };
        gpu::GpuDevice device;
        device.index = index++;
        device.name = QString::fromUtf8(fields[0].trimmed());
        const qint64 used = value(fields[1]);
        const qint64 total = value(fields[2]);
        device.memoryUsedBytes = used >= 0 ? used * 1024 * 1024 : -1;
        device.memoryTotalBytes = total >= 0 ? total * 1024 * 1024 : -1;
        device.utilizationPercent = int(value(fields[3]));
        report.devices << device;
    }
    if (report.devices.isEmpty())
        report.problem = RemoteHost::tr("nvidia-smi lists no GPU");
    return report;
}

RemoteHost::RemoteHost(ServerConfig server, QObject *parent)
    : QObject(parent), m_session(new SshSession(std::move(server), this))
{
}

RemoteHost::~RemoteHost() = default;

SshSession *RemoteHost::fileSession()
{
    if (!m_fileSession) {
        m_fileSession = new SshSession(m_session->server(), this);
        m_fileSession->setInteractive(m_interactive);
        Q_EMIT fileSessionCreated(m_fileSession); // prompts find their answerer before opening
        m_fileSession->open();
    }
    return m_fileSession;
}

RemoteFileSystem *RemoteHost::files()
{
    if (!m_files)
        m_files = new RemoteFileSystem(fileSession(), this);
    return m_files;
}

void RemoteHost::setInteractive(bool interactive)
{
    m_interactive = interactive;
    m_session->setInteractive(interactive);
    if (m_fileSession)
        m_fileSession->setInteractive(interactive);
}

const ServerConfig &RemoteHost::server() const
{
    return m_session->server();
}

void RemoteHost::callHelper(const QStringList &arguments, QObject *context,
                            std::function<void(const Result<nlohmann::json> &)> done)
{
    QString command = SshSession::shellQuote(m_python) + QStringLiteral(" -");
    for (const QString &argument : arguments)
        command += QLatin1Char(' ') + SshSession::shellQuote(argument);
    const QString name = server().name;
    const QString python = m_python;
    m_session->open(); // no-op when open
    m_session->runCommand(command, helperScript(), context,
            [name, python, done = std::move(done)](const Result<CommandOutput> &ran) {
                if (!ran) {
                    done(ran.error());
                    return;
                }
                const CommandOutput &output = *ran;
                if (output.exitStatus == 127)
                    done(Error(tr("%1 has no %2, which Cumulus needs to start Jupyter kernels. "
                                  "Install it there: sudo apt-get install -y python3 python3-ipykernel")
                                       .arg(name, python)));
                else if (output.exitStatus != 0 && output.exitStatus != 3)
                    done(Error(tr("the Cumulus helper failed on %1 (exit status %2): %3")
                                       .arg(name)
                                       .arg(output.exitStatus)
                                       .arg(QString::fromUtf8(output.err.right(2000)).trimmed())));
                else {
                    nlohmann::json json = nlohmann::json::parse(output.out.constData(),
                                                                output.out.constData() + output.out.size(),
                                                                nullptr, false);
                    if (json.is_discarded() || !json.is_object()) {
                        done(Error(tr("%1 answered something Cumulus cannot read: %2")
                                           .arg(name, QString::fromUtf8(QByteArray(output.out + output.err).left(500)))));
                        return;
                    }
                    if (json.contains("error")) {
                        QString message = name + QStringLiteral(": ") + text(json, "message");
                        const QString stderrText = text(json, "stderr").trimmed();
                        if (!stderrText.isEmpty())
                            message += QStringLiteral(":\n") + stderrText;
                        const QString install = text(json, "install");
                        if (!install.isEmpty())
                            message += QLatin1Char('\n') + tr("Install it on the server: %1").arg(install);
                        done(Error(message));
                        return;
                    }
                    done(std::move(json));
                }
            });
}

namespace {
const QString kServersWithKernelsKey = QStringLiteral("remoteKernels/servers");
}

QStringList RemoteHost::serversWithKernels()
{
    return QSettings().value(kServersWithKernelsKey).toStringList();
}

void RemoteHost::rememberServerWithKernels(const QString &name)
{
    QSettings settings;
    QStringList names = settings.value(kServersWithKernelsKey).toStringList();
    if (!names.contains(name)) {
        names << name;
        settings.setValue(kServersWithKernelsKey, names);
    }
}

void RemoteHost::kernelSpecs(QObject *context, Callback<RemoteKernelSpecs> done)
{
    callHelper({QStringLiteral("specs")}, context, [this, done = std::move(done)](const Result<nlohmann::json> &json) {
        if (!json) {
            done(json.error());
            return;
        }
        RemoteKernelSpecs result;
        result.source = text(*json, "source");
        result.hasIpykernel = json->value("ipykernel", false);
        result.pythonVersion = text(*json, "python");
        result.home = text(*json, "home");
        const auto specs = json->find("kernelspecs");
        if (specs != json->end() && specs->is_object()) {
            for (const auto &[name, entry] : specs->items()) {
                const QString resourceDir = text(entry, "resource_dir");
                const auto spec = entry.find("spec");
                if (spec == entry.end())
                    continue;
                auto parsed = jupyter::KernelSpec::fromJson(*spec, QString::fromStdString(name), resourceDir,
                                                            server().name + QLatin1Char(':') + resourceDir
                                                                    + QStringLiteral("/kernel.json"));
                if (parsed)
                    result.specs.push_back(std::move(parsed).value());
            }
        }
        std::sort(result.specs.begin(), result.specs.end(),
                  [](const auto &a, const auto &b) { return a.name < b.name; });
        done(std::move(result));
    });
}

void RemoteHost::startKernel(const QString &specName, const QString &workingDirectory, const QString &notebook,
                             QObject *context, Callback<RemoteKernelRecord> done)
{
    callHelper({QStringLiteral("start"), specName, workingDirectory, notebook}, context,
               [name = server().name, done = std::move(done)](const Result<nlohmann::json> &json) {
                   done(json ? recordFromJson(*json, name) : Result<RemoteKernelRecord>(json.error()));
               });
}

void RemoteHost::runningKernels(QObject *context, Callback<std::vector<RemoteKernelRecord>> done)
{
    callHelper({QStringLiteral("ps")}, context, [name = server().name, done = std::move(done)](const Result<nlohmann::json> &json) {
        if (!json) {
            done(json.error());
            return;
        }
        std::vector<RemoteKernelRecord> records;
        const auto kernels = json->find("kernels");
        if (kernels != json->end() && kernels->is_array())
            for (const auto &entry : *kernels)
                if (auto record = recordFromJson(entry, name))
                    records.push_back(std::move(record).value());
        done(std::move(records));
    });
}

void RemoteHost::attachKernel(const QString &id, QObject *context, Callback<RemoteKernelRecord> done)
{
    callHelper({QStringLiteral("attach"), id}, context,
               [name = server().name, done = std::move(done)](const Result<nlohmann::json> &json) {
                   done(json ? recordFromJson(*json, name) : Result<RemoteKernelRecord>(json.error()));
               });
}

void RemoteHost::interruptKernel(const QString &id, QObject *context, Callback<bool> done)
{
    callHelper({QStringLiteral("interrupt"), id}, context, [done = std::move(done)](const Result<nlohmann::json> &json) {
        done(json ? Result<bool>(true) : Result<bool>(json.error()));
    });
}

void RemoteHost::restartKernel(const QString &id, double graceSeconds, QObject *context,
                               Callback<RemoteKernelRecord> done)
{
    callHelper({QStringLiteral("restart"), id, QString::number(graceSeconds)}, context,
               [name = server().name, done = std::move(done)](const Result<nlohmann::json> &json) {
                   done(json ? recordFromJson(*json, name) : Result<RemoteKernelRecord>(json.error()));
               });
}

void RemoteHost::stopKernel(const QString &id, double graceSeconds, QObject *context, Callback<bool> done)
{
    callHelper({QStringLiteral("stop"), id, QString::number(graceSeconds)}, context,
               [done = std::move(done)](const Result<nlohmann::json> &json) {
                   done(json ? Result<bool>(true) : Result<bool>(json.error()));
               });
}

void RemoteHost::systemInfo(QObject *context, Callback<SystemInfo> done)
{
    callHelper({QStringLiteral("info")}, context, [done = std::move(done)](const Result<nlohmann::json> &json) {
        if (!json) {
            done(json.error());
            return;
        }
        SystemInfo info;
        info.hostname = text(*json, "hostname");
        info.cpus = int(number(*json, "cpus", 0));
        info.home = text(*json, "home");
        if (const auto load = json->find("loadavg"); load != json->end() && load->is_array())
            for (const auto &value : *load)
                if (value.is_number())
                    info.loadAverage << value.get<double>();
        info.memoryTotalBytes = number(*json, "mem_total");
        info.memoryAvailableBytes = number(*json, "mem_available");
        const auto smi = json->find("nvidia_smi");
        if (smi == json->end() || smi->is_null()) {
            info.gpus.problem = tr("no GPU (nvidia-smi is not installed)");
        } else if (number(*smi, "exit", -1) != 0) {
            const QString reason = QString(text(*smi, "err") + text(*smi, "out")).trimmed();
            info.gpus.problem = tr("no GPU (nvidia-smi: %1)").arg(reason.left(300));
        } else {
            info.gpus = parseNvidiaSmiCsv(text(*smi, "out").toUtf8());
        }
        done(std::move(info));
    });
}

} // namespace cumulus::remote
