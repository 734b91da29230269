// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/transferpanel.h"

#include "panels/remotefilemodel.h"
#include "panels/transferqueue.h"
#include "remotehost.h"
#include "serverconnections.h"
#include "sshsession.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace cumulus {

namespace {

using Done = std::function<void(const Result<void> &)>;

void removeRecursively(QPointer<remote::RemoteFileSystem> files, const remote::RemoteFileInfo &info, Done done);

/// Removes each of @p rest (one after another), then the folder @p folder itself.
void removeEach(QPointer<remote::RemoteFileSystem> files, QList<remote::RemoteFileInfo> rest, const QString &folder,
                Done done)
{
    if (!files)
        return;
    if (rest.isEmpty()) {
        files->remove(folder, done);
        return;
    }
    const remote::RemoteFileInfo first = rest.takeFirst();
    removeRecursively(files, first, [files, rest, folder, done](const Result<void> &result) {
        if (!result)
            done(result);
        else
            removeEach(files, rest, folder, done);
    });
}

void removeRecursively(QPointer<remote::RemoteFileSystem> files, const remote::RemoteFileInfo &info, Done done)
{
    if (!files)
        return;
    // A link is removed itself, never what it leads to.
    if (info.type != remote::RemoteFileInfo::Type::Folder) {
        files->remove(info.path, done);
        return;
    }
    const QString folder = info.path;
    files->list(folder, [files, folder, done](const Result<QList<remote::RemoteFileInfo>> &entries) {
        if (!entries)
            done(entries.error());
        else
            removeEach(files, *entries, folder, done);
    });
}

QString fileName(const QString &path)
{
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    return trimmed.mid(trimmed.lastIndexOf(QLatin1Char('/')) + 1);
}

/// The queue's progress column: a progress bar with "X of Y" on it.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const double fraction = index.data(TransferQueue::FractionRole).toDouble();
        const auto state = TransferQueue::State(index.data(TransferQueue::StateRole).toInt());
        if (state == TransferQueue::State::Queued || fraction < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem item(option);
        initStyleOption(&item, index);
        item.text.clear();
        QStyle *style = option.widget ? option.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &item, painter, option.widget);
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(fraction * 1000);
        bar.text = index.data(Qt::DisplayRole).toString();
        // "X of Y" when it fits, else the percentage.
        if (option.fontMetrics.horizontalAdvance(bar.text) > bar.rect.width() - 8)
            bar.text = QStringLiteral("%1%").arg(int(fraction * 100));
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
        bar.palette = option.palette;
        bar.fontMetrics = option.fontMetrics;
        bar.direction = option.direction;
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setHeight(std::max(size.height(), option.fontMetrics.height() + 8));
        return size;
    }
};

/// Elides at the right (the view elides paths in the middle): "Failed: cannot create /x/y…".
class ElideRightDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};

QToolButton *toolButton(QWidget *parent, QStyle::StandardPixmap icon, const QString &toolTip)
{
    auto *button = new QToolButton(parent);
    button->setIcon(parent->style()->standardIcon(icon));
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    return button;
}

QLabel *sideTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

TransferPanel::TransferPanel(remote::ServerConnections *connections, QWidget *parent)
    : QWidget(parent), m_connections(connections), m_queue(new TransferQueue(connections, this)),
      m_localModel(new QFileSystemModel(this)), m_remoteModel(new RemoteFileModel(this))
{
    setObjectName(QStringLiteral("transferPanel"));
    m_browsers = new QSplitter(Qt::Horizontal, this);
    m_browsers->setChildrenCollapsible(false);
    m_browsers->addWidget(buildLocalSide());
    m_browsers->addWidget(buildRemoteSide());
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_browsers);
    split->addWidget(buildQueue());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_queue, &TransferQueue::overallChanged, this, &TransferPanel::updateOverall);
    connect(m_queue, &TransferQueue::historyChanged, this, &TransferPanel::rebuildHistory);
    connect(m_queue, &TransferQueue::itemFinished, this, &TransferPanel::transferFinished);
    connect(m_connections->registry(), &remote::ServerRegistry::serversChanged, this, &TransferPanel::rebuildServers);
    connect(m_connections, &remote::ServerConnections::hostCreated, this, &TransferPanel::rebuildServers);

    rebuildServers();
    rebuildHistory();
    updateOverall();
    setLocalPath(QDir::homePath());
    updateRemoteStatus();
    updateButtons();
    updateLayout(false);
}

void TransferPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Two file lists side by side need about 90 characters; a side dock has less.
    updateLayout(width() < 90 * fontMetrics().horizontalAdvance(QLatin1Char('x')));
}

void TransferPanel::updateLayout(bool narrow)
{
    if (m_laidOut && narrow == m_narrow)
        return;
    m_laidOut = true;
    m_narrow = narrow;
    m_browsers->setOrientation(narrow ? Qt::Vertical : Qt::Horizontal);
    // The arrows point at the other side.
    m_uploadButton->setText(narrow ? tr("Upload ↓") : tr("Upload →"));
    m_downloadButton->setText(narrow ? tr("Download ↑") : tr("← Download"));
    // Rate and time left go to the item's tooltip when there is no room for them.
    QHeaderView *header = m_queueView->header();
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_queueView->setColumnHidden(TransferQueue::RateColumn, narrow);
    m_queueView->setColumnHidden(TransferQueue::EtaColumn, narrow);
    header->resizeSection(TransferQueue::ProgressColumn, (narrow ? 11 : 15) * em);
    header->resizeSection(TransferQueue::RateColumn, 9 * em);
    header->resizeSection(TransferQueue::EtaColumn, 6 * em);
    header->resizeSection(TransferQueue::StateColumn, (narrow ? 9 : 22) * em);
}

