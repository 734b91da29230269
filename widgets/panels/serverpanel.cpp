// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/serverpanel.h"

#include "jupyter/kernelspec.h"
#include "serverconnections.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <thread>

namespace cumulus {

namespace {

QString dataSize(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("?") : QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

/// CPU count, load and memory of this machine, from /proc.
remote::SystemInfo localSystem()
{
    remote::SystemInfo info;
    info.cpus = int(std::thread::hardware_concurrency());
    QFile load(QStringLiteral("/proc/loadavg"));
    if (load.open(QIODevice::ReadOnly))
        for (const QByteArray &field : load.readAll().split(' ').mid(0, 3))
            info.loadAverage << field.toDouble();
    QFile memory(QStringLiteral("/proc/meminfo"));
    if (memory.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : memory.readAll().split('\n')) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() < 2)
                continue;
            if (parts[0] == "MemTotal:")
                info.memoryTotalBytes = parts[1].toLongLong() * 1024;
            else if (parts[0] == "MemAvailable:")
                info.memoryAvailableBytes = parts[1].toLongLong() * 1024;
        }
    }
    return info;
}

QString stateText(remote::SshSession::State state, const Error &error)
{
    switch (state) {
    case remote::SshSession::State::Idle: return ServerPanel::tr("not connected");
    case remote::SshSession::State::Connecting: return ServerPanel::tr("connecting…");
    case remote::SshSession::State::Connected: return ServerPanel::tr("connected");
    case remote::SshSession::State::Reconnecting: return ServerPanel::tr("reconnecting…");
    case remote::SshSession::State::Failed: return ServerPanel::tr("failed: %1").arg(error.message);
    case remote::SshSession::State::Closed: return ServerPanel::tr("disconnected");
    }
    return QString();
}

} // namespace

ServerPanel::ServerPanel(remote::ServerConnections *connections, QWidget *parent)
    : QWidget(parent), m_connections(connections), m_tree(new QTreeWidget(this)),
      m_connect(new QPushButton(tr("Connect"), this)), m_use(new QPushButton(tr("Use for Notebook"), this)),
      m_attach(new QPushButton(tr("Attach"), this)), m_shutdown(new QPushButton(tr("Shut Down"), this)),
      m_add(new QPushButton(tr("Add Server…"), this)), m_workingDirectory(new QLineEdit(this)),
      m_route(new QLabel(this)), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("serverPanel"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Where"), tr("State")});
    // The state column stays readable; long details are elided (their tooltips are whole).
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setRootIsDecorated(true);
    m_connect->setToolTip(tr("Connect to the selected server over SSH and show its kernels and GPUs"));
    m_use->setToolTip(tr("Run the current notebook on a kernel of the selected machine"));
    m_attach->setToolTip(tr("Connect the current notebook to the selected running kernel"));
    m_shutdown->setToolTip(tr("Shut down the selected kernel on its server"));
    m_workingDirectory->setPlaceholderText(tr("home directory"));
    m_workingDirectory->setToolTip(tr("Where kernels started on the selected server run"));
    m_route->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_connect);
    buttons->addWidget(m_use);
    buttons->addWidget(m_attach);
    buttons->addWidget(m_shutdown);
    auto *directory = new QFormLayout;
    directory->addRow(tr("Working directory:"), m_workingDirectory);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_route);
    layout->addLayout(directory);
    layout->addLayout(buttons);
    layout->addWidget(m_add);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, &ServerPanel::updateButtons);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(0, KindRole).toInt() == ServerItem)
            connectServer(item->data(0, ServerRole).toString());
    });
    connect(m_connect, &QPushButton::clicked, this, [this] { connectServer(selectedServer()); });
    connect(m_use, &QPushButton::clicked, this, &ServerPanel::showUseMenu);
    connect(m_attach, &QPushButton::clicked, this, &ServerPanel::attachSelected);
    connect(m_shutdown, &QPushButton::clicked, this, &ServerPanel::shutDownSelected);
    connect(m_add, &QPushButton::clicked, this, &ServerPanel::addServer);
    connect(m_connections->registry(), &remote::ServerRegistry::serversChanged, this, &ServerPanel::rebuildServers);
    connect(m_connections, &remote::ServerConnections::hostCreated, this, [this](remote::RemoteHost *host) {
        connect(host->session(), &remote::SshSession::stateChanged, this, [this, host] {
            showState(host);
            if (host->session()->state() == remote::SshSession::State::Connected)
                refreshServer(host);
        });
    });
    m_timer->setInterval(15000);
    connect(m_timer, &QTimer::timeout, this, &ServerPanel::refresh);
    m_timer->start();
    rebuildServers();
    refreshLocal();
}

ServerPanel::~ServerPanel() = default;

QTreeWidgetItem *ServerPanel::serverItem(const QString &server) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, ServerRole).toString() == server)
            return m_tree->topLevelItem(i);
    return nullptr;
}

