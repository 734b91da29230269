// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "remotefilesystem.h"
#include "serverconnections.h"
#include "sftptransfer.h"

#include <QMetaObject>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <map>

class QAction;
class QCheckBox;
class QComboBox;
class QFileSystemModel;
class QLabel;
class QLineEdit;
class QModelIndex;
class QProgressBar;
class QSplitter;
class QPushButton;
class QTabWidget;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace cumulus {

class RemoteFileModel;
class TransferQueue;

/**
 * Files between this machine and a server: a local browser and a server's browser side by
 * side, with the transfer queue and its history below. Files go across with Upload and
 * Download, by dragging between the two sides, or by dropping files from the desktop on the
 * server's side. The server's side talks to the server through its file session
 * (RemoteHost::files()): listings are asynchronous and lazy, and "Connecting…" or an error
 * shows in place above the list; nothing here waits for the network. Transfer errors show in
 * their queue item, never in a dialog.
 */
class TransferPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TransferPanel(remote::ServerConnections *connections, QWidget *parent = nullptr);
    ~TransferPanel() override;

    /// Browses @p server's files (connecting to it if needed), in the folder shown last for
    /// it, else its home.
    void setServer(const QString &server);
    QString server() const { return m_server; }
    /// Shows @p path on the server (absolute, "~", "~/…" or relative to the home).
    void setRemotePath(const QString &path);
    QString remotePath() const;
    void setLocalPath(const QString &path);
    QString localPath() const { return m_localPath; }
    /// The bookmark "Kernel's folder": where kernels on @p server start ("" = the home).
    void setKernelWorkingDirectory(const QString &server, const QString &dir);

    /// Queues an upload of each of @p localPaths into @p remoteFolder on the current server.
    void upload(const QStringList &localPaths, const QString &remoteFolder);
    /// Queues a download of each of @p remotePaths (on @p server) into @p localFolder.
    void download(const QString &server, const QStringList &remotePaths, const QString &localFolder);
    /// The Upload button: the selected local items into the server folder shown.
    void uploadSelected();
    /// The Download button: the selected server items into the local folder shown.
    void downloadSelected();
    /// Makes folder @p name in the server folder shown.
    void makeRemoteFolder(const QString &name);
    /// Deletes @p paths on the server (folders with what is in them), without asking.
    void deleteRemote(const QStringList &paths);
    void remoteUp();
    void remoteHome();
    void goToKernelFolder();
    void refreshRemote();
    remote::TransferOptions transferOptions() const;

    TransferQueue *queue() const { return m_queue; }
    RemoteFileModel *remoteModel() const { return m_remoteModel; }
    QFileSystemModel *localModel() const { return m_localModel; }
    QTreeView *localView() const { return m_localView; }
    QTreeView *remoteView() const { return m_remoteView; }
    QTreeView *queueView() const { return m_queueView; }
    QTreeWidget *historyView() const { return m_history; }
    QComboBox *serverChooser() const { return m_serverCombo; }
    QComboBox *conflictChooser() const { return m_conflict; }
    QCheckBox *verifyBox() const { return m_verify; }
    /// "Connecting…", or why the server's folder cannot be shown; hidden when all is well.
    QLabel *remoteStatus() const { return m_remoteStatus; }
    QProgressBar *overallProgress() const { return m_overall; }

Q_SIGNALS:
    /// A notebook on the server was double-clicked.
    void openNotebookRequested(const QString &server, const QString &remotePath);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *buildLocalSide();
    QWidget *buildRemoteSide();
    QWidget *buildQueue();
    void rebuildServers();
    void remoteActivated(const QModelIndex &index);
    void localActivated(const QModelIndex &index);
    void navigateRemote(const QString &absolutePath);
    void withHome(std::function<void(const QString &home)> then);
    void showRemoteError(const QString &message);
    void updateRemoteStatus();
    void updateButtons();
    void updateOverall();
    void rebuildHistory();
    void transferFinished(quint64 id);
    void deleteRemoteSelection();
    void newRemoteFolder();
    void renameRemote();
    void showLocalMenu(const QPoint &position);
    void showRemoteMenu(const QPoint &position);
    void setShowHidden(bool show);
    /// Side by side when there is room, else one above the other (a side dock).
    void updateLayout(bool narrow);
    QAction *showHiddenAction();
    QStringList selectedRemotePaths() const;
    QStringList selectedLocalPaths() const;
    QList<quint64> selectedQueueIds() const;
    remote::RemoteFileSystem *files() const;

    QPointer<remote::ServerConnections> m_connections;
    TransferQueue *m_queue;
    QString m_server;
    QPointer<remote::RemoteHost> m_host;
    QMetaObject::Connection m_stateConnection;
    QString m_remoteError;
    std::map<QString, QString> m_lastRemotePath; ///< per server
    std::map<QString, QString> m_homes;          ///< per server
    std::map<QString, QString> m_kernelFolders;  ///< per server
    QString m_lastKernelServer;
    /// Bumped by every navigation, so that a home folder that arrives late does not undo a
    /// later choice.
    quint64 m_navigation = 0;

    QAction *m_showHidden = nullptr;
    QSplitter *m_browsers = nullptr;
    bool m_narrow = false;
    bool m_laidOut = false;

    // This computer
    QFileSystemModel *m_localModel;
    QTreeView *m_localView = nullptr;
    QLineEdit *m_localPathEdit = nullptr;
    QString m_localPath;
    QPushButton *m_uploadButton = nullptr;

    // The server
    RemoteFileModel *m_remoteModel;
    QComboBox *m_serverCombo = nullptr;
    QLineEdit *m_remotePathEdit = nullptr;
    QLabel *m_remoteStatus = nullptr;
    QTreeView *m_remoteView = nullptr;
    QToolButton *m_remoteUp = nullptr;
    QToolButton *m_remoteHomeButton = nullptr;
    QToolButton *m_kernelFolder = nullptr;
    QToolButton *m_refresh = nullptr;
    QPushButton *m_downloadButton = nullptr;
    QPushButton *m_newFolder = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_delete = nullptr;

    // The queue
    QComboBox *m_conflict = nullptr;
    QCheckBox *m_verify = nullptr;
    QProgressBar *m_overall = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_queueView = nullptr;
    QTreeWidget *m_history = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_clear = nullptr;
};

} // namespace cumulus