TransferPanel::~TransferPanel() = default;

QWidget *TransferPanel::buildLocalSide()
{
    auto *side = new QWidget(this);
    m_localModel->setReadOnly(true);
    m_localModel->setRootPath(QStringLiteral("/"));
    m_localModel->setFilter(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::AllDirs);
    m_localView = new QTreeView(side);
    m_localView->setObjectName(QStringLiteral("localFiles"));
    m_localView->setModel(m_localModel);
    m_localView->setColumnHidden(2, true); // the type column says little
    m_localView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_localView->setDragEnabled(true);
    m_localView->setDragDropMode(QAbstractItemView::DragDrop);
    m_localView->setDefaultDropAction(Qt::CopyAction);
    m_localView->setAcceptDrops(true);
    m_localView->viewport()->setAcceptDrops(true);
    m_localView->viewport()->installEventFilter(this);
    m_localView->setExpandsOnDoubleClick(false);
    m_localView->setUniformRowHeights(true);
    m_localView->setSortingEnabled(true);
    m_localView->sortByColumn(0, Qt::AscendingOrder);
    m_localView->header()->setStretchLastSection(false);
    m_localView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_localView->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_localView->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);

    auto *up = toolButton(side, QStyle::SP_FileDialogToParent, tr("Up one folder"));
    auto *home = toolButton(side, QStyle::SP_DirHomeIcon, tr("Your home folder"));
    m_localPathEdit = new QLineEdit(side);
    m_localPathEdit->setObjectName(QStringLiteral("localPath"));
    m_localPathEdit->setToolTip(tr("The folder on this computer; type a path and press Enter"));
    m_uploadButton = new QPushButton(side);
    m_uploadButton->setObjectName(QStringLiteral("uploadButton"));
    m_uploadButton->setToolTip(tr("Copy the selected files and folders to the server folder shown on the right"));

    auto *title = new QHBoxLayout;
    title->addWidget(sideTitle(tr("This computer"), side));
    title->addStretch(1);
    title->addWidget(m_uploadButton);
    auto *navigation = new QHBoxLayout;
    navigation->setSpacing(2);
    navigation->addWidget(up);
    navigation->addWidget(home);
    navigation->addWidget(m_localPathEdit, 1);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 2, 0);
    layout->addLayout(title);
    layout->addLayout(navigation);
    layout->addWidget(m_localView, 1);

    connect(up, &QToolButton::clicked, this, [this] {
        QDir dir(m_localPath);
        if (dir.cdUp())
            setLocalPath(dir.absolutePath());
    });
    connect(home, &QToolButton::clicked, this, [this] { setLocalPath(QDir::homePath()); });
    connect(m_localPathEdit, &QLineEdit::returnPressed, this, [this] { setLocalPath(m_localPathEdit->text()); });
    connect(m_localView, &QTreeView::doubleClicked, this, &TransferPanel::localActivated);
    m_localView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_localView, &QTreeView::customContextMenuRequested, this, &TransferPanel::showLocalMenu);
    connect(m_localView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TransferPanel::updateButtons);
    connect(m_uploadButton, &QPushButton::clicked, this, &TransferPanel::uploadSelected);
    return side;
}

