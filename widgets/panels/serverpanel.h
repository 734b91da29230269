// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "gpu/gpuinfo.h"
#include "remotehost.h"

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace cumulus {

namespace remote {
class ServerConnections;
}

/// A kernel of this machine, as the window knows it (one per notebook tab that has one).
struct LocalKernelRow
{
    QString notebook;
    QString kernel;
    QString status;
    qint64 pid = 0;
    qint64 rssBytes = -1;
};

/**
 * Where notebooks run: this machine and every server (ssh config hosts and servers added in
 * the app). For each: connection state, CPU and memory load, GPUs ("no GPU" said plainly),
 * and running kernels (notebook, start time, memory). From here a notebook switches to
 * another server's kernel in one action, re-attaches to a kernel left running, or an
 * orphan kernel is shut down. Servers are contacted only when asked (Connect), then
 * refreshed every 15 s; nothing here blocks the window.
 */
class ServerPanel : public QWidget
{
    Q_OBJECT
public:
    enum Role {
        ServerRole = Qt::UserRole + 1, ///< QString: the server's name ("" = this machine)
        KernelIdRole,                  ///< QString: a remote kernel's id (kernel rows only)
        KindRole,                      ///< int: ItemKind
    };
    enum ItemKind { ServerItem = 1, InfoItem, KernelItem };

    explicit ServerPanel(remote::ServerConnections *connections, QWidget *parent = nullptr);
    ~ServerPanel() override;

    /// The kernels of the notebooks open in the window.
    void setLocalKernels(const QList<LocalKernelRow> &rows);
    /// Re-reads the server list, and refreshes this machine and every connected server.
    void refresh();
    /// Connects to @p server (if needed) and refreshes its figures.
    void connectServer(const QString &server);
    /// The server of the selected row ("" = this machine).
    QString selectedServer() const;
    QTreeWidget *tree() const { return m_tree; }
    /// The server's row, nullptr when there is none.
    QTreeWidgetItem *serverItem(const QString &server) const;

Q_SIGNALS:
    /// Run the current notebook on @p server ("" = this machine) with kernelspec @p specName,
    /// starting in @p workingDirectory there ("" = home).
    void useServerRequested(const QString &server, const QString &specName, const QString &displayName,
                            const QString &workingDirectory);
    /// Connect the current notebook to kernel @p kernelId left running on @p server.
    void attachRequested(const QString &server, const QString &kernelId);

private:
    void rebuildServers();
    void refreshLocal();
    void refreshServer(remote::RemoteHost *host);
    void showSystem(QTreeWidgetItem *item, const remote::SystemInfo &info);
    void showGpus(QTreeWidgetItem *parent, const gpu::GpuReport &report);
    void showKernels(QTreeWidgetItem *item, const std::vector<remote::RemoteKernelRecord> &kernels);
    void showState(remote::RemoteHost *host);
    void updateButtons();
    void showUseMenu();
    void shutDownSelected();
    void attachSelected();
    void addServer();
    QTreeWidgetItem *childGroup(QTreeWidgetItem *parent, const QString &key, const QString &title);

    remote::ServerConnections *m_connections;
    QTreeWidget *m_tree;
    QPushButton *m_connect;
    QPushButton *m_use;
    QPushButton *m_attach;
    QPushButton *m_shutdown;
    QPushButton *m_add;
    QLineEdit *m_workingDirectory;
    QLabel *m_route;
    QTimer *m_timer;
    QList<LocalKernelRow> m_localKernels;
    gpu::GpuReport m_localGpus;
    bool m_localGpusProbed = false;
    std::map<QString, std::vector<jupyter::KernelSpec>> m_specs; ///< per connected server
};

} // namespace cumulus
