// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The Transfers dock offscreen against a real OpenSSH sshd (sshdfixture.h, whose "server" is
// this machine, so the test reads the server's files from the disk). Remote paths are
// absolute, under the fixture's server-home: internal-sftp starts in the account's real home,
// not the fixture's SetEnv HOME, and nothing may land in the real ~.

#include "../app/sandbox.h"
#include "panels/remotefilemodel.h"
#include "panels/transferpanel.h"
#include "panels/transferqueue.h"
#include "remotehost.h"
#include "serverconnections.h"
#include "filetestsupport.h"
#include "sshdfixture.h"
#include "sshsession.h"
#include "transferdock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDropEvent>
#include <QFileSystemModel>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUrl>

using namespace cumulus;

namespace {

constexpr int kWaitMs = 60000;
constexpr int kLargeMs = 200000;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("missing: ") + path.toUtf8();
}

QStringList names(const RemoteFileModel *model, const QModelIndex &parent = QModelIndex())
{
    QStringList list;
    for (int row = 0; row < model->rowCount(parent); ++row)
        list << model->index(row, 0, parent).data().toString();
    return list;
}

QString describe(const TransferQueue *queue)
{
    QStringList lines;
    for (const TransferQueue::Item &item : queue->items())
        lines << QStringLiteral("%1 %2 → %3: %4 %5")
                         .arg(item.id)
                         .arg(item.source, item.destination, TransferQueue::stateText(item.state), item.error);
    return lines.join(QLatin1Char('\n'));
}

/// Sends a drop of @p mime at @p position to @p view's viewport, as a drag from elsewhere ends.
void drop(QTreeView *view, QMimeData *mime, const QPoint &position)
{
    QDragEnterEvent enter(position, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &enter);
    QDropEvent event(QPointF(position), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &event);
}

} // namespace

class TestTransferPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listsRemoteFolderLazily();
    void uploadSelectedLocalFile();
    void conflictPolicyAndVerify();
    void dropFromDesktopUploads();
    void downloadSelectedAndDragToLocal();
    void queueOfSeveralRunsThemAll();
    void cancelLargeThenRetry();
    void errorShowsInItem();
    void folderOperations();
    void doubleClickOpensNotebookOrEntersFolder();
    void kernelFolderBookmark();
    void unreachableServerShowsInPlace();
    void screenshot();

private:
    QString remote(const QString &name) const { return m_remoteBase + QLatin1Char('/') + name; }
    QString local(const QString &name) const { return m_localBase + QLatin1Char('/') + name; }
    /// Shows @p folder on the server and waits for its listing.
    bool showRemote(const QString &folder);
    /// Waits until item @p id ends; returns its state.
    TransferQueue::State waitFor(quint64 id, int timeoutMs = kWaitMs);
    quint64 lastId() const { return m_panel->queue()->items().isEmpty() ? 0 : m_panel->queue()->items().last().id; }
    QModelIndex remoteIndex(const QString &name);

    ::test::Sshd m_sshd;
    QTemporaryDir m_dir;
    QString m_remoteBase, m_localBase;
    std::unique_ptr<remote::ServerConnections> m_connections;
    std::unique_ptr<TransferDock> m_dock;
    TransferPanel *m_panel = nullptr;
};

void TestTransferPanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    cumulus::test::sandboxUserDirectories(m_dir.path(), QStringLiteral("tst_transferpanel"));
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qputenv("CUMULUS_SSH_CONFIG", QFile::encodeName(m_sshd.writeSshConfig()));
    qunsetenv("SSH_AUTH_SOCK");
    m_remoteBase = m_sshd.remoteHome + QStringLiteral("/files");
    m_localBase = m_sshd.root + QStringLiteral("/local");
    QVERIFY(QDir().mkpath(m_remoteBase + QStringLiteral("/folder-a")));
    QVERIFY(QDir().mkpath(m_localBase));
    QVERIFY(::test::writeFile(remote(QStringLiteral("data.txt")), "some data\n"));
    QVERIFY(::test::writeFile(remote(QStringLiteral("folder-a/inner.txt")), "inner\n"));
    QVERIFY(::test::writeFile(remote(QStringLiteral("analysis.ipynb")), "{}\n"));
    QVERIFY(::test::writeFile(remote(QStringLiteral(".hidden")), "hidden\n"));

    m_connections = std::make_unique<remote::ServerConnections>();
    // Nothing should be asked (the fixture's known_hosts has the key, the key has no passphrase).
    connect(m_connections.get(), &remote::ServerConnections::promptRequested, this,
            [](remote::RemoteHost *, remote::SshSession *session, const remote::SshPrompt &prompt) {
                session->answerPrompt(prompt.id, std::nullopt);
            });
    m_dock = std::make_unique<TransferDock>(m_connections.get());
    m_dock->resize(1280, 760);
    m_dock->show();
    m_panel = m_dock->panel();
    QVERIFY(QTest::qWaitForWindowExposed(m_dock.get()));
}