QWidget *TransferPanel::buildRemoteSide()
{
    auto *side = new QWidget(this);
    m_serverCombo = new QComboBox(side);
    m_serverCombo->setObjectName(QStringLiteral("serverChooser"));
    m_serverCombo->setPlaceholderText(tr("Choose a server…"));
    m_serverCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_serverCombo->setMinimumContentsLength(12);
    m_serverCombo->setToolTip(tr("The server whose files are shown (its own SSH connection, apart from the kernels')"));
    m_downloadButton = new QPushButton(side);
    m_downloadButton->setObjectName(QStringLiteral("downloadButton"));
    m_downloadButton->setToolTip(tr("Copy the selected server files and folders to the folder shown on the left"));

    m_remoteUp = toolButton(side, QStyle::SP_FileDialogToParent, tr("Up one folder"));
    m_remoteHomeButton = toolButton(side, QStyle::SP_DirHomeIcon, tr("Your home folder on the server"));
    m_kernelFolder = new QToolButton(side);
    m_kernelFolder->setText(tr("Kernel's folder"));
    m_kernelFolder->setIcon(style()->standardIcon(QStyle::SP_DirLinkIcon));
    m_kernelFolder->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_kernelFolder->setAutoRaise(true);
    m_refresh = toolButton(side, QStyle::SP_BrowserReload, tr("List the folder again"));
    m_remotePathEdit = new QLineEdit(side);
    m_remotePathEdit->setObjectName(QStringLiteral("remotePath"));
    m_remotePathEdit->setToolTip(tr("The folder on the server; type a path and press Enter"));
    m_remoteStatus = new QLabel(side);
    m_remoteStatus->setObjectName(QStringLiteral("remoteStatus"));
    m_remoteStatus->setWordWrap(true);
    m_remoteStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_remoteView = new QTreeView(side);
    m_remoteView->setObjectName(QStringLiteral("remoteFiles"));
    m_remoteView->setModel(m_remoteModel);
    m_remoteView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_remoteView->setDragEnabled(true);
    m_remoteView->setDragDropMode(QAbstractItemView::DragDrop);
    m_remoteView->setDefaultDropAction(Qt::CopyAction);
    m_remoteView->setAcceptDrops(true);
    m_remoteView->viewport()->setAcceptDrops(true);
    m_remoteView->viewport()->installEventFilter(this);
    // Double-click enters a folder or opens a notebook; F2 (or Rename) edits a name.
    m_remoteView->setExpandsOnDoubleClick(false);
    m_remoteView->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_remoteView->setUniformRowHeights(true);
    m_remoteView->header()->setStretchLastSection(false);
    m_remoteView->header()->setSectionResizeMode(RemoteFileModel::NameColumn, QHeaderView::Stretch);
    m_remoteView->header()->setSectionResizeMode(RemoteFileModel::SizeColumn, QHeaderView::ResizeToContents);
    m_remoteView->header()->setSectionResizeMode(RemoteFileModel::ModifiedColumn, QHeaderView::ResizeToContents);

    m_newFolder = new QPushButton(tr("New Folder…"), side);
    m_rename = new QPushButton(tr("Rename"), side);
    m_rename->setToolTip(tr("Rename the selected item (F2)"));
    m_delete = new QPushButton(tr("Delete…"), side);
    auto *deleteKey = new QAction(m_remoteView);
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetShortcut);
    m_remoteView->addAction(deleteKey);
    connect(deleteKey, &QAction::triggered, this, [this] {
        if (m_delete->isEnabled())
            deleteRemoteSelection();
    });
    m_delete->setToolTip(tr("Delete the selected items on the server, folders with everything in them"));

    auto *title = new QHBoxLayout;
    title->addWidget(m_downloadButton);
    title->addStretch(1);
    title->addWidget(sideTitle(tr("Server"), side));
    title->addWidget(m_serverCombo);
    auto *navigation = new QHBoxLayout;
    navigation->setSpacing(2);
    navigation->addWidget(m_remoteUp);
    navigation->addWidget(m_remoteHomeButton);
    navigation->addWidget(m_refresh);
    navigation->addWidget(m_remotePathEdit, 1);
    navigation->addWidget(m_kernelFolder);
    auto *edits = new QHBoxLayout;
    edits->addStretch(1);
    edits->addWidget(m_newFolder);
    edits->addWidget(m_rename);
    edits->addWidget(m_delete);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(2, 0, 0, 0);
    layout->addLayout(title);
    layout->addLayout(navigation);
    layout->addWidget(m_remoteStatus);
    layout->addWidget(m_remoteView, 1);
    layout->addLayout(edits);

    connect(m_serverCombo, &QComboBox::activated, this,
            [this](int index) { setServer(m_serverCombo->itemText(index)); });
    connect(m_remoteUp, &QToolButton::clicked, this, &TransferPanel::remoteUp);
    connect(m_remoteHomeButton, &QToolButton::clicked, this, &TransferPanel::remoteHome);
    connect(m_kernelFolder, &QToolButton::clicked, this, &TransferPanel::goToKernelFolder);
    connect(m_refresh, &QToolButton::clicked, this, &TransferPanel::refreshRemote);
    connect(m_remotePathEdit, &QLineEdit::returnPressed, this, [this] { setRemotePath(m_remotePathEdit->text()); });
    connect(m_remoteView, &QTreeView::doubleClicked, this, &TransferPanel::remoteActivated);
    m_remoteView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_remoteView, &QTreeView::customContextMenuRequested, this, &TransferPanel::showRemoteMenu);
    connect(m_remoteView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TransferPanel::updateButtons);
    connect(m_remoteModel, &RemoteFileModel::modelReset, this, &TransferPanel::updateButtons);
    connect(m_remoteModel, &RemoteFileModel::loadingChanged, this, &TransferPanel::updateRemoteStatus);
    connect(m_remoteModel, &RemoteFileModel::folderListed, this, [this](const QString &folder) {
        if (folder == m_remoteModel->rootPath() && !m_remoteError.isEmpty()) {
            m_remoteError.clear();
            updateRemoteStatus();
        }
    });
    connect(m_remoteModel, &RemoteFileModel::errorOccurred, this,
            [this](const QString &, const Error &error) { showRemoteError(error.toString()); });
    connect(m_downloadButton, &QPushButton::clicked, this, &TransferPanel::downloadSelected);
    connect(m_newFolder, &QPushButton::clicked, this, &TransferPanel::newRemoteFolder);
    connect(m_rename, &QPushButton::clicked, this, &TransferPanel::renameRemote);
    connect(m_delete, &QPushButton::clicked, this, &TransferPanel::deleteRemoteSelection);
    return side;
}

