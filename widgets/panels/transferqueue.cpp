// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/transferqueue.h"

#include "remotehost.h"
#include "serverconnections.h"
#include "sshsession.h"

#include <QColor>
#include <QLocale>
#include <QSettings>

#include <algorithm>

namespace cumulus {

namespace {

const QString kHistoryKey = QStringLiteral("transfers/history");

QString dataSize(qint64 bytes)
{
    // As QFileSystemModel writes sizes (KiB, MiB): the local browser is beside the queue.
    return QLocale().formattedDataSize(std::max<qint64>(bytes, 0), 1);
}

QString duration(int seconds)
{
    if (seconds < 0)
        return QString();
    const int hours = seconds / 3600;
    const int minutes = seconds / 60 % 60;
    const QString rest = QStringLiteral("%1").arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return hours > 0 ? QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QLatin1Char('0')).arg(rest)
                     : QStringLiteral("%1:%2").arg(minutes).arg(rest);
}

QString baseName(const QString &path)
{
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    return trimmed.mid(trimmed.lastIndexOf(QLatin1Char('/')) + 1);
}

QString parentFolder(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

double fractionOf(const TransferQueue::Item &item)
{
    switch (item.state) {
    case TransferQueue::State::Done: return 1.0;
    case TransferQueue::State::Queued: return 0.0;
    default: break;
    }
    if (item.progress.bytesTotal > 0)
        return std::clamp(double(item.progress.bytesDone) / double(item.progress.bytesTotal), 0.0, 1.0);
    if (item.progress.bytesTotal == 0 && item.progress.filesTotal >= 0)
        return item.state == TransferQueue::State::Running ? 0.0 : 1.0;
    return -1;
}

bool isFinished(TransferQueue::State state)
{
    return state == TransferQueue::State::Done || state == TransferQueue::State::Failed
           || state == TransferQueue::State::Cancelled;
}

} // namespace

TransferQueue::TransferQueue(remote::ServerConnections *connections, QObject *parent)
    : QAbstractTableModel(parent), m_connections(connections)
{
    loadHistory();
}

TransferQueue::~TransferQueue()
{
    // A running SftpTransfer cancels itself when destroyed (its partial file stays).
}

quint64 TransferQueue::enqueue(const QString &server, Direction direction, const QString &source,
                               const QString &destination, const remote::TransferOptions &options)
{
    if (!overall().active)
        m_batchStart = m_nextId;
    Item item;
    item.id = m_nextId++;
    item.server = server;
    item.direction = direction;
    item.source = source;
    item.destination = destination;
    item.options = options;
    item.progress.bytesTotal = -1;
    beginInsertRows(QModelIndex(), int(m_items.size()), int(m_items.size()));
    m_items << item;
    endInsertRows();
    Q_EMIT overallChanged();
    startNext(server);
    return item.id;
}

void TransferQueue::cancel(quint64 id)
{
    Item *item = find(id);
    if (!item)
        return;
    if (item->state == State::Queued) {
        finish(*item, State::Cancelled, QString());
        return;
    }
    if (item->state != State::Running)
        return;
    Runner &runner = m_runners[item->server];
    if (runner.itemId == id && runner.transfer) {
        runner.cancelling = true;
        runner.transfer->cancel(); // finished() follows and ends the item as cancelled
    }
}

bool TransferQueue::retry(quint64 id)
{
    Item *item = find(id);
    if (!item || (item->state != State::Failed && item->state != State::Cancelled))
        return false;
    if (!overall().active)
        m_batchStart = id;
    item->state = State::Queued;
    item->error.clear();
    item->skipped.clear();
    item->options.resume = true; // append to the NAME.cumulus-part the last run left
    item->progress = remote::TransferProgress();
    item->progress.bytesTotal = -1;
    item->finished = QDateTime();
    // A retried item goes to the end of its server's line: move its row there.
    const int row = rowOf(id);
    if (row != m_items.size() - 1) {
        beginMoveRows(QModelIndex(), row, row, QModelIndex(), int(m_items.size()));
        m_items.move(row, m_items.size() - 1);
        endMoveRows();
    }
    rowChanged(id);
    Q_EMIT overallChanged();
    startNext(m_items.last().server);
    return true;
}

void TransferQueue::clearFinished()
{
    for (int row = int(m_items.size()) - 1; row >= 0; --row) {
        if (!isFinished(m_items[row].state))
            continue;
        beginRemoveRows(QModelIndex(), row, row);
        m_items.removeAt(row);
        endRemoveRows();
    }
    Q_EMIT overallChanged();
}

const TransferQueue::Item *TransferQueue::item(quint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_items[row];
}

TransferQueue::Item *TransferQueue::find(quint64 id)
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_items[row];
}