void TestTransferPanel::cleanupTestCase()
{
    m_dock.reset();
    m_connections.reset();
    m_sshd.stop();
}

bool TestTransferPanel::showRemote(const QString &folder)
{
    QSignalSpy listed(m_panel->remoteModel(), &RemoteFileModel::folderListed);
    m_panel->setRemotePath(folder);
    return QTest::qWaitFor([&] {
        return m_panel->remotePath() == folder && !m_panel->remoteModel()->isLoading()
               && !listed.isEmpty();
    }, kWaitMs);
}

TransferQueue::State TestTransferPanel::waitFor(quint64 id, int timeoutMs)
{
    const TransferQueue *queue = m_panel->queue();
    (void)QTest::qWaitFor([&] {
        const TransferQueue::Item *item = queue->item(id);
        return !item || (item->state != TransferQueue::State::Queued && item->state != TransferQueue::State::Running);
    }, timeoutMs);
    const TransferQueue::Item *item = queue->item(id);
    return item ? item->state : TransferQueue::State::Failed;
}

QModelIndex TestTransferPanel::remoteIndex(const QString &name)
{
    QModelIndex found;
    (void)QTest::qWaitFor([&] {
        found = m_panel->remoteModel()->indexForPath(remote(name));
        return found.isValid();
    }, kWaitMs);
    return found;
}

void TestTransferPanel::listsRemoteFolderLazily()
{
    // Choosing the server connects its file session and shows its home.
    QVERIFY(m_panel->serverChooser()->findText(QStringLiteral("test-sshd")) >= 0);
    QVERIFY(m_panel->remoteStatus()->isVisible()); // "Choose a server…"
    m_panel->setServer(QStringLiteral("test-sshd"));
    QCOMPARE(m_panel->serverChooser()->currentText(), QStringLiteral("test-sshd"));
    // In place, while the file session logs in (the window goes on meanwhile).
    QVERIFY(m_panel->remoteStatus()->isVisible());
    QCOMPARE(m_panel->remoteStatus()->text(), QStringLiteral("Connecting to test-sshd…"));
    QVERIFY2(QTest::qWaitFor([&] { return !m_panel->remotePath().isEmpty() && !m_panel->remoteModel()->isLoading(); },
                             kWaitMs),
             qPrintable(m_panel->remoteStatus()->text()));

    QVERIFY(showRemote(m_remoteBase));
    RemoteFileModel *model = m_panel->remoteModel();
    QCOMPARE(names(model), (QStringList{QStringLiteral("folder-a"), QStringLiteral("analysis.ipynb"),
                                        QStringLiteral("data.txt")}));
    QVERIFY(m_panel->remoteStatus()->isHidden());
    QVERIFY(model->data(model->index(0, 0), RemoteFileModel::IsFolderRole).toBool());
    QVERIFY(!model->data(model->index(2, 0), RemoteFileModel::IsFolderRole).toBool());
    QCOMPARE(model->data(model->index(2, RemoteFileModel::SizeColumn)).toString(), QLocale().formattedDataSize(10));

    // Names starting with "." only on request, as on the local side.
    model->setShowHidden(true);
    QVERIFY(QTest::qWaitFor([&] { return names(model).contains(QStringLiteral(".hidden")); }, kWaitMs));
    model->setShowHidden(false);
    QVERIFY(QTest::qWaitFor([&] { return names(model).size() == 3 && !model->isLoading(); }, kWaitMs));
    QVERIFY(!names(model).contains(QStringLiteral(".hidden")));

    // Folders below are listed when they are opened, not before.
    const QModelIndex folder = model->index(0, 0);
    QCOMPARE(model->rowCount(folder), 0);
    QVERIFY(model->hasChildren(folder));
    QVERIFY(model->canFetchMore(folder));
    m_panel->remoteView()->expand(folder);
    QVERIFY(QTest::qWaitFor([&] { return model->rowCount(folder) == 1; }, kWaitMs));
    QCOMPARE(names(model, folder), QStringList{QStringLiteral("inner.txt")});
    QCOMPARE(model->data(model->index(0, 0, folder), RemoteFileModel::PathRole).toString(),
             remote(QStringLiteral("folder-a/inner.txt")));
}