QWidget *TransferPanel::buildQueue()
{
    auto *box = new QWidget(this);
    m_conflict = new QComboBox(box);
    m_conflict->setObjectName(QStringLiteral("conflictPolicy"));
    m_conflict->addItem(tr("Overwrite"), int(remote::TransferOptions::Conflict::Overwrite));
    m_conflict->addItem(tr("Skip"), int(remote::TransferOptions::Conflict::Skip));
    m_conflict->addItem(tr("Keep both"), int(remote::TransferOptions::Conflict::Rename));
    m_conflict->setToolTip(tr("What to do when a file of the same name is already there; \"Keep both\" "
                              "writes \"name (1).ext\""));
    m_verify = new QCheckBox(tr("Verify checksums"), box);
    m_verify->setToolTip(tr("After each file, compare its SHA-256 with the copy's"));
    m_overall = new QProgressBar(box);
    m_overall->setObjectName(QStringLiteral("overallProgress"));
    m_overall->setRange(0, 1000);
    m_overall->setMinimumWidth(100);

    m_queueView = new QTreeView(box);
    m_queueView->setObjectName(QStringLiteral("transferQueue"));
    m_queueView->setModel(m_queue);
    m_queueView->setRootIsDecorated(false);
    m_queueView->setUniformRowHeights(true);
    m_queueView->setAlternatingRowColors(true);
    m_queueView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setTextElideMode(Qt::ElideMiddle);
    m_queueView->setItemDelegateForColumn(TransferQueue::ProgressColumn, new ProgressDelegate(m_queueView));
    m_queueView->setItemDelegateForColumn(TransferQueue::StateColumn, new ElideRightDelegate(m_queueView));
    QHeaderView *header = m_queueView->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(TransferQueue::TransferColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TransferQueue::ProgressColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(TransferQueue::RateColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(TransferQueue::EtaColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(TransferQueue::StateColumn, QHeaderView::Interactive);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));

    m_history = new QTreeWidget(box);
    m_history->setObjectName(QStringLiteral("transferHistory"));
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->setAlternatingRowColors(true);
    m_history->setTextElideMode(Qt::ElideMiddle);
    m_history->setHeaderLabels({tr("Finished"), tr("Transfer"), tr("Result")});
    m_history->header()->setStretchLastSection(false);
    m_history->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_history->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_history->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_history->header()->resizeSection(2, 22 * em);

    m_tabs = new QTabWidget(box);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_queueView, tr("Queue"));
    m_tabs->addTab(m_history, tr("History"));

    m_cancel = new QPushButton(tr("Cancel"), box);
    m_cancel->setObjectName(QStringLiteral("cancelTransfers"));
    m_cancel->setToolTip(tr("Stop the selected transfers (what was copied stays, for a retry)"));
    m_retry = new QPushButton(tr("Retry"), box);
    m_retry->setObjectName(QStringLiteral("retryTransfers"));
    m_retry->setToolTip(tr("Queue the selected failed or cancelled transfers again; they go on where they stopped"));
    m_clear = new QPushButton(tr("Clear Finished"), box);
    m_clear->setObjectName(QStringLiteral("clearFinished"));
    m_clear->setToolTip(tr("Remove finished transfers from the queue (the history keeps them)"));

    auto *options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("If a file exists:"), box));
    options->addWidget(m_conflict);
    options->addWidget(m_verify);
    options->addStretch(1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_overall, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_clear);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(options);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);

    connect(m_queueView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TransferPanel::updateButtons);
    connect(m_queue, &TransferQueue::dataChanged, this, &TransferPanel::updateButtons);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        for (quint64 id : selectedQueueIds())
            m_queue->cancel(id);
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        for (quint64 id : selectedQueueIds())
            m_queue->retry(id);
    });
    connect(m_clear, &QPushButton::clicked, m_queue, &TransferQueue::clearFinished);
    return box;
}

void TransferPanel::rebuildServers()
{
    if (!m_connections)
        return;
    QStringList names;
    for (const remote::ServerConfig &server : m_connections->registry()->servers())
        names << server.name;
    for (remote::RemoteHost *host : m_connections->hosts())
        if (!names.contains(host->server().name))
            names << host->server().name;
    if (!m_server.isEmpty() && !names.contains(m_server))
        names << m_server;
    QStringList current;
    for (int i = 0; i < m_serverCombo->count(); ++i)
        current << m_serverCombo->itemText(i);
    if (current != names) {
        const QSignalBlocker blocker(m_serverCombo);
        m_serverCombo->clear();
        m_serverCombo->addItems(names);
    }
    m_serverCombo->setCurrentIndex(int(names.indexOf(m_server)));
}

remote::RemoteFileSystem *TransferPanel::files() const
{
    return m_remoteModel->fileSystem();
}