quint64 TransferQueue::idAt(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items[row].id : 0;
}

int TransferQueue::rowOf(quint64 id) const
{
    for (int row = 0; row < m_items.size(); ++row)
        if (m_items[row].id == id)
            return row;
    return -1;
}

TransferQueue::Overall TransferQueue::overall() const
{
    Overall overall;
    double sum = 0;
    qint64 bytesDone = 0, bytesTotal = 0;
    bool bytesKnown = true;
    for (const Item &item : m_items) {
        if (item.id < m_batchStart)
            continue;
        ++overall.itemsTotal;
        if (isFinished(item.state))
            ++overall.itemsFinished;
        else
            overall.active = true;
        if (item.state == State::Failed)
            ++overall.itemsFailed;
        // A cancelled or failed item counts as finished for the bar: nothing more will move.
        const double fraction = isFinished(item.state) ? 1.0 : std::max(fractionOf(item), 0.0);
        sum += fraction;
        if (item.progress.bytesTotal < 0 && !isFinished(item.state))
            bytesKnown = false;
        bytesTotal += std::max<qint64>(item.progress.bytesTotal, 0);
        bytesDone += isFinished(item.state) ? std::max<qint64>(item.progress.bytesTotal, 0) : item.progress.bytesDone;
    }
    // By bytes when every size is known (a 1 GB file outweighs a 1 KB one), else by items.
    if (bytesKnown && bytesTotal > 0)
        overall.fraction = std::clamp(double(bytesDone) / double(bytesTotal), 0.0, 1.0);
    else if (overall.itemsTotal > 0)
        overall.fraction = sum / overall.itemsTotal;
    return overall;
}

void TransferQueue::startNext(const QString &server)
{
    Runner &runner = m_runners[server];
    if (runner.itemId != 0)
        return;
    Item *next = nullptr;
    for (Item &item : m_items)
        if (item.server == server && item.state == State::Queued) {
            next = &item;
            break;
        }
    if (!next)
        return;
    const quint64 id = next->id;
    if (!m_connections) {
        finish(*next, State::Failed, tr("The connection to %1 is gone.").arg(server));
        startNext(server);
        return;
    }
    auto host = m_connections->host(server);
    if (!host) {
        finish(*next, State::Failed, host.error().toString());
        startNext(server);
        return;
    }
    remote::SshSession *session = (*host)->fileSession();
    const auto state = session->state();
    if (state == remote::SshSession::State::Idle || state == remote::SshSession::State::Failed
        || state == remote::SshSession::State::Closed)
        session->open(); // the transfer waits for the login (SshSession::runOnSession())
    if (!runner.transfer) {
        // One SftpTransfer per server; its signals name the server, not the item: the runner
        // knows which item is running.
        runner.transfer = new remote::SftpTransfer(session, this);
        connect(runner.transfer, &remote::SftpTransfer::progress, this,
                [this, server](const remote::TransferProgress &progress) { onProgress(server, progress); });
        connect(runner.transfer, &remote::SftpTransfer::finished, this,
                [this, server](const Result<void> &result) { onFinished(server, result); });
    }
    next->state = State::Running;
    runner.itemId = id;
    runner.cancelling = false;
    if (!runner.transfer->start(next->direction, next->source, next->destination, next->options)) {
        runner.itemId = 0;
        // The session went away (its host is gone): make a new transfer for the next try.
        runner.transfer->deleteLater();
        runner.transfer = nullptr;
        finish(*next, State::Failed, tr("The connection to %1 is gone.").arg(server));
        startNext(server);
        return;
    }
    rowChanged(id);
    Q_EMIT overallChanged();
}