QString ServerPanel::selectedServer() const
{
    QTreeWidgetItem *item = m_tree->currentItem();
    while (item && item->parent())
        item = item->parent();
    return item ? item->data(0, ServerRole).toString() : QString();
}

void ServerPanel::rebuildServers()
{
    const QString selected = selectedServer();
    if (!serverItem(QString())) {
        auto *local = new QTreeWidgetItem(m_tree, {tr("This computer"), tr("local")});
        local->setData(0, ServerRole, QString());
        local->setData(0, KindRole, ServerItem);
        local->setExpanded(true);
    }
    QStringList names;
    for (const remote::ServerConfig &server : m_connections->registry()->servers())
        names << server.name;
    // Servers in use (ad-hoc names too) stay listed.
    for (remote::RemoteHost *host : m_connections->hosts())
        if (!names.contains(host->server().name))
            names << host->server().name;
    for (int i = m_tree->topLevelItemCount() - 1; i >= 1; --i)
        if (!names.contains(m_tree->topLevelItem(i)->data(0, ServerRole).toString()))
            delete m_tree->takeTopLevelItem(i);
    for (const QString &name : std::as_const(names)) {
        if (serverItem(name))
            continue;
        auto *item = new QTreeWidgetItem(m_tree, {name, tr("not connected")});
        item->setData(0, ServerRole, name);
        item->setData(0, KindRole, ServerItem);
        if (remote::RemoteHost *host = m_connections->existingHost(name))
            showState(host);
    }
    if (QTreeWidgetItem *item = serverItem(selected))
        m_tree->setCurrentItem(item);
    updateButtons();
}

QTreeWidgetItem *ServerPanel::childGroup(QTreeWidgetItem *parent, const QString &key, const QString &title)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->data(1, Qt::UserRole).toString() == key) {
            parent->child(i)->setText(0, title);
            parent->child(i)->setToolTip(0, title);
            return parent->child(i);
        }
    auto *item = new QTreeWidgetItem(parent, {title});
    item->setToolTip(0, title);
    item->setData(1, Qt::UserRole, key);
    item->setData(0, KindRole, InfoItem);
    item->setData(0, ServerRole, parent->data(0, ServerRole));
    item->setExpanded(true);
    return item;
}

void ServerPanel::setLocalKernels(const QList<LocalKernelRow> &rows)
{
    m_localKernels = rows;
    refreshLocal();
}

void ServerPanel::refresh()
{
    rebuildServers();
    refreshLocal();
    for (remote::RemoteHost *host : m_connections->hosts())
        if (host->session()->state() == remote::SshSession::State::Connected)
            refreshServer(host);
}

void ServerPanel::refreshLocal()
{
    QTreeWidgetItem *local = serverItem(QString());
    if (!local)
        return;
    remote::SystemInfo info = localSystem();
    if (!m_localGpusProbed) {
        m_localGpusProbed = true;
        // cuInit can take a second on a real GPU: probe off the GUI thread, once.
        QPointer<ServerPanel> self(this);
        std::thread([self] {
            gpu::GpuReport report = gpu::probeLocalGpus();
            QMetaObject::invokeMethod(qApp, [self, report] {
                if (!self)
                    return;
                self->m_localGpus = report;
                self->refreshLocal();
            });
        }).detach();
        m_localGpus.problem = tr("looking for GPUs…");
    }
    info.gpus = m_localGpus;
    showSystem(local, info);
    QTreeWidgetItem *kernels = childGroup(local, QStringLiteral("kernels"), tr("Kernels (%1)").arg(m_localKernels.size()));
    qDeleteAll(kernels->takeChildren());
    for (const LocalKernelRow &row : std::as_const(m_localKernels)) {
        auto *item = new QTreeWidgetItem(kernels, {tr("%1 — %2 — %3").arg(row.kernel, row.notebook, dataSize(row.rssBytes)),
                                                   row.status});
        item->setData(0, KindRole, InfoItem);
        item->setToolTip(0, tr("Process %1, %2 in memory").arg(row.pid).arg(dataSize(row.rssBytes)));
    }
}

void ServerPanel::showSystem(QTreeWidgetItem *item, const remote::SystemInfo &info)
{
    QStringList load;
    for (double value : info.loadAverage)
        load << QLocale().toString(value, 'f', 2);
    childGroup(item, QStringLiteral("cpu"), tr("CPU: %n core(s), load %1", nullptr, info.cpus).arg(load.join(QStringLiteral(" "))));
    childGroup(item, QStringLiteral("memory"),
               tr("Memory: %1 free of %2").arg(dataSize(info.memoryAvailableBytes), dataSize(info.memoryTotalBytes)));
    showGpus(item, info.gpus);
}

