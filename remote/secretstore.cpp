// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThreadPool>
#include <QUuid>

#include <qt6keychain/keychain.h>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
#define CUMULUS_SECRET_SERVICE_PROBE 1
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#endif

namespace cumulus::remote {

namespace {

#ifdef CUMULUS_SECRET_SERVICE_PROBE
/// On Linux and BSD qtkeychain talks to a Secret Service or KWallet on the D-Bus session bus.
/// Without one, libsecret reports obscure errors (or D-Bus autolaunch fails after a delay), so
/// look first. Runs on a pool thread: D-Bus calls may block. Returns the problem, empty if none.
QString probeKeyring()
{
    QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (address.isEmpty()) {
        // The systemd user bus, which libdbus and GDBus also fall back to.
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus")))
            address = QStringLiteral("unix:path=") + runtime + QStringLiteral("/bus");
    }
    if (address.isEmpty())
        return SecretStore::tr("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");

    const QString name = QStringLiteral("cumulus-keyring-probe-")
        + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString problem;
    {
        QDBusConnection bus = QDBusConnection::connectToBus(address, name);
        if (!bus.isConnected() || !bus.interface()) {
            problem = SecretStore::tr("cannot connect to the D-Bus session bus: %1")
                          .arg(bus.lastError().message());
        } else {
            static const QStringList services = {
                QStringLiteral("org.freedesktop.secrets"), QStringLiteral("org.kde.kwalletd6"),
                QStringLiteral("org.kde.kwalletd5"), QStringLiteral("org.kde.kwalletd")};
            QDBusConnectionInterface *iface = bus.interface();
            bool found = false;
            for (const QString &service : services) {
                const QDBusReply<bool> registered = iface->isServiceRegistered(service);
                if (registered.isValid() && registered.value()) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                // A service the bus starts on demand counts too (gnome-keyring usually is).
                const QDBusReply<QStringList> activatable = iface->activatableServiceNames();
                if (activatable.isValid()) {
                    for (const QString &service : services)
                        found = found || activatable.value().contains(service);
                }
            }
            if (!found)
                problem = SecretStore::tr(
                    "no Secret Service (e.g. GNOME Keyring or KWallet) on the D-Bus session bus");
        }
    }
    QDBusConnection::disconnectFromBus(name);
    return problem;
}
#endif

Error keyringError(const QKeychain::Job &job, const QString &key)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error(SecretStore::tr("no OS keyring available: %1").arg(job.errorString()));
    case QKeychain::AccessDeniedByUser:
        return Error(SecretStore::tr("access to the OS keyring was denied (%1)").arg(key));
    case QKeychain::AccessDenied:
        return Error(SecretStore::tr("the OS keyring refused access to %1 (is it locked?): %2")
                         .arg(key, job.errorString()));
    default:
        return Error(
            SecretStore::tr("the OS keyring failed for %1: %2").arg(key, job.errorString()));
    }
}

} // namespace

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}

SecretStore::~SecretStore() = default;

QString SecretStore::serviceName() { return QStringLiteral("Cumulus"); }

QString SecretStore::passphraseKey(const QString &keyFile)
{
    return QStringLiteral("ssh-passphrase:")
        + QDir::cleanPath(QFileInfo(keyFile).absoluteFilePath());
}

QString SecretStore::passwordKey(const QString &user, const QString &host, int port)
{
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']')
                                                      : host;
    return QStringLiteral("ssh-password:") + user + QLatin1Char('@') + h + QLatin1Char(':')
        + QString::number(port);
}

void SecretStore::whenAvailable(QObject *context, std::function<void()> start,
                                std::function<void(const Error &)> fail)
{
    const QPointer<SecretStore> self(this);
    const QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    auto alive = [self, ctx, hadContext] { return self && (!hadContext || ctx); };

#ifdef CUMULUS_SECRET_SERVICE_PROBE
    if (!m_available) {
        // Posted to the application object, which outlives the pool's tasks (its destructor
        // waits for them); the store and the context are checked once back on the main thread.
        QThreadPool::globalInstance()->start([self, alive, start, fail] {
            const QString problem = probeKeyring();
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, alive, start, fail, problem] {
                    if (!alive())
                        return;
                    if (!problem.isEmpty()) {
                        fail(Error(SecretStore::tr("no OS keyring available: %1").arg(problem)));
                        return;
                    }
                    self->m_available = true;
                    start();
                },
                Qt::QueuedConnection);
        });
        return;
    }
#endif
    // Keep "the callback never runs inside the call" on every path.
    QMetaObject::invokeMethod(
        this,
        [alive, start] {
            if (alive())
                start();
        },
        Qt::QueuedConnection);
}

void SecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    const QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    whenAvailable(
        context,
        [this, key, ctx, hadContext, done] {
            auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
            job->setInsecureFallback(false); // never plain text
            job->setAutoDelete(true);
            job->setKey(key);
            connect(job, &QKeychain::Job::finished, this,
                    [key, ctx, hadContext, done](QKeychain::Job *j) {
                        if (hadContext && !ctx)
                            return;
                        if (j->error() == QKeychain::NoError)
                            done(std::optional<QString>(
                                static_cast<QKeychain::ReadPasswordJob *>(j)->textData()));
                        else if (j->error() == QKeychain::EntryNotFound)
                            done(std::optional<QString>());
                        else
                            done(keyringError(*j, key));
                    });
            job->start();
        },
        [done](const Error &error) { done(error); });
}

void SecretStore::write(const QString &key, const QString &secret, QObject *context,
                        DoneCallback done)
{
    const QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    whenAvailable(
        context,
        [this, key, secret, ctx, hadContext, done] {
            auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
            job->setInsecureFallback(false);
            job->setAutoDelete(true);
            job->setKey(key);
            job->setTextData(secret);
            connect(job, &QKeychain::Job::finished, this,
                    [key, ctx, hadContext, done](QKeychain::Job *j) {
                        if (hadContext && !ctx)
                            return;
                        if (j->error() == QKeychain::NoError)
                            done(Result<void>());
                        else
                            done(keyringError(*j, key));
                    });
            job->start();
        },
        [done](const Error &error) { done(error); });
}

void SecretStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    const QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    whenAvailable(
        context,
        [this, key, ctx, hadContext, done] {
            auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
            job->setInsecureFallback(false);
            job->setAutoDelete(true);
            job->setKey(key);
            connect(job, &QKeychain::Job::finished, this,
                    [key, ctx, hadContext, done](QKeychain::Job *j) {
                        if (hadContext && !ctx)
                            return;
                        if (j->error() == QKeychain::NoError
                            || j->error() == QKeychain::EntryNotFound)
                            done(Result<void>());
                        else
                            done(keyringError(*j, key));
                    });
            job->start();
        },
        [done](const Error &error) { done(error); });
}

} // namespace cumulus::remote