void TransferQueue::onProgress(const QString &server, const remote::TransferProgress &progress)
{
    Item *item = find(m_runners[server].itemId);
    if (!item)
        return;
    item->progress = progress;
    rowChanged(item->id);
    Q_EMIT overallChanged();
}

void TransferQueue::onFinished(const QString &server, const Result<void> &result)
{
    Runner &runner = m_runners[server];
    const quint64 id = runner.itemId;
    const bool cancelled = runner.cancelling;
    runner.itemId = 0;
    runner.cancelling = false;
    if (Item *item = find(id)) {
        if (runner.transfer)
            item->skipped = runner.transfer->skipped();
        if (result)
            finish(*item, State::Done, QString());
        else if (cancelled)
            finish(*item, State::Cancelled, QString());
        else
            finish(*item, State::Failed, result.error().toString());
    }
    startNext(server);
}

void TransferQueue::finish(Item &item, State state, const QString &error)
{
    item.state = state;
    item.error = error;
    item.finished = QDateTime::currentDateTime();
    if (state == State::Done && item.progress.bytesTotal < 0)
        item.progress.bytesTotal = item.progress.bytesDone;
    HistoryEntry entry;
    entry.finished = item.finished;
    entry.server = item.server;
    entry.direction = item.direction;
    entry.source = item.source;
    entry.destination = item.destination;
    entry.state = state;
    entry.bytes = item.progress.bytesDone;
    entry.error = error;
    m_history.prepend(entry);
    while (m_history.size() > kHistoryLimit)
        m_history.removeLast();
    saveHistory();
    const quint64 id = item.id; // `item` may move once signals run
    rowChanged(id);
    Q_EMIT historyChanged();
    Q_EMIT overallChanged();
    Q_EMIT itemFinished(id);
}

void TransferQueue::rowChanged(quint64 id)
{
    const int row = rowOf(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString TransferQueue::stateText(State state)
{
    switch (state) {
    case State::Queued: return tr("Queued");
    case State::Running: return tr("Running");
    case State::Done: return tr("Done");
    case State::Failed: return tr("Failed");
    case State::Cancelled: return tr("Cancelled");
    }
    return QString();
}

int TransferQueue::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int TransferQueue::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransferQueue::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case TransferColumn: return tr("Transfer");
    case ProgressColumn: return tr("Progress");
    case RateColumn: return tr("Rate");
    case EtaColumn: return tr("Time Left");
    case StateColumn: return tr("State");
    default: return QVariant();
    }
}

