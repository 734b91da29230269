// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/remotefilemodel.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMimeData>
#include <QSet>

namespace cumulus {

const QString RemoteFileModel::kRemoteFilesMime = QStringLiteral("application/x-cumulus-remote-files");

namespace {

QString dataSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes); // as QFileSystemModel, beside it
}

} // namespace

RemoteFileModel::RemoteFileModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    m_root->info.type = remote::RemoteFileInfo::Type::Folder;
    m_root->listed = true;
}

RemoteFileModel::~RemoteFileModel() = default;

QString RemoteFileModel::parentPath(const QString &path)
{
    if (path.isEmpty() || path == QLatin1String("/"))
        return path;
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const qsizetype slash = trimmed.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return QString();
    return slash == 0 ? QStringLiteral("/") : trimmed.left(slash);
}

QString RemoteFileModel::joinPath(const QString &folder, const QString &name)
{
    if (folder.isEmpty())
        return name;
    return folder.endsWith(QLatin1Char('/')) ? QString(folder + name) : QString(folder + QLatin1Char('/') + name);
}

void RemoteFileModel::setFileSystem(remote::RemoteFileSystem *files, const QString &server)
{
    beginResetModel();
    ++m_generation;
    m_files = files;
    m_server = server;
    m_root = std::make_unique<Node>();
    m_root->info.type = remote::RemoteFileInfo::Type::Folder;
    m_root->listed = true;
    endResetModel();
    Q_EMIT loadingChanged(false);
}

void RemoteFileModel::setRootPath(const QString &path)
{
    beginResetModel();
    ++m_generation;
    m_root = std::make_unique<Node>();
    m_root->info.type = remote::RemoteFileInfo::Type::Folder;
    m_root->info.path = path;
    m_root->info.name = path;
    endResetModel();
    list(m_root.get());
}

QString RemoteFileModel::rootPath() const
{
    return m_root->info.path;
}

bool RemoteFileModel::isLoading() const
{
    return m_root->listing;
}

void RemoteFileModel::setShowHidden(bool show)
{
    if (show == m_showHidden)
        return;
    m_showHidden = show;
    if (!m_root->info.path.isEmpty())
        setRootPath(m_root->info.path);
}

void RemoteFileModel::refresh(const QString &folder)
{
    Node *node = folder.isEmpty() ? m_root.get() : findNode(folder);
    if (!node || !node->info.isFolder() || node->info.path.isEmpty())
        return;
    // A folder nobody expanded yet is listed when it is.
    if (node != m_root.get() && !node->listed)
        return;
    list(node);
}

void RemoteFileModel::list(Node *node)
{
    if (!m_files || node->listing)
        return;
    node->listing = true;
    if (node == m_root.get())
        Q_EMIT loadingChanged(true);
    const QString path = node->info.path;
    const quint64 generation = m_generation;
    QPointer<RemoteFileModel> self(this);
    m_files->list(path, [self, path, generation](const Result<QList<remote::RemoteFileInfo>> &result) {
        if (!self || generation != self->m_generation)
            return;
        Node *listed = self->findNode(path);
        if (!listed)
            return;
        listed->listing = false;
        const bool isRoot = listed == self->m_root.get();
        if (!result) {
            // An unreadable subfolder shows as empty; the reason goes to the panel.
            if (!isRoot && !listed->listed)
                self->applyListing(path, {});
            Q_EMIT self->errorOccurred(path, result.error());
        } else {
            QList<remote::RemoteFileInfo> shown;
            for (const remote::RemoteFileInfo &entry : *result)
                if (self->m_showHidden || !entry.name.startsWith(QLatin1Char('.')))
                    shown << entry;
            self->applyListing(path, shown);
            Q_EMIT self->folderListed(path);
        }
        if (isRoot)
            Q_EMIT self->loadingChanged(false);
    });
}

void RemoteFileModel::applyListing(const QString &path, const QList<remote::RemoteFileInfo> &entries)
{
    Node *node = findNode(path);
    if (!node)
        return;
    const QModelIndex parent = indexFor(node);
    const auto renumber = [node] {
        for (size_t i = 0; i < node->children.size(); ++i)
            node->children[i]->row = int(i);
    };
    auto &children = node->children;

    // Keep the rows that are still there (and what is listed under them), so that a refresh
    // after an upload neither collapses the tree nor loses the selection.
    QHash<QString, const remote::RemoteFileInfo *> byName;
    for (const remote::RemoteFileInfo &entry : entries)
        byName.insert(entry.name, &entry);
    for (int row = int(children.size()) - 1; row >= 0; --row) {
        const remote::RemoteFileInfo *entry = byName.value(children[row]->info.name);
        if (entry && entry->isFolder() == children[row]->info.isFolder())
            continue;
        beginRemoveRows(parent, row, row);
        children.erase(children.begin() + row);
        renumber();
        endRemoveRows();
    }
    // What is left must be in the listing's order; when it is not, start over.
    QStringList kept, wanted;
    QSet<QString> keptNames;
    for (const auto &child : children) {
        kept << child->info.name;
        keptNames.insert(child->info.name);
    }
    for (const remote::RemoteFileInfo &entry : entries)
        if (keptNames.contains(entry.name))
            wanted << entry.name;
    if (kept != wanted && !children.empty()) {
        beginRemoveRows(parent, 0, int(children.size()) - 1);
        children.clear();
        endRemoveRows();
    }
    for (int i = 0; i < entries.size(); ++i) {
        const remote::RemoteFileInfo &entry = entries[i];
        if (size_t(i) < children.size() && children[i]->info.name == entry.name) {
            children[i]->info = entry;
            Q_EMIT dataChanged(index(i, 0, parent), index(i, ColumnCount - 1, parent));
            continue;
        }
        auto child = std::make_unique<Node>();
        child->info = entry;
        child->parent = node;
        beginInsertRows(parent, i, i);
        children.insert(children.begin() + i, std::move(child));
        renumber();
        endInsertRows();
    }
    node->listed = true;
}