void TestTransferPanel::uploadSelectedLocalFile()
{
    const QByteArray bytes = ::test::randomBytes(300'000);
    QVERIFY(::test::writeFile(local(QStringLiteral("up.bin")), bytes));
    QVERIFY(showRemote(m_remoteBase));
    m_panel->setLocalPath(m_localBase);
    QCOMPARE(m_panel->localPath(), m_localBase);
    const QModelIndex index = m_panel->localModel()->index(local(QStringLiteral("up.bin")));
    QVERIFY(index.isValid());
    m_panel->localView()->selectionModel()->select(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto *upload = m_panel->findChild<QPushButton *>(QStringLiteral("uploadButton"));
    QVERIFY(upload && upload->isEnabled());
    upload->click();
    const quint64 id = lastId();
    QVERIFY(id);
    QCOMPARE(m_panel->queue()->item(id)->destination, remote(QStringLiteral("up.bin")));
    QCOMPARE(waitFor(id), TransferQueue::State::Done);
    QCOMPARE(readFile(remote(QStringLiteral("up.bin"))), bytes);
    // The server's side is listed again after the transfer.
    QVERIFY(remoteIndex(QStringLiteral("up.bin")).isValid());
    const QModelIndex row = m_panel->queue()->index(m_panel->queue()->rowOf(id), TransferQueue::StateColumn);
    QCOMPARE(row.data().toString(), QStringLiteral("Done"));
    QCOMPARE(row.data(TransferQueue::FractionRole).toDouble(), 1.0);
}

void TestTransferPanel::conflictPolicyAndVerify()
{
    // up.bin is on the server already (uploadSelectedLocalFile).
    const QByteArray bytes = readFile(local(QStringLiteral("up.bin")));
    QComboBox *conflict = m_panel->conflictChooser();
    conflict->setCurrentIndex(conflict->findText(QStringLiteral("Keep both")));
    m_panel->verifyBox()->setChecked(true);
    QCOMPARE(m_panel->transferOptions().conflict, remote::TransferOptions::Conflict::Rename);
    QVERIFY(m_panel->transferOptions().verify);
    m_panel->upload({local(QStringLiteral("up.bin"))}, m_remoteBase);
    QCOMPARE(waitFor(lastId()), TransferQueue::State::Done);
    QCOMPARE(readFile(remote(QStringLiteral("up (1).bin"))), bytes);

    conflict->setCurrentIndex(conflict->findText(QStringLiteral("Skip")));
    QVERIFY(::test::writeFile(local(QStringLiteral("data.txt")), "local data\n"));
    m_panel->upload({local(QStringLiteral("data.txt"))}, m_remoteBase);
    QCOMPARE(waitFor(lastId()), TransferQueue::State::Done);
    QCOMPARE(readFile(remote(QStringLiteral("data.txt"))), QByteArray("some data\n"));

    conflict->setCurrentIndex(conflict->findText(QStringLiteral("Overwrite")));
    m_panel->verifyBox()->setChecked(false);
    QVERIFY(QFile::remove(remote(QStringLiteral("up (1).bin"))));
    QVERIFY(QFile::remove(local(QStringLiteral("data.txt"))));
}

void TestTransferPanel::dropFromDesktopUploads()
{
    QVERIFY(showRemote(m_remoteBase));
    const QByteArray bytes = ::test::randomBytes(50'000);
    QVERIFY(::test::writeFile(local(QStringLiteral("dropped.txt")), bytes));
    QVERIFY(::test::writeFile(local(QStringLiteral("into-folder.txt")), "into folder\n"));
    QTreeView *view = m_panel->remoteView();

    // On the empty part of the list: into the folder shown.
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(local(QStringLiteral("dropped.txt")))});
        drop(view, &mime, QPoint(view->viewport()->width() / 2, view->viewport()->height() - 4));
    }
    quint64 id = lastId();
    QVERIFY(id);
    QCOMPARE(waitFor(id), TransferQueue::State::Done);
    QCOMPARE(readFile(remote(QStringLiteral("dropped.txt"))), bytes);

    // On a folder: into that folder.
    const QModelIndex folder = remoteIndex(QStringLiteral("folder-a"));
    QVERIFY(folder.isValid());
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(local(QStringLiteral("into-folder.txt")))});
        drop(view, &mime, view->visualRect(folder).center());
    }
    QVERIFY(lastId() != id);
    id = lastId();
    QCOMPARE(waitFor(id), TransferQueue::State::Done);
    QCOMPARE(readFile(remote(QStringLiteral("folder-a/into-folder.txt"))), QByteArray("into folder\n"));
}