QVariant TransferQueue::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return QVariant();
    const Item &item = m_items[index.row()];
    const bool upload = item.direction == Direction::Upload;
    switch (role) {
    case IdRole: return item.id;
    case StateRole: return int(item.state);
    case FractionRole: return fractionOf(item);
    case ErrorRole: return item.error;
    case Qt::ForegroundRole:
        if (item.state == State::Failed && index.column() == StateColumn)
            return QColor(0xd0, 0x3a, 0x2f);
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == RateColumn || index.column() == EtaColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case Qt::ToolTipRole: {
        QString tip = upload ? tr("Upload to %1\n%2\n→ %3").arg(item.server, item.source, item.destination)
                             : tr("Download from %1\n%2\n→ %3").arg(item.server, item.source, item.destination);
        if (item.state == State::Running) {
            if (!item.progress.currentFile.isEmpty())
                tip += QLatin1Char('\n') + tr("Copying %1").arg(item.progress.currentFile);
            if (item.progress.bytesPerSecond > 0)
                tip += QLatin1Char('\n')
                       + tr("%1/s, %2 left")
                                 .arg(dataSize(qint64(item.progress.bytesPerSecond)),
                                      item.progress.etaSeconds >= 0 ? duration(item.progress.etaSeconds)
                                                                    : tr("unknown time"));
        }
        if (!item.error.isEmpty())
            tip += QLatin1Char('\n') + item.error;
        if (!item.skipped.isEmpty())
            tip += QLatin1Char('\n') + tr("Skipped: %1").arg(item.skipped.join(QStringLiteral(", ")));
        return tip;
    }
    case Qt::DisplayRole: break;
    default: return QVariant();
    }
    switch (index.column()) {
    case TransferColumn: {
        // The name and where it goes; the whole paths are in the tooltip.
        const QString name = baseName(item.source);
        const QString target = baseName(item.destination) == name ? parentFolder(item.destination) : item.destination;
        return upload ? tr("%1 → %2:%3").arg(name, item.server, target)
                      : tr("%1:%2 → %3").arg(item.server, name, target);
    }
    case ProgressColumn: {
        if (item.progress.bytesTotal < 0)
            return QString();
        if (item.state == State::Done)
            return dataSize(item.progress.bytesTotal);
        return tr("%1 of %2").arg(dataSize(item.progress.bytesDone), dataSize(item.progress.bytesTotal));
    }
    case RateColumn:
        if (item.state != State::Running || item.progress.bytesPerSecond <= 0)
            return QString();
        return tr("%1/s").arg(dataSize(qint64(item.progress.bytesPerSecond)));
    case EtaColumn:
        return item.state == State::Running ? duration(item.progress.etaSeconds) : QString();
    case StateColumn:
        if (item.state == State::Failed && !item.error.isEmpty())
            return tr("Failed: %1").arg(item.error);
        if (item.state == State::Done && !item.skipped.isEmpty())
            return tr("Done, %n skipped", nullptr, int(item.skipped.size()));
        return stateText(item.state);
    default: return QVariant();
    }
}

void TransferQueue::loadHistory()
{
    QSettings settings;
    const QVariantList list = settings.value(kHistoryKey).toList();
    for (const QVariant &value : list) {
        const QVariantMap map = value.toMap();
        HistoryEntry entry;
        entry.finished = map.value(QStringLiteral("finished")).toDateTime();
        entry.server = map.value(QStringLiteral("server")).toString();
        entry.direction = map.value(QStringLiteral("direction")).toString() == QLatin1String("download")
                                  ? Direction::Download
                                  : Direction::Upload;
        entry.source = map.value(QStringLiteral("source")).toString();
        entry.destination = map.value(QStringLiteral("destination")).toString();
        const int state = map.value(QStringLiteral("state")).toInt();
        entry.state = state >= int(State::Done) && state <= int(State::Cancelled) ? State(state) : State::Failed;
        entry.bytes = map.value(QStringLiteral("bytes")).toLongLong();
        entry.error = map.value(QStringLiteral("error")).toString();
        m_history << entry;
        if (m_history.size() >= kHistoryLimit)
            break;
    }
}

void TransferQueue::saveHistory() const
{
    QVariantList list;
    for (const HistoryEntry &entry : m_history) {
        QVariantMap map;
        map.insert(QStringLiteral("finished"), entry.finished);
        map.insert(QStringLiteral("server"), entry.server);
        map.insert(QStringLiteral("direction"),
                   entry.direction == Direction::Download ? QStringLiteral("download") : QStringLiteral("upload"));
        map.insert(QStringLiteral("source"), entry.source);
        map.insert(QStringLiteral("destination"), entry.destination);
        map.insert(QStringLiteral("state"), int(entry.state));
        map.insert(QStringLiteral("bytes"), entry.bytes);
        map.insert(QStringLiteral("error"), entry.error);
        list << map;
    }
    QSettings().setValue(kHistoryKey, list);
}

} // namespace cumulus
