// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "serverconnections.h"
#include "sftptransfer.h"
#include "util/result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>

#include <map>

namespace cumulus {

/**
 * The transfer queue of the Transfers dock, as a table model: one row per upload or
 * download with its source, destination, progress, rate, time left and state. Items of one
 * server run one after another on an SftpTransfer over the server's file session
 * (RemoteHost::fileSession(), never the session carrying kernels); different servers run
 * side by side. A failed or cancelled item can be retried: it resumes from the partial file
 * the transfer left (TransferOptions::resume).
 *
 * Every item that ends (done, failed or cancelled) also goes into the history (the last 200,
 * kept in QSettings "transfers/history": paths and errors only, never secrets), which
 * clearFinished() does not touch.
 */
class TransferQueue : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class State { Queued, Running, Done, Failed, Cancelled };
    Q_ENUM(State)
    using Direction = remote::SftpTransfer::Direction;

    enum Column { TransferColumn, ProgressColumn, RateColumn, EtaColumn, StateColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< quint64: the item's id
        StateRole,                 ///< int: State
        FractionRole,              ///< double 0…1, -1 when unknown
        ErrorRole,                 ///< QString: why it failed ("" unless failed)
    };

    struct Item
    {
        quint64 id = 0;
        QString server;
        Direction direction = Direction::Upload;
        QString source;
        QString destination; ///< the path the source becomes
        remote::TransferOptions options;
        State state = State::Queued;
        remote::TransferProgress progress;
        QString error;
        QStringList skipped;
        QDateTime finished;
    };

    /// A finished item, as the history keeps it.
    struct HistoryEntry
    {
        QDateTime finished;
        QString server;
        Direction direction = Direction::Upload;
        QString source;
        QString destination;
        State state = State::Done;
        qint64 bytes = 0;
        QString error;
    };

    /// The items added since the queue was last idle, taken together.
    struct Overall
    {
        int itemsTotal = 0;
        int itemsFinished = 0; ///< done, failed or cancelled
        int itemsFailed = 0;
        double fraction = 0; ///< 0…1
        bool active = false; ///< something is queued or running
    };

    static constexpr int kHistoryLimit = 200;

    explicit TransferQueue(remote::ServerConnections *connections, QObject *parent = nullptr);
    ~TransferQueue() override;

    /// Queues a copy of @p source to @p destination on @p server; returns the item's id.
    quint64 enqueue(const QString &server, Direction direction, const QString &source,
                    const QString &destination, const remote::TransferOptions &options = {});
    /// Stops a running item (its partial file stays for a retry) or drops a queued one.
    void cancel(quint64 id);
    /// Queues a failed or cancelled item again, resuming its partial file; false otherwise.
    bool retry(quint64 id);
    /// Removes the done, failed and cancelled items from the queue (not from the history).
    void clearFinished();

    const Item *item(quint64 id) const;
    quint64 idAt(int row) const;
    int rowOf(quint64 id) const;
    const QList<Item> &items() const { return m_items; }
    Overall overall() const;
    const QList<HistoryEntry> &history() const { return m_history; }

    static QString stateText(State state);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// Item @p id ended (done, failed or cancelled).
    void itemFinished(quint64 id);
    void overallChanged();
    void historyChanged();

private:
    struct Runner
    {
        QPointer<remote::SftpTransfer> transfer;
        quint64 itemId = 0; ///< 0 when idle
        bool cancelling = false;
    };

    Item *find(quint64 id);
    void startNext(const QString &server);
    void onProgress(const QString &server, const remote::TransferProgress &progress);
    void onFinished(const QString &server, const Result<void> &result);
    void finish(Item &item, State state, const QString &error);
    void rowChanged(quint64 id);
    void loadHistory();
    void saveHistory() const;

    QPointer<remote::ServerConnections> m_connections;
    QList<Item> m_items;
    std::map<QString, Runner> m_runners; ///< per server
    QList<HistoryEntry> m_history;       ///< newest first
    quint64 m_nextId = 1;
    quint64 m_batchStart = 1; ///< the first id of the current batch (see Overall)
};

} // namespace cumulus