void TransferPanel::setServer(const QString &server)
{
    if (server == m_server && files()) {
        updateRemoteStatus();
        return;
    }
    if (!m_server.isEmpty() && !m_remoteModel->rootPath().isEmpty())
        m_lastRemotePath[m_server] = m_remoteModel->rootPath();
    QObject::disconnect(m_stateConnection);
    ++m_navigation;
    m_server = server;
    m_host = nullptr;
    m_remoteError.clear();
    m_remoteModel->setFileSystem(nullptr, server);
    m_remotePathEdit->clear();
    rebuildServers();
    if (server.isEmpty()) {
        updateRemoteStatus();
        updateButtons();
        return;
    }
    if (!m_connections)
        return;
    auto host = m_connections->host(server);
    if (!host) {
        showRemoteError(host.error().toString());
        updateButtons();
        return;
    }
    m_host = *host;
    remote::RemoteFileSystem *fs = m_host->files();
    m_stateConnection = connect(m_host->fileSession(), &remote::SshSession::stateChanged, this,
                                [this](remote::SshSession::State state) {
                                    // Back after a failure: list what could not be listed.
                                    if (state == remote::SshSession::State::Connected && !m_remoteError.isEmpty())
                                        refreshRemote();
                                    updateRemoteStatus();
                                });
    m_remoteModel->setFileSystem(fs, server);
    updateRemoteStatus();
    updateButtons();
    // RemoteFileSystem opens the session on its first call; "Connecting…" shows meanwhile.
    const auto remembered = m_lastRemotePath.find(server);
    if (remembered != m_lastRemotePath.end())
        navigateRemote(remembered->second);
    else
        remoteHome();
}

void TransferPanel::withHome(std::function<void(const QString &)> then)
{
    if (const auto it = m_homes.find(m_server); it != m_homes.end()) {
        then(it->second);
        return;
    }
    remote::RemoteFileSystem *fs = files();
    if (!fs)
        return;
    QPointer<TransferPanel> self(this);
    const QString server = m_server;
    fs->homePath([self, server, then](const Result<QString> &home) {
        if (!self || self->m_server != server)
            return;
        if (!home) {
            self->showRemoteError(home.error().toString());
            return;
        }
        self->m_homes[server] = *home;
        then(*home);
    });
}

void TransferPanel::setRemotePath(const QString &path)
{
    const QString trimmed = path.trimmed();
    if (trimmed.startsWith(QLatin1Char('/'))) {
        navigateRemote(trimmed);
        return;
    }
    QPointer<TransferPanel> self(this);
    const quint64 ticket = ++m_navigation;
    withHome([self, trimmed, ticket](const QString &home) {
        if (!self || self->m_navigation != ticket)
            return;
        QString relative = trimmed;
        if (relative == QLatin1String("~"))
            relative.clear();
        else if (relative.startsWith(QLatin1String("~/")))
            relative = relative.mid(2);
        self->navigateRemote(relative.isEmpty() ? home : RemoteFileModel::joinPath(home, relative));
    });
}

void TransferPanel::navigateRemote(const QString &absolutePath)
{
    if (!files())
        return;
    const QString path = QDir::cleanPath(absolutePath);
    ++m_navigation;
    m_remoteError.clear();
    m_lastRemotePath[m_server] = path;
    m_remotePathEdit->setText(path);
    m_remoteModel->setRootPath(path);
    updateRemoteStatus();
    updateButtons();
}

QString TransferPanel::remotePath() const
{
    return m_remoteModel->rootPath();
}

void TransferPanel::remoteUp()
{
    const QString path = m_remoteModel->rootPath();
    if (!path.isEmpty() && path != QLatin1String("/"))
        navigateRemote(RemoteFileModel::parentPath(path));
}

void TransferPanel::remoteHome()
{
    QPointer<TransferPanel> self(this);
    const quint64 ticket = ++m_navigation;
    withHome([self, ticket](const QString &home) {
        if (self && self->m_navigation == ticket)
            self->navigateRemote(home);
    });
}

void TransferPanel::refreshRemote()
{
    if (!files()) {
        if (!m_server.isEmpty())
            setServer(m_server);
        return;
    }
    if (m_remoteModel->rootPath().isEmpty()) {
        remoteHome();
        return;
    }
    m_remoteError.clear();
    m_remoteModel->refresh();
    updateRemoteStatus();
}

void TransferPanel::setKernelWorkingDirectory(const QString &server, const QString &dir)
{
    m_kernelFolders[server] = dir;
    m_lastKernelServer = server;
    updateButtons();
}

void TransferPanel::goToKernelFolder()
{
    QString server = m_server;
    if (!m_kernelFolders.count(server))
        server = m_lastKernelServer;
    const auto it = m_kernelFolders.find(server);
    if (it == m_kernelFolders.end())
        return;
    const QString dir = it->second;
    if (server != m_server) {
        // Start in the kernel's folder rather than where this server was left.
        m_lastRemotePath.erase(server);
        setServer(server);
    }
    setRemotePath(dir.isEmpty() ? QStringLiteral("~") : dir);
}

void TransferPanel::setLocalPath(const QString &path)
{
    const QFileInfo info(path.trimmed());
    if (!info.isDir()) {
        m_localPathEdit->setText(m_localPath);
        return;
    }
    m_localPath = info.absoluteFilePath();
    m_localPathEdit->setText(QDir::toNativeSeparators(m_localPath));
    m_localView->setRootIndex(m_localModel->index(m_localPath));
    m_localView->clearSelection();
    updateButtons();
}

void TransferPanel::localActivated(const QModelIndex &index)
{
    if (m_localModel->isDir(index))
        setLocalPath(m_localModel->filePath(index));
}

void TransferPanel::remoteActivated(const QModelIndex &index)
{
    const remote::RemoteFileInfo info = m_remoteModel->fileInfo(index);
    if (info.path.isEmpty())
        return;
    if (info.isFolder())
        navigateRemote(info.path);
    else if (info.name.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive))
        Q_EMIT openNotebookRequested(m_server, info.path);
}