void ServerPanel::showGpus(QTreeWidgetItem *parent, const gpu::GpuReport &report)
{
    QTreeWidgetItem *gpus = childGroup(parent, QStringLiteral("gpus"),
                                       report.devices.isEmpty() ? tr("No GPU") : tr("GPUs (%1)").arg(report.devices.size()));
    qDeleteAll(gpus->takeChildren());
    if (report.devices.isEmpty()) {
        gpus->setToolTip(0, report.problem);
        new QTreeWidgetItem(gpus, {report.problem});
        return;
    }
    for (const gpu::GpuDevice &device : report.devices) {
        QString text = QStringLiteral("%1: %2").arg(device.index).arg(device.name);
        if (device.memoryTotalBytes >= 0)
            text += QStringLiteral(" — ") + tr("%1 of %2 used").arg(dataSize(device.memoryUsedBytes), dataSize(device.memoryTotalBytes));
        if (device.utilizationPercent >= 0)
            text += QStringLiteral(" — ") + tr("%1% busy").arg(device.utilizationPercent);
        new QTreeWidgetItem(gpus, {text});
    }
}

void ServerPanel::showKernels(QTreeWidgetItem *item, const std::vector<remote::RemoteKernelRecord> &records)
{
    QTreeWidgetItem *kernels = childGroup(item, QStringLiteral("kernels"), tr("Kernels (%1)").arg(records.size()));
    qDeleteAll(kernels->takeChildren());
    for (const remote::RemoteKernelRecord &record : records) {
        const QString text = tr("%1 — %2 — since %3, %4")
                                     .arg(record.displayName, record.notebook.isEmpty() ? record.id : record.notebook,
                                          QLocale().toString(record.started.toLocalTime().time(), QLocale::ShortFormat),
                                          dataSize(record.rssBytes));
        auto *row = new QTreeWidgetItem(kernels, {text, record.running ? tr("running") : tr("dead")});
        row->setData(0, KindRole, KernelItem);
        row->setData(0, KernelIdRole, record.id);
        row->setData(0, ServerRole, item->data(0, ServerRole));
        row->setToolTip(0, tr("Started %1 in %2; process %3, %4 in memory")
                                   .arg(QLocale().toString(record.started.toLocalTime(), QLocale::ShortFormat),
                                        record.workingDirectory)
                                   .arg(record.pid)
                                   .arg(dataSize(record.rssBytes)));
    }
}

void ServerPanel::showState(remote::RemoteHost *host)
{
    QTreeWidgetItem *item = serverItem(host->server().name);
    if (!item)
        return;
    item->setText(1, stateText(host->session()->state(), host->session()->lastError()));
    item->setToolTip(1, item->text(1));
    updateButtons();
}

void ServerPanel::connectServer(const QString &server)
{
    if (server.isEmpty()) {
        refreshLocal();
        return;
    }
    auto host = m_connections->host(server);
    if (!host) {
        QMessageBox::warning(this, tr("Server"), host.error().toString());
        return;
    }
    if ((*host)->session()->state() == remote::SshSession::State::Connected)
        refreshServer(*host);
    else
        (*host)->session()->open();
    showState(*host);
}

void ServerPanel::refreshServer(remote::RemoteHost *host)
{
    const QString name = host->server().name;
    const auto withItem = [this, name](auto apply) {
        return [this, name, apply](const auto &result) {
            QTreeWidgetItem *item = serverItem(name);
            if (!item)
                return;
            if (!result) {
                childGroup(item, QStringLiteral("error"), result.error().message);
                return;
            }
            apply(item, *result);
        };
    };
    if (QTreeWidgetItem *item = serverItem(name))
        item->setExpanded(true);
    host->systemInfo(this, withItem([this](QTreeWidgetItem *item, const remote::SystemInfo &info) { showSystem(item, info); }));
    host->runningKernels(this, withItem([this](QTreeWidgetItem *item, const std::vector<remote::RemoteKernelRecord> &kernels) {
        showKernels(item, kernels);
    }));
    host->kernelSpecs(this, withItem([this, name](QTreeWidgetItem *, const remote::RemoteKernelSpecs &specs) {
        m_specs[name] = specs.specs;
        if (m_workingDirectory->text().isEmpty() && selectedServer() == name)
            m_workingDirectory->setPlaceholderText(specs.home);
        updateButtons();
    }));
}

