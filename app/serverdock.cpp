// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "serverdock.h"

#include "jupyter/localkernel.h"
#include "jupyter/kernelmanager.h"
#include "notebookeditor.h"
#include "panels/serverpanel.h"
#include "serverconnections.h"
#include "sshprompts.h"

#include <QFile>
#include <QTimer>

namespace cumulus {

namespace {

qint64 residentBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (pid <= 0 || !status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.simplified().split(' ').value(1).toLongLong() * 1024;
    return -1;
}

} // namespace

ServerDock::ServerDock(QWidget *window)
    : QDockWidget(tr("Servers"), window), m_connections(new remote::ServerConnections(this)),
      m_prompts(new SshPrompts(m_connections, window)), m_panel(new ServerPanel(m_connections, this)),
      m_localRefresh(new QTimer(this))
{
    setObjectName(QStringLiteral("serversDock"));
    setWidget(m_panel);
    connect(m_panel, &ServerPanel::useServerRequested, this, &ServerDock::useServer);
    connect(m_panel, &ServerPanel::attachRequested, this, &ServerDock::attach);
    // Coalesce the status changes of many notebooks into one refresh.
    m_localRefresh->setSingleShot(true);
    m_localRefresh->setInterval(200);
    connect(m_localRefresh, &QTimer::timeout, this, [this] {
        QList<LocalKernelRow> rows;
        if (m_all) {
            for (NotebookEditor *editor : m_all()) {
                jupyter::Kernel *kernel = editor->kernel();
                auto *local = qobject_cast<jupyter::LocalKernel *>(kernel);
                if (!local || kernel->status() == jupyter::Kernel::Status::NotStarted
                    || kernel->status() == jupyter::Kernel::Status::Stopped)
                    continue;
                LocalKernelRow row;
                row.notebook = editor->title();
                row.kernel = kernel->displayName();
                row.status = jupyter::Kernel::statusText(kernel->status());
                row.pid = local->manager()->processId();
                row.rssBytes = residentBytes(row.pid);
                rows << row;
            }
        }
        m_panel->setLocalKernels(rows);
    });
}

ServerDock::~ServerDock() = default;

void ServerDock::setEditors(std::function<NotebookEditor *()> current, std::function<QList<NotebookEditor *>()> all)
{
    m_current = std::move(current);
    m_all = std::move(all);
    updateLocalKernels();
}

void ServerDock::updateLocalKernels()
{
    m_localRefresh->start();
}

void ServerDock::useServer(const QString &server, const QString &specName, const QString &displayName,
                           const QString &workingDirectory)
{
    NotebookEditor *editor = m_current ? m_current() : nullptr;
    if (!editor) {
        Q_EMIT errorOccurred(tr("Open a notebook first: the kernel is chosen for the current notebook."));
        return;
    }
    if (server.isEmpty()) {
        editor->useServer(nullptr, specName, displayName);
        return;
    }
    auto host = m_connections->host(server);
    if (!host) {
        Q_EMIT errorOccurred(host.error().toString());
        return;
    }
    editor->useServer(*host, specName, displayName, workingDirectory);
}

void ServerDock::attach(const QString &server, const QString &kernelId)
{
    NotebookEditor *editor = m_current ? m_current() : nullptr;
    if (!editor) {
        Q_EMIT errorOccurred(tr("Open a notebook first: the kernel is attached to the current notebook."));
        return;
    }
    auto host = m_connections->host(server);
    if (!host) {
        Q_EMIT errorOccurred(host.error().toString());
        return;
    }
    editor->attachToRemoteKernel(*host, kernelId);
}

} // namespace cumulus