remote::TransferOptions TransferPanel::transferOptions() const
{
    remote::TransferOptions options;
    options.conflict = remote::TransferOptions::Conflict(m_conflict->currentData().toInt());
    options.verify = m_verify->isChecked();
    return options;
}

void TransferPanel::upload(const QStringList &localPaths, const QString &remoteFolder)
{
    if (m_server.isEmpty() || remoteFolder.isEmpty())
        return;
    for (const QString &path : localPaths) {
        const QString source = QFileInfo(path).absoluteFilePath();
        m_queue->enqueue(m_server, remote::SftpTransfer::Direction::Upload, source,
                         RemoteFileModel::joinPath(remoteFolder, fileName(source)), transferOptions());
    }
    m_tabs->setCurrentWidget(m_queueView);
}

void TransferPanel::download(const QString &server, const QStringList &remotePaths, const QString &localFolder)
{
    if (server.isEmpty() || localFolder.isEmpty())
        return;
    for (const QString &path : remotePaths)
        m_queue->enqueue(server, remote::SftpTransfer::Direction::Download, path,
                         QDir(localFolder).filePath(fileName(path)), transferOptions());
    m_tabs->setCurrentWidget(m_queueView);
}

void TransferPanel::uploadSelected()
{
    upload(selectedLocalPaths(), m_remoteModel->rootPath());
}

void TransferPanel::downloadSelected()
{
    download(m_server, selectedRemotePaths(), m_localPath);
}

QStringList TransferPanel::selectedLocalPaths() const
{
    QStringList paths;
    for (const QModelIndex &index : m_localView->selectionModel()->selectedRows(0))
        paths << m_localModel->filePath(index);
    return paths;
}

QStringList TransferPanel::selectedRemotePaths() const
{
    QStringList paths;
    for (const QModelIndex &index : m_remoteView->selectionModel()->selectedRows(RemoteFileModel::NameColumn))
        paths << m_remoteModel->fileInfo(index).path;
    return paths;
}

QList<quint64> TransferPanel::selectedQueueIds() const
{
    QList<quint64> ids;
    for (const QModelIndex &index : m_queueView->selectionModel()->selectedRows(0))
        ids << m_queue->idAt(index.row());
    return ids;
}

void TransferPanel::makeRemoteFolder(const QString &name)
{
    remote::RemoteFileSystem *fs = files();
    const QString folder = m_remoteModel->rootPath();
    if (!fs || folder.isEmpty() || name.trimmed().isEmpty())
        return;
    QPointer<TransferPanel> self(this);
    fs->makeFolder(RemoteFileModel::joinPath(folder, name.trimmed()), [self, folder](const Result<void> &result) {
        if (!self)
            return;
        if (!result)
            self->showRemoteError(result.error().toString());
        self->m_remoteModel->refresh(folder);
    });
}

void TransferPanel::newRemoteFolder()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Folder"),
                                               tr("New folder in %1:").arg(m_remoteModel->rootPath()),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok)
        makeRemoteFolder(name);
}

void TransferPanel::renameRemote()
{
    const QModelIndex current = m_remoteView->currentIndex();
    if (current.isValid())
        m_remoteView->edit(current.siblingAtColumn(RemoteFileModel::NameColumn));
}

void TransferPanel::deleteRemote(const QStringList &paths)
{
    remote::RemoteFileSystem *fs = files();
    if (!fs)
        return;
    QPointer<TransferPanel> self(this);
    for (const QString &path : paths) {
        const QModelIndex index = m_remoteModel->indexForPath(path);
        remote::RemoteFileInfo info = m_remoteModel->fileInfo(index);
        if (!index.isValid()) {
            info = remote::RemoteFileInfo();
            info.path = path;
            info.type = remote::RemoteFileInfo::Type::File;
        }
        removeRecursively(fs, info, [self, path](const Result<void> &result) {
            if (!self)
                return;
            if (!result)
                self->showRemoteError(result.error().toString());
            self->m_remoteModel->refresh(RemoteFileModel::parentPath(path));
        });
    }
}

void TransferPanel::deleteRemoteSelection()
{
    const QStringList paths = selectedRemotePaths();
    if (paths.isEmpty())
        return;
    const QString question = paths.size() == 1
                                     ? tr("Delete \"%1\" on %2? Folders are deleted with everything in them; "
                                          "this cannot be undone.")
                                               .arg(paths.first(), m_server)
                                     : tr("Delete %n items on %1? Folders are deleted with everything in them; "
                                          "this cannot be undone.",
                                          nullptr, int(paths.size()))
                                               .arg(m_server);
    if (QMessageBox::question(this, tr("Delete on Server"), question) == QMessageBox::Yes)
        deleteRemote(paths);
}

QAction *TransferPanel::showHiddenAction()
{
    if (!m_showHidden) {
        m_showHidden = new QAction(tr("Show Hidden Files"), this);
        m_showHidden->setCheckable(true);
        connect(m_showHidden, &QAction::toggled, this, &TransferPanel::setShowHidden);
    }
    return m_showHidden;
}

void TransferPanel::setShowHidden(bool show)
{
    // Both sides alike.
    QDir::Filters filters = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::AllDirs;
    if (show)
        filters |= QDir::Hidden;
    m_localModel->setFilter(filters);
    m_remoteModel->setShowHidden(show);
    showHiddenAction()->setChecked(show);
}