void ServerPanel::updateButtons()
{
    const QString server = selectedServer();
    QTreeWidgetItem *current = m_tree->currentItem();
    const bool kernelRow = current && current->data(0, KindRole).toInt() == KernelItem;
    remote::RemoteHost *host = server.isEmpty() ? nullptr : m_connections->existingHost(server);
    const bool connected = host && host->session()->state() == remote::SshSession::State::Connected;
    m_connect->setText(server.isEmpty() || connected ? tr("Refresh") : tr("Connect"));
    m_use->setEnabled(server.isEmpty() || m_specs.count(server));
    m_attach->setEnabled(kernelRow && connected);
    m_shutdown->setEnabled(kernelRow && connected);
    m_workingDirectory->setEnabled(!server.isEmpty());
    QString route;
    if (host)
        route = tr("Route: %1").arg(host->session()->route());
    else if (!server.isEmpty()) {
        auto resolved = m_connections->registry()->resolve(server);
        if (resolved && (!resolved->proxyJump.isEmpty() || !resolved->proxyCommand.isEmpty()))
            route = resolved->proxyCommand.isEmpty()
                            ? tr("Route: through the jump host %1 (OpenSSH's ssh -W)").arg(resolved->proxyJump)
                            : tr("Route: through the ProxyCommand \"%1\"").arg(resolved->proxyCommand);
    }
    m_route->setText(route);
    m_route->setVisible(!route.isEmpty());
}

void ServerPanel::showUseMenu()
{
    const QString server = selectedServer();
    std::vector<jupyter::KernelSpec> specs;
    if (server.isEmpty())
        specs = jupyter::findKernelSpecs();
    else if (const auto it = m_specs.find(server); it != m_specs.end())
        specs = it->second;
    QMenu menu(this);
    if (specs.empty())
        menu.addAction(server.isEmpty() ? tr("No kernels installed") : tr("No kernels on this server"))->setEnabled(false);
    for (const jupyter::KernelSpec &spec : specs) {
        QAction *action = menu.addAction(spec.displayName.isEmpty() ? spec.name : spec.displayName);
        connect(action, &QAction::triggered, this, [this, server, spec] {
            Q_EMIT useServerRequested(server, spec.name, spec.displayName, server.isEmpty() ? QString() : m_workingDirectory->text());
        });
    }
    menu.exec(m_use->mapToGlobal(QPoint(0, m_use->height())));
}

void ServerPanel::attachSelected()
{
    QTreeWidgetItem *item = m_tree->currentItem();
    if (item && item->data(0, KindRole).toInt() == KernelItem)
        Q_EMIT attachRequested(item->data(0, ServerRole).toString(), item->data(0, KernelIdRole).toString());
}

void ServerPanel::shutDownSelected()
{
    QTreeWidgetItem *item = m_tree->currentItem();
    if (!item || item->data(0, KindRole).toInt() != KernelItem)
        return;
    const QString server = item->data(0, ServerRole).toString();
    const QString id = item->data(0, KernelIdRole).toString();
    remote::RemoteHost *host = m_connections->existingHost(server);
    if (!host)
        return;
    if (QMessageBox::question(this, tr("Shut Down Kernel"),
                              tr("Shut down the kernel \"%1\" on %2? Whatever it holds in memory is lost.")
                                      .arg(item->text(0), server))
        != QMessageBox::Yes)
        return;
    host->stopKernel(id, 3.0, this, [this, host](const Result<bool> &stopped) {
        if (!stopped)
            QMessageBox::warning(this, tr("Shut Down Kernel"), stopped.error().toString());
        refreshServer(host);
    });
}

void ServerPanel::addServer()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add Server"));
    auto *name = new QLineEdit(&dialog);
    auto *host = new QLineEdit(&dialog);
    auto *user = new QLineEdit(&dialog);
    auto *port = new QSpinBox(&dialog);
    port->setRange(1, 65535);
    port->setValue(22);
    auto *key = new QLineEdit(&dialog);
    auto *jump = new QLineEdit(&dialog);
    host->setPlaceholderText(tr("address or host name"));
    user->setPlaceholderText(tr("your user name"));
    key->setPlaceholderText(tr("~/.ssh/id_ed25519 (optional)"));
    jump->setPlaceholderText(tr("user@jump-host (optional)"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Name:"), name);
    form->addRow(tr("Host:"), host);
    form->addRow(tr("User:"), user);
    form->addRow(tr("Port:"), port);
    form->addRow(tr("Key file:"), key);
    form->addRow(tr("Jump host:"), jump);
    auto *note = new QLabel(tr("Passwords and passphrases are asked when connecting and kept only in "
                               "your system's keyring, never in Cumulus's settings."),
                            &dialog);
    note->setWordWrap(true);
    form->addRow(note);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(box);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    remote::ServerConfig server;
    server.name = name->text().trimmed();
    server.hostName = host->text().trimmed();
    server.user = user->text().trimmed();
    server.port = port->value();
    if (!key->text().trimmed().isEmpty())
        server.identityFiles = {key->text().trimmed()};
    server.proxyJump = jump->text().trimmed();
    server.source = remote::ServerConfig::Source::App;
    if (auto added = m_connections->registry()->add(server); !added)
        QMessageBox::warning(this, tr("Add Server"), added.error().toString());
}

} // namespace cumulus
