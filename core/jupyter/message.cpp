// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/message.h"

#include <QUuid>

#include <cstdio>
#include <ctime>

namespace cumulus::jupyter {

namespace {

// Messages come from other programs: a field that is missing or of the wrong type reads as "".
std::string stringField(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return it->get<std::string>();
}

} // namespace

Message::Message(nlohmann::json header, nlohmann::json parentHeader, nlohmann::json metadata,
                 nlohmann::json content, std::vector<QByteArray> buffers,
                 std::vector<std::string> identities)
    : m_header(std::move(header)), m_parentHeader(std::move(parentHeader)),
      m_metadata(std::move(metadata)), m_content(std::move(content)),
      m_buffers(std::move(buffers)), m_identities(std::move(identities))
{
    m_msgId = stringField(m_header, "msg_id");
    m_msgType = stringField(m_header, "msg_type");
    m_session = stringField(m_header, "session");
    m_parentMsgId = stringField(m_parentHeader, "msg_id");
}

std::shared_ptr<const Message> Message::create(std::string_view msgType, nlohmann::json content,
                                               const std::string &session, const Message *parent,
                                               nlohmann::json metadata, std::string_view username)
{
    nlohmann::json header = {
        {"msg_id", newUuid()},
        {"msg_type", std::string(msgType)},
        {"session", session},
        {"username", std::string(username)},
        {"date", isoTimestampNow()},
        {"version", "5.3"},
    };
    nlohmann::json parentHeader = parent ? parent->header() : nlohmann::json::object();
    if (!parentHeader.is_object())
        parentHeader = nlohmann::json::object();
    if (content.is_null())
        content = nlohmann::json::object();
    if (metadata.is_null())
        metadata = nlohmann::json::object();
    return std::make_shared<const Message>(std::move(header), std::move(parentHeader),
                                           std::move(metadata), std::move(content));
}

std::string isoTimestamp(std::chrono::system_clock::time_point time)
{
    using namespace std::chrono;
    // Floor (not truncate) so times before 1970 still get a microsecond part in [0, 999999].
    const auto micros = floor<microseconds>(time.time_since_epoch());
    const auto secs = floor<seconds>(micros);
    const auto fraction = (micros - secs).count();
    const std::time_t t = static_cast<std::time_t>(secs.count());
    std::tm tm {};
    gmtime_r(&t, &tm);
    char buffer[128];
    // The spec asks for ISO 8601; "%06lld" keeps 5 µs as ".000005", never ".5" (xeus's bug).
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(fraction));
    return buffer;
}

std::string isoTimestampNow()
{
    return isoTimestamp(std::chrono::system_clock::now());
}

std::string newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace cumulus::jupyter