void TransferPanel::showLocalMenu(const QPoint &position)
{
    QMenu menu(this);
    QAction *upload = menu.addAction(tr("Upload to %1").arg(m_server.isEmpty() ? tr("Server") : m_server),
                                     this, &TransferPanel::uploadSelected);
    upload->setEnabled(m_uploadButton->isEnabled());
    menu.addSeparator();
    menu.addAction(showHiddenAction());
    menu.exec(m_localView->viewport()->mapToGlobal(position));
}

void TransferPanel::showRemoteMenu(const QPoint &position)
{
    QMenu menu(this);
    const QModelIndex index = m_remoteView->indexAt(position);
    const remote::RemoteFileInfo info = m_remoteModel->fileInfo(index);
    if (index.isValid() && info.isFolder())
        menu.addAction(tr("Open Folder"), this, [this, path = info.path] { navigateRemote(path); });
    else if (index.isValid() && info.name.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive))
        menu.addAction(tr("Open Notebook"), this,
                       [this, path = info.path] { Q_EMIT openNotebookRequested(m_server, path); });
    menu.addAction(tr("Download"), this, &TransferPanel::downloadSelected)->setEnabled(m_downloadButton->isEnabled());
    menu.addSeparator();
    menu.addAction(tr("New Folder…"), this, &TransferPanel::newRemoteFolder)->setEnabled(m_newFolder->isEnabled());
    menu.addAction(tr("Rename"), this, &TransferPanel::renameRemote)->setEnabled(m_rename->isEnabled());
    menu.addAction(tr("Delete…"), this, &TransferPanel::deleteRemoteSelection)->setEnabled(m_delete->isEnabled());
    menu.addSeparator();
    menu.addAction(tr("Refresh"), this, &TransferPanel::refreshRemote)->setEnabled(m_refresh->isEnabled());
    menu.addAction(showHiddenAction());
    menu.exec(m_remoteView->viewport()->mapToGlobal(position));
}

void TransferPanel::showRemoteError(const QString &message)
{
    m_remoteError = message;
    updateRemoteStatus();
}

void TransferPanel::updateRemoteStatus()
{
    QString text;
    if (m_server.isEmpty()) {
        text = m_serverCombo->count() ? tr("Choose a server to see its files.")
                                      : tr("No servers: add one in the Servers panel or in ~/.ssh/config.");
    } else if (!m_remoteError.isEmpty()) {
        text = m_remoteError;
    } else if (m_host) {
        const remote::SshSession *session = m_host->fileSession();
        switch (session->state()) {
        case remote::SshSession::State::Idle:
        case remote::SshSession::State::Connecting: text = tr("Connecting to %1…").arg(m_server); break;
        case remote::SshSession::State::Reconnecting: text = tr("Reconnecting to %1…").arg(m_server); break;
        case remote::SshSession::State::Failed:
            text = tr("Cannot connect to %1: %2").arg(m_server, session->lastError().toString());
            break;
        case remote::SshSession::State::Closed: text = tr("Disconnected from %1.").arg(m_server); break;
        case remote::SshSession::State::Connected:
            // Only a first listing says so: a refresh keeps the rows in place meanwhile.
            if (m_remoteModel->isLoading() && m_remoteModel->rowCount() == 0)
                text = tr("Listing %1…").arg(m_remoteModel->rootPath());
            break;
        }
    }
    m_remoteStatus->setText(text);
    m_remoteStatus->setVisible(!text.isEmpty());
}

void TransferPanel::updateButtons()
{
    const bool browsing = files() && !m_remoteModel->rootPath().isEmpty();
    const bool remoteSelection = m_remoteView->selectionModel()->hasSelection();
    m_uploadButton->setEnabled(browsing && m_localView->selectionModel()->hasSelection());
    m_downloadButton->setEnabled(browsing && remoteSelection);
    m_remoteUp->setEnabled(browsing && m_remoteModel->rootPath() != QLatin1String("/"));
    m_remoteHomeButton->setEnabled(files() != nullptr);
    m_refresh->setEnabled(!m_server.isEmpty());
    m_remotePathEdit->setEnabled(files() != nullptr);
    m_newFolder->setEnabled(browsing);
    m_rename->setEnabled(browsing && m_remoteView->currentIndex().isValid());
    m_delete->setEnabled(browsing && remoteSelection);

    const QString kernelServer = m_kernelFolders.count(m_server) ? m_server : m_lastKernelServer;
    const auto kernel = m_kernelFolders.find(kernelServer);
    m_kernelFolder->setEnabled(kernel != m_kernelFolders.end());
    m_kernelFolder->setToolTip(kernel == m_kernelFolders.end()
                                       ? tr("The folder the notebook's kernel runs in, once it runs on a server")
                                       : tr("The folder the notebook's kernel runs in: %1 on %2")
                                                 .arg(kernel->second.isEmpty() ? tr("the home folder") : kernel->second,
                                                      kernelServer));

    bool cancellable = false, retryable = false;
    for (quint64 id : selectedQueueIds()) {
        if (const TransferQueue::Item *item = m_queue->item(id)) {
            cancellable |= item->state == TransferQueue::State::Queued || item->state == TransferQueue::State::Running;
            retryable |= item->state == TransferQueue::State::Failed || item->state == TransferQueue::State::Cancelled;
        }
    }
    m_cancel->setEnabled(cancellable);
    m_retry->setEnabled(retryable);
}