RemoteFileModel::Node *RemoteFileModel::findNode(const QString &path) const
{
    const QString root = m_root->info.path;
    if (path == root)
        return m_root.get();
    const QString prefix = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    if (root.isEmpty() || !path.startsWith(prefix))
        return nullptr;
    Node *node = m_root.get();
    for (const QString &name : path.mid(prefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        Node *next = nullptr;
        for (const auto &child : node->children)
            if (child->info.name == name) {
                next = child.get();
                break;
            }
        if (!next)
            return nullptr;
        node = next;
    }
    return node;
}

RemoteFileModel::Node *RemoteFileModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex RemoteFileModel::indexFor(Node *node, int column) const
{
    if (!node || node == m_root.get())
        return QModelIndex();
    return createIndex(node->row, column, node);
}

remote::RemoteFileInfo RemoteFileModel::fileInfo(const QModelIndex &index) const
{
    return nodeFor(index)->info;
}

QModelIndex RemoteFileModel::indexForPath(const QString &path) const
{
    Node *node = findNode(path);
    return node ? indexFor(node) : QModelIndex();
}

QModelIndex RemoteFileModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (row < 0 || size_t(row) >= node->children.size() || column < 0 || column >= ColumnCount)
        return QModelIndex();
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex RemoteFileModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    return indexFor(nodeFor(child)->parent);
}

int RemoteFileModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int RemoteFileModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool RemoteFileModel::hasChildren(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (parent.column() > 0 || !node->info.isFolder())
        return false;
    return node->listed ? !node->children.empty() : true;
}

bool RemoteFileModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return m_files && node->info.isFolder() && !node->listed && !node->listing && !node->info.path.isEmpty();
}

void RemoteFileModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        list(nodeFor(parent));
}

QVariant RemoteFileModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const remote::RemoteFileInfo &info = nodeFor(index)->info;
    switch (role) {
    case PathRole: return info.path;
    case IsFolderRole: return info.isFolder();
    case Qt::DecorationRole:
        if (index.column() != NameColumn)
            return QVariant();
        return m_icons.icon(info.isFolder() ? QFileIconProvider::Folder : QFileIconProvider::File);
    case Qt::ToolTipRole:
        if (info.type == remote::RemoteFileInfo::Type::Symlink)
            return tr("%1 (a link)").arg(info.path);
        return info.path;
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::EditRole:
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return info.name;
        case SizeColumn: return info.isFolder() ? QString() : dataSize(info.size);
        case ModifiedColumn:
            return info.modified.isValid() ? QLocale().toString(info.modified.toLocalTime(), QLocale::ShortFormat)
                                           : QString();
        default: return QVariant();
        }
    default: return QVariant();
    }
}

bool RemoteFileModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != NameColumn || role != Qt::EditRole || !m_files)
        return false;
    Node *node = nodeFor(index);
    const QString name = value.toString().trimmed();
    if (name.isEmpty() || name == node->info.name || name.contains(QLatin1Char('/')) || name == QLatin1String(".")
        || name == QLatin1String(".."))
        return false;
    const QString from = node->info.path;
    const QString folder = parentPath(from);
    const QString to = joinPath(folder, name);
    // Shown under its new name at once; the folder is listed again when the server answers
    // (which puts the old name back if the rename failed).
    if (!node->children.empty()) {
        beginRemoveRows(index.siblingAtColumn(0), 0, int(node->children.size()) - 1);
        node->children.clear();
        endRemoveRows();
    }
    node->listed = false;
    node->info.name = name;
    node->info.path = to;
    Q_EMIT dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    QPointer<RemoteFileModel> self(this);
    m_files->rename(from, to, [self, folder](const Result<void> &result) {
        if (!self)
            return;
        if (!result)
            Q_EMIT self->errorOccurred(folder, result.error());
        self->refresh(folder);
    });
    return true;
}

QVariant RemoteFileModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NameColumn: return tr("Name");
    case SizeColumn: return tr("Size");
    case ModifiedColumn: return tr("Modified");
    default: return QVariant();
    }
}

Qt::ItemFlags RemoteFileModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractItemModel::flags(index);
    if (!index.isValid())
        return flags;
    flags |= Qt::ItemIsDragEnabled;
    if (index.column() == NameColumn)
        flags |= Qt::ItemIsEditable;
    if (!nodeFor(index)->info.isFolder())
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QStringList RemoteFileModel::mimeTypes() const
{
    return {kRemoteFilesMime};
}

QMimeData *RemoteFileModel::mimeData(const QModelIndexList &indexes) const
{
    QJsonArray paths;
    QStringList seen;
    for (const QModelIndex &index : indexes) {
        const QString path = nodeFor(index)->info.path;
        if (index.isValid() && !seen.contains(path)) {
            seen << path;
            paths.append(path);
        }
    }
    if (paths.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(kRemoteFilesMime,
                  QJsonDocument(QJsonObject{{QStringLiteral("server"), m_server}, {QStringLiteral("paths"), paths}})
                          .toJson(QJsonDocument::Compact));
    mime->setText(seen.join(QLatin1Char('\n')));
    return mime;
}

Qt::DropActions RemoteFileModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

} // namespace cumulus
