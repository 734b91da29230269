// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDockWidget>

#include <functional>

class QTimer;

namespace cumulus {

class NotebookEditor;
class ServerPanel;
class SshPrompts;

namespace remote {
class ServerConnections;
}

/**
 * The window's "Servers" dock: the server panel, the app's connections to servers and the
 * dialogs that answer their SSH prompts. Switching the current notebook to a server's kernel
 * (or re-attaching it to a kernel left running there) happens here, through the editors the
 * window hands over.
 */
class ServerDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit ServerDock(QWidget *window);
    ~ServerDock() override;

    remote::ServerConnections *connections() const { return m_connections; }
    ServerPanel *panel() const { return m_panel; }
    SshPrompts *prompts() const { return m_prompts; }

    /// How to find the current tab's editor and every editor (for the local kernel list).
    void setEditors(std::function<NotebookEditor *()> current, std::function<QList<NotebookEditor *>()> all);
    /// The notebooks' kernels changed: refresh the list of this machine's kernels.
    void updateLocalKernels();

Q_SIGNALS:
    /// Switching failed (the server name does not resolve, no notebook is open…).
    void errorOccurred(const QString &message);

private:
    void useServer(const QString &server, const QString &specName, const QString &displayName,
                   const QString &workingDirectory);
    void attach(const QString &server, const QString &kernelId);

    remote::ServerConnections *m_connections;
    SshPrompts *m_prompts;
    ServerPanel *m_panel;
    QTimer *m_localRefresh;
    std::function<NotebookEditor *()> m_current;
    std::function<QList<NotebookEditor *>()> m_all;
};

} // namespace cumulus