void TransferPanel::updateOverall()
{
    const TransferQueue::Overall overall = m_queue->overall();
    m_overall->setEnabled(overall.itemsTotal > 0);
    m_overall->setValue(int(overall.fraction * 1000));
    if (overall.itemsTotal == 0)
        m_overall->setFormat(tr("No transfers"));
    else if (overall.itemsFailed > 0)
        m_overall->setFormat(tr("%1 of %2 done, %3 failed")
                                     .arg(overall.itemsFinished - overall.itemsFailed)
                                     .arg(overall.itemsTotal)
                                     .arg(overall.itemsFailed));
    else
        m_overall->setFormat(tr("%1 of %2 finished").arg(overall.itemsFinished).arg(overall.itemsTotal));
    bool anyFinished = false;
    for (const TransferQueue::Item &item : m_queue->items())
        anyFinished |= item.state != TransferQueue::State::Queued && item.state != TransferQueue::State::Running;
    m_clear->setEnabled(anyFinished);
}

void TransferPanel::rebuildHistory()
{
    m_history->clear();
    QList<QTreeWidgetItem *> rows;
    for (const TransferQueue::HistoryEntry &entry : m_queue->history()) {
        const QString transfer = entry.direction == remote::SftpTransfer::Direction::Upload
                                         ? tr("%1 → %2:%3").arg(entry.source, entry.server, entry.destination)
                                         : tr("%1:%2 → %3").arg(entry.server, entry.source, entry.destination);
        QString result = TransferQueue::stateText(entry.state);
        if (entry.state == TransferQueue::State::Done)
            result = tr("Done, %1").arg(QLocale().formattedDataSize(entry.bytes, 1));
        else if (!entry.error.isEmpty())
            result = tr("%1: %2").arg(result, entry.error);
        auto *row = new QTreeWidgetItem({QLocale().toString(entry.finished, QLocale::ShortFormat), transfer, result});
        row->setToolTip(1, transfer);
        row->setToolTip(2, result);
        if (entry.state == TransferQueue::State::Failed)
            row->setForeground(2, QColor(0xd0, 0x3a, 0x2f));
        rows << row;
    }
    m_history->addTopLevelItems(rows);
}

void TransferPanel::transferFinished(quint64 id)
{
    const TransferQueue::Item *item = m_queue->item(id);
    if (!item)
        return;
    // The local side follows the disk by itself (QFileSystemModel watches it); the server's
    // folder is listed again.
    if (item->direction == remote::SftpTransfer::Direction::Upload && item->server == m_server
        && item->state != TransferQueue::State::Cancelled)
        m_remoteModel->refresh(RemoteFileModel::parentPath(item->destination));
    updateButtons();
}

bool TransferPanel::eventFilter(QObject *watched, QEvent *event)
{
    // (Events come while the panel is being built: either view may not exist yet.)
    const bool remoteSide = m_remoteView && watched == m_remoteView->viewport();
    const bool localSide = m_localView && watched == m_localView->viewport();
    if (!remoteSide && !localSide)
        return QWidget::eventFilter(watched, event);
    if (event->type() != QEvent::DragEnter && event->type() != QEvent::DragMove && event->type() != QEvent::Drop)
        return QWidget::eventFilter(watched, event);
    auto *drop = static_cast<QDropEvent *>(event);
    const QMimeData *mime = drop->mimeData();
    const QPoint position = drop->position().toPoint();

    // Files from this computer (the local side or the desktop) dropped on the server's side
    // are uploaded; server items dropped on the local side are downloaded. Anything else
    // (a drag inside one side) is refused: neither side moves files about by dragging.
    QStringList localFiles;
    if (remoteSide && mime->hasUrls() && files() && !m_remoteModel->rootPath().isEmpty())
        for (const QUrl &url : mime->urls())
            if (url.isLocalFile())
                localFiles << url.toLocalFile();
    QString server;
    QStringList remotePaths;
    if (localSide && mime->hasFormat(RemoteFileModel::kRemoteFilesMime)) {
        const QJsonObject object = QJsonDocument::fromJson(mime->data(RemoteFileModel::kRemoteFilesMime)).object();
        server = object.value(QStringLiteral("server")).toString();
        for (const QJsonValue &path : object.value(QStringLiteral("paths")).toArray())
            remotePaths << path.toString();
    }
    if (localFiles.isEmpty() && remotePaths.isEmpty()) {
        drop->ignore();
        return true;
    }
    if (event->type() != QEvent::Drop) {
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        return true;
    }
    drop->setDropAction(Qt::CopyAction);
    drop->accept();
    if (remoteSide) {
        // On a folder: into it; elsewhere: into the folder shown.
        const QModelIndex index = m_remoteView->indexAt(position);
        const remote::RemoteFileInfo target = m_remoteModel->fileInfo(index);
        upload(localFiles, index.isValid() && target.isFolder() ? target.path : m_remoteModel->rootPath());
    } else {
        const QModelIndex index = m_localView->indexAt(position);
        download(server, remotePaths,
                 index.isValid() && m_localModel->isDir(index) ? m_localModel->filePath(index) : m_localPath);
    }
    return true;
}

} // namespace cumulus
