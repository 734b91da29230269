// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDockWidget>

namespace cumulus {

class TransferPanel;

namespace remote {
class ServerConnections;
}

/**
 * The window's "Transfers" dock: this computer's files beside a server's, the transfer queue
 * and its history (TransferPanel). It shares the window's connections to servers
 * (ServerDock::connections()); files travel on each server's file session, never on the one
 * carrying kernels.
 */
class TransferDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit TransferDock(remote::ServerConnections *connections, QWidget *parent = nullptr);
    ~TransferDock() override;

    TransferPanel *panel() const { return m_panel; }
    /// The bookmark "Kernel's folder": where the current notebook's kernel on @p server runs
    /// ("" = the home folder).
    void setKernelWorkingDirectory(const QString &server, const QString &dir);

Q_SIGNALS:
    /// A notebook on a server was double-clicked: open @p remotePath of @p server.
    void openNotebookRequested(const QString &server, const QString &remotePath);

private:
    TransferPanel *m_panel;
};

} // namespace cumulus
