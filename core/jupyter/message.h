// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QList>
#include <QMetaType>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cumulus::jupyter {

/// The five sockets of a Jupyter kernel (messaging spec 5.3+).
enum class Channel { Shell, Control, Stdin, IOPub, Heartbeat };

/**
 * One Jupyter message: header, parent header, metadata, content and binary buffers, plus
 * the ZeroMQ routing identities it arrived with. Immutable once made; passed between the
 * I/O thread and the GUI thread as MessagePtr, never copied.
 */
class Message
{
public:
    Message(nlohmann::json header, nlohmann::json parentHeader, nlohmann::json metadata,
            nlohmann::json content, std::vector<QByteArray> buffers = {},
            std::vector<std::string> identities = {});

    /// A new request or reply: fresh msg_id, ISO date with zero-padded microseconds,
    /// version "5.3", and @p parent's header as parent_header when given.
    static std::shared_ptr<const Message> create(std::string_view msgType, nlohmann::json content,
                                                 const std::string &session,
                                                 const Message *parent = nullptr,
                                                 nlohmann::json metadata = nlohmann::json::object(),
                                                 std::string_view username = "cumulus");

    const nlohmann::json &header() const { return m_header; }
    const nlohmann::json &parentHeader() const { return m_parentHeader; }
    const nlohmann::json &metadata() const { return m_metadata; }
    const nlohmann::json &content() const { return m_content; }
    const std::vector<QByteArray> &buffers() const { return m_buffers; }
    const std::vector<std::string> &identities() const { return m_identities; }

    /// header.msg_id / msg_type / session ("" when missing); parent_header.msg_id.
    const std::string &msgId() const { return m_msgId; }
    const std::string &msgType() const { return m_msgType; }
    const std::string &session() const { return m_session; }
    const std::string &parentMsgId() const { return m_parentMsgId; }

private:
    nlohmann::json m_header;
    nlohmann::json m_parentHeader;
    nlohmann::json m_metadata;
    nlohmann::json m_content;
    std::vector<QByteArray> m_buffers;
    std::vector<std::string> m_identities;
    std::string m_msgId;
    std::string m_msgType;
    std::string m_session;
    std::string m_parentMsgId;
};

using MessagePtr = std::shared_ptr<const Message>;

/// A message with the channel it came in on — what transports deliver, in batches.
struct ReceivedMessage
{
    Channel channel = Channel::Shell;
    MessagePtr message;
};

/// "2026-11-22T07:41:23.000005Z": UTC, microseconds always six digits (xeus once wrote
/// ".5Z" for 5 µs; clients parse this field).
std::string isoTimestampNow();
/// @p time as isoTimestampNow() writes it (UTC, six-digit microseconds, "Z").
std::string isoTimestamp(std::chrono::system_clock::time_point time);
/// A random UUID4 in hex-with-dashes form, as jupyter_client makes msg_ids and sessions.
std::string newUuid();

} // namespace cumulus::jupyter

Q_DECLARE_METATYPE(cumulus::jupyter::ReceivedMessage)
Q_DECLARE_METATYPE(QList<cumulus::jupyter::ReceivedMessage>)