void TestTransferPanel::downloadSelectedAndDragToLocal()
{
    const QByteArray bytes = ::test::randomBytes(400'000);
    QVERIFY(::test::writeFile(remote(QStringLiteral("down.bin")), bytes));
    QVERIFY(showRemote(m_remoteBase));
    const QModelIndex index = remoteIndex(QStringLiteral("down.bin"));
    QVERIFY(index.isValid());
    const QString target = local(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(target));
    m_panel->setLocalPath(target);
    m_panel->remoteView()->selectionModel()->select(index,
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto *download = m_panel->findChild<QPushButton *>(QStringLiteral("downloadButton"));
    QVERIFY(download && download->isEnabled());
    download->click();
    quint64 id = lastId();
    QCOMPARE(m_panel->queue()->item(id)->direction, remote::SftpTransfer::Direction::Download);
    QCOMPARE(waitFor(id), TransferQueue::State::Done);
    QCOMPARE(readFile(target + QStringLiteral("/down.bin")), bytes);

    // Dragged from the server's side onto the local side: a download there.
    QVERIFY(QFile::remove(target + QStringLiteral("/down.bin")));
    std::unique_ptr<QMimeData> mime(m_panel->remoteModel()->mimeData({index}));
    QVERIFY(mime);
    QTreeView *view = m_panel->localView();
    drop(view, mime.get(), QPoint(view->viewport()->width() / 2, view->viewport()->height() - 4));
    QVERIFY(lastId() != id);
    id = lastId();
    QCOMPARE(waitFor(id), TransferQueue::State::Done);
    QCOMPARE(readFile(target + QStringLiteral("/down.bin")), bytes);
}

void TestTransferPanel::queueOfSeveralRunsThemAll()
{
    QVERIFY(QDir().mkpath(remote(QStringLiteral("many"))));
    QStringList sources;
    QList<QByteArray> contents;
    for (int i = 0; i < 5; ++i) {
        contents << ::test::randomBytes(100'000 * (i + 1));
        sources << local(QStringLiteral("many-%1.bin").arg(i));
        QVERIFY(::test::writeFile(sources.last(), contents.last()));
    }
    // A folder goes as a whole, too.
    QVERIFY(::test::writeFile(local(QStringLiteral("tree/sub/leaf.txt")), "leaf\n"));
    sources << local(QStringLiteral("tree"));
    m_panel->upload(sources, remote(QStringLiteral("many")));
    TransferQueue *queue = m_panel->queue();
    QList<quint64> ids;
    for (int i = 0; i < 6; ++i)
        ids << queue->items()[queue->items().size() - 6 + i].id;
    // One at a time per server: the first runs, the others wait.
    QVERIFY(queue->item(ids[0])->state == TransferQueue::State::Running
            || queue->item(ids[0])->state == TransferQueue::State::Done);
    QCOMPARE(queue->item(ids[5])->state, TransferQueue::State::Queued);
    for (quint64 id : ids)
        QVERIFY2(waitFor(id) == TransferQueue::State::Done, qPrintable(describe(queue)));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(readFile(remote(QStringLiteral("many/many-%1.bin").arg(i))), contents[i]);
    QCOMPARE(readFile(remote(QStringLiteral("many/tree/sub/leaf.txt"))), QByteArray("leaf\n"));
    const TransferQueue::Overall overall = queue->overall();
    QVERIFY(!overall.active);
    QCOMPARE(overall.itemsTotal, 6);
    QCOMPARE(overall.itemsFinished, 6);
    QCOMPARE(overall.fraction, 1.0);
    QCOMPARE(m_panel->overallProgress()->value(), 1000);

    // Clear Finished empties the queue, not the history.
    const int history = int(queue->history().size());
    QVERIFY(history >= 6);
    auto *clear = m_panel->findChild<QPushButton *>(QStringLiteral("clearFinished"));
    QVERIFY(clear && clear->isEnabled());
    clear->click();
    QCOMPARE(queue->rowCount(), 0);
    QCOMPARE(int(queue->history().size()), history);
    QCOMPARE(m_panel->historyView()->topLevelItemCount(), history);
}

void TestTransferPanel::cancelLargeThenRetry()
{
    // A sparse 1 GB file costs no disk, yet every byte crosses the connection.
    const QString big = local(QStringLiteral("big.bin"));
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write("head") == 4);
        QVERIFY(file.resize(1'000'000'000));
        QVERIFY(file.seek(1'000'000'000 - 4));
        QVERIFY(file.write("tail") == 4);
    }
    const QString final = remote(QStringLiteral("big.bin"));
    m_panel->upload({big}, m_remoteBase);
    TransferQueue *queue = m_panel->queue();
    const quint64 id = lastId();
    QVERIFY(QTest::qWaitFor([&] {
        const TransferQueue::Item *item = queue->item(id);
        return item->state != TransferQueue::State::Queued
               && (item->state != TransferQueue::State::Running || item->progress.bytesDone > 1'000'000);
    }, kWaitMs));
    QCOMPARE(queue->item(id)->state, TransferQueue::State::Running);

    // Cancel, as the button does it for the selected row.
    QTreeView *view = m_panel->queueView();
    view->selectionModel()->select(queue->index(queue->rowOf(id), 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto *cancelButton = m_panel->findChild<QPushButton *>(QStringLiteral("cancelTransfers"));
    auto *retryButton = m_panel->findChild<QPushButton *>(QStringLiteral("retryTransfers"));
    QVERIFY(cancelButton && retryButton);
    QVERIFY(cancelButton->isEnabled());
    cancelButton->click();
    QCOMPARE(waitFor(id), TransferQueue::State::Cancelled);
    QVERIFY(!QFileInfo::exists(final));
    const qint64 partial = QFileInfo(final + QStringLiteral(".cumulus-part")).size();
    QVERIFY2(partial > 0 && partial < 1'000'000'000, qPrintable(QString::number(partial)));
    QCOMPARE(queue->index(queue->rowOf(id), TransferQueue::StateColumn).data().toString(), QStringLiteral("Cancelled"));

    // Retry goes on from the partial file and completes it.
    view->selectionModel()->select(queue->index(queue->rowOf(id), 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(retryButton->isEnabled());
    retryButton->click();
    QVERIFY(queue->item(id)->options.resume);
    QCOMPARE(waitFor(id, kLargeMs), TransferQueue::State::Done);
    QVERIFY(!QFileInfo::exists(final + QStringLiteral(".cumulus-part")));
    QCOMPARE(QFileInfo(final).size(), qint64(1'000'000'000));
    QCOMPARE(::test::sha256File(final), ::test::sha256File(big));
    QFile::remove(final);
    QFile::remove(big);
}

void TestTransferPanel::errorShowsInItem()
{
    QVERIFY(::test::writeFile(local(QStringLiteral("small.bin")), "small"));
    // root (the usual CI user) passes permission bits; /sys refuses new files to everyone.
    m_panel->upload({local(QStringLiteral("small.bin"))}, QStringLiteral("/sys"));
    TransferQueue *queue = m_panel->queue();
    const quint64 id = lastId();
    QCOMPARE(waitFor(id), TransferQueue::State::Failed);
    const QString error = queue->item(id)->error;
    QVERIFY2(error.contains(QStringLiteral("permission denied")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("/sys/small.bin")), qPrintable(error));
    const QModelIndex state = queue->index(queue->rowOf(id), TransferQueue::StateColumn);
    const QString stateText = state.data().toString();
    QVERIFY2(stateText.contains(QStringLiteral("permission denied")), qPrintable(stateText));
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(error));
    QCOMPARE(state.data(TransferQueue::ErrorRole).toString(), error);
    // And in the history, newest first.
    QCOMPARE(queue->history().first().state, TransferQueue::State::Failed);
    QCOMPARE(queue->history().first().error, error);
    QVERIFY(m_panel->historyView()->topLevelItem(0)->text(2).contains(QStringLiteral("permission denied")));
    // No dialog was opened for it.
    QVERIFY(QApplication::activeModalWidget() == nullptr);
}

void TestTransferPanel::folderOperations()
{
    QVERIFY(showRemote(m_remoteBase));
    m_panel->makeRemoteFolder(QStringLiteral("made"));
    QVERIFY(remoteIndex(QStringLiteral("made")).isValid());
    QVERIFY(QFileInfo(remote(QStringLiteral("made"))).isDir());

    // Renamed in place (F2 or Rename edit the name; the model renames on the server).
    QVERIFY(m_panel->remoteModel()->setData(remoteIndex(QStringLiteral("made")), QStringLiteral("renamed")));
    QVERIFY(QTest::qWaitFor([&] { return QFileInfo(remote(QStringLiteral("renamed"))).isDir(); }, kWaitMs));
    QVERIFY(remoteIndex(QStringLiteral("renamed")).isValid());
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("made"))));

    // Deleted with what is in it.
    QVERIFY(::test::writeFile(remote(QStringLiteral("renamed/deep/file.txt")), "x"));
    m_panel->deleteRemote({remote(QStringLiteral("renamed"))});
    QVERIFY(QTest::qWaitFor([&] { return !QFileInfo::exists(remote(QStringLiteral("renamed"))); }, kWaitMs));
    QVERIFY(QTest::qWaitFor(
            [&] { return !m_panel->remoteModel()->indexForPath(remote(QStringLiteral("renamed"))).isValid(); },
            kWaitMs));

    // A failure shows in place, above the list.
    m_panel->makeRemoteFolder(QStringLiteral("data.txt/inside"));
    QVERIFY(QTest::qWaitFor([&] { return m_panel->remoteStatus()->isVisible(); }, kWaitMs));
    QVERIFY2(m_panel->remoteStatus()->text().contains(QStringLiteral("data.txt")),
             qPrintable(m_panel->remoteStatus()->text()));
    QVERIFY(QApplication::activeModalWidget() == nullptr);
}

void TestTransferPanel::doubleClickOpensNotebookOrEntersFolder()
{
    QVERIFY(showRemote(m_remoteBase));
    QSignalSpy open(m_dock.get(), &TransferDock::openNotebookRequested);
    QTreeView *view = m_panel->remoteView();
    const QModelIndex notebook = remoteIndex(QStringLiteral("analysis.ipynb"));
    QVERIFY(notebook.isValid());
    view->scrollTo(notebook);
    // (QTest's double-click on a widget sends only the double-click: the press comes first.)
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, view->visualRect(notebook).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, view->visualRect(notebook).center());
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().at(0).toString(), QStringLiteral("test-sshd"));
    QCOMPARE(open.first().at(1).toString(), remote(QStringLiteral("analysis.ipynb")));
    // Not opened for editing by the double-click.
    const auto *editor = view->viewport()->findChild<QLineEdit *>();
    QVERIFY(!editor || !editor->isVisible());

    const QModelIndex folder = remoteIndex(QStringLiteral("folder-a"));
    QVERIFY(folder.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, view->visualRect(folder).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, view->visualRect(folder).center());
    QCOMPARE(m_panel->remotePath(), remote(QStringLiteral("folder-a")));
    QVERIFY(QTest::qWaitFor([&] { return names(m_panel->remoteModel()).contains(QStringLiteral("inner.txt")); },
                            kWaitMs));
    QCOMPARE(open.size(), 1);
}

void TestTransferPanel::kernelFolderBookmark()
{
    QVERIFY(showRemote(m_remoteBase));
    m_dock->setKernelWorkingDirectory(QStringLiteral("test-sshd"), remote(QStringLiteral("many")));
    m_panel->goToKernelFolder();
    QVERIFY(QTest::qWaitFor([&] { return names(m_panel->remoteModel()).contains(QStringLiteral("many-0.bin")); },
                            kWaitMs));
    QCOMPARE(m_panel->remotePath(), remote(QStringLiteral("many")));
    m_panel->remoteUp();
    QCOMPARE(m_panel->remotePath(), m_remoteBase);
}

void TestTransferPanel::unreachableServerShowsInPlace()
{
    // Nothing listens on port 1: the reason shows above the list, not in a dialog.
    const QString nowhere = QStringLiteral("127.0.0.1:1");
    m_panel->setServer(nowhere);
    QCOMPARE(m_panel->server(), nowhere);
    QVERIFY(QTest::qWaitFor([&] {
        const QString text = m_panel->remoteStatus()->text();
        return m_panel->remoteStatus()->isVisible() && !text.isEmpty() && !text.startsWith(QStringLiteral("Connecting"));
    }, kWaitMs));
    QCOMPARE(m_panel->remoteModel()->rowCount(), 0);
    QVERIFY(QApplication::activeModalWidget() == nullptr);
    if (qEnvironmentVariableIsSet("CUMULUS_SCREENSHOT_DIR"))
        QVERIFY(m_dock->grab().save(qEnvironmentVariable("CUMULUS_SCREENSHOT_DIR")
                                    + QStringLiteral("/transfers-unreachable.png")));

    // Back to the server, in the folder it showed last.
    const QString before = m_remoteBase;
    m_panel->setServer(QStringLiteral("test-sshd"));
    QVERIFY(QTest::qWaitFor([&] { return m_panel->remoteModel()->rowCount() > 0; }, kWaitMs));
    QVERIFY(m_panel->remotePath().startsWith(before));
    QVERIFY(m_panel->remoteStatus()->isHidden());
}

void TestTransferPanel::screenshot()
{
    // A queue with one of each state, for people to look at (CUMULUS_SCREENSHOT_DIR).
    QVERIFY(showRemote(m_remoteBase));
    m_panel->setLocalPath(m_localBase);
    TransferQueue *queue = m_panel->queue();
    m_panel->upload({local(QStringLiteral("up.bin"))}, m_remoteBase);
    QCOMPARE(waitFor(lastId()), TransferQueue::State::Done);
    m_panel->upload({local(QStringLiteral("small.bin"))}, QStringLiteral("/sys"));
    QCOMPARE(waitFor(lastId()), TransferQueue::State::Failed);
    QVERIFY(QTest::qWaitFor([&] { return names(m_panel->remoteModel()).contains(QStringLiteral("up.bin")); }, kWaitMs));
    QCOMPARE(queue->rowCount() >= 2, true);
    QVERIFY(m_panel->remoteStatus()->isHidden() || !m_panel->remoteStatus()->text().isEmpty());
    const QImage image = m_dock->grab().toImage();
    QVERIFY(!image.isNull());
    if (qEnvironmentVariableIsSet("CUMULUS_SCREENSHOT_DIR"))
        QVERIFY(image.save(qEnvironmentVariable("CUMULUS_SCREENSHOT_DIR") + QStringLiteral("/transfers.png")));
    auto *tabs = m_panel->findChild<QTabWidget *>();
    QVERIFY(tabs);
    tabs->setCurrentWidget(m_panel->historyView());
    QVERIFY(m_panel->historyView()->topLevelItemCount() >= 2);
    if (qEnvironmentVariableIsSet("CUMULUS_SCREENSHOT_DIR"))
        QVERIFY(m_dock->grab().save(qEnvironmentVariable("CUMULUS_SCREENSHOT_DIR")
                                    + QStringLiteral("/transfers-history.png")));
    tabs->setCurrentIndex(0);
}

QTEST_MAIN(TestTransferPanel)
#include "tst_transferpanel.moc"
