// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "remotefilesystem.h"
#include "util/result.h"

#include <QAbstractItemModel>
#include <QFileIconProvider>
#include <QPointer>

#include <memory>
#include <vector>

namespace cumulus {

/**
 * A server's folder tree as an item model (name, size, modified), over RemoteFileSystem.
 * Folders are listed when they are shown (the root) or expanded (canFetchMore/fetchMore),
 * never all at once; a listing answers asynchronously and a listing that arrives after the
 * root or the file system changed is dropped. Items can be renamed in place (setData) and
 * dragged out as kRemoteFilesMime (the server and the paths).
 */
class RemoteFileModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, SizeColumn, ModifiedColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString: absolute path on the server
        IsFolderRole,                ///< bool
    };
    /// MIME type of a drag of remote items: JSON {"server": …, "paths": […]}.
    static const QString kRemoteFilesMime;

    explicit RemoteFileModel(QObject *parent = nullptr);
    ~RemoteFileModel() override;

    /// Browses @p files (nullptr: nothing) of server @p server; clears the tree.
    void setFileSystem(remote::RemoteFileSystem *files, const QString &server);
    remote::RemoteFileSystem *fileSystem() const { return m_files; }
    QString server() const { return m_server; }

    /// Shows folder @p path (absolute) at the top level and lists it.
    void setRootPath(const QString &path);
    QString rootPath() const;
    /// Lists @p folder again if it is shown ("" or the root: the top level).
    void refresh(const QString &folder = QString());
    /// Whether the top level is being listed.
    bool isLoading() const;
    /// Whether names starting with "." are listed (not by default, as QFileSystemModel).
    void setShowHidden(bool show);
    bool showHidden() const { return m_showHidden; }

    remote::RemoteFileInfo fileInfo(const QModelIndex &index) const;
    /// The item for @p path if it is listed, else an invalid index.
    QModelIndex indexForPath(const QString &path) const;

    static QString parentPath(const QString &path);
    static QString joinPath(const QString &folder, const QString &name);

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;

Q_SIGNALS:
    /// @p folder was listed (its rows are in place).
    void folderListed(const QString &folder);
    /// Listing @p folder or an edit failed; @p error names the path and the reason.
    void errorOccurred(const QString &folder, const cumulus::Error &error);
    /// The top level started or stopped listing.
    void loadingChanged(bool loading);

private:
    struct Node
    {
        remote::RemoteFileInfo info;
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
        bool listed = false;
        bool listing = false;
    };

    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(Node *node, int column = 0) const;
    Node *findNode(const QString &path) const;
    void list(Node *node);
    void applyListing(const QString &path, const QList<remote::RemoteFileInfo> &entries);

    QPointer<remote::RemoteFileSystem> m_files;
    QString m_server;
    std::unique_ptr<Node> m_root;
    quint64 m_generation = 0; ///< bumped when the root or the file system changes
    bool m_showHidden = false;
    QFileIconProvider m_icons;
};

} // namespace cumulus
