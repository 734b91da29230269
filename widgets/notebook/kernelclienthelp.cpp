// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/kernelclienthelp.h"

#include "jupyter/kernelclient.h"

#include <nlohmann/json.hpp>

#include <QHash>
#include <QPointer>

namespace cumulus {

namespace {

QString stringField(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return {};
    auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return QString::fromStdString(it->get<std::string>());
}

int intField(const nlohmann::json &object, const char *key, int fallback)
{
    auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return fallback;
    return it->get<int>();
}

} // namespace

KernelClientHelp::KernelClientHelp(ClientProvider provider, QObject *parent)
    : KernelHelp(parent), m_provider(std::move(provider))
{
}

KernelClientHelp::KernelClientHelp(jupyter::KernelClient *client, QObject *parent)
    : KernelHelp(parent)
{
    QPointer<jupyter::KernelClient> guarded(client);
    m_provider = [guarded] { return guarded.data(); };
}

jupyter::KernelClient *KernelClientHelp::readyClient() const
{
    jupyter::KernelClient *client = m_provider ? m_provider() : nullptr;
    return client && client->isReady() ? client : nullptr;
}

bool KernelClientHelp::isAvailable() const
{
    return readyClient() != nullptr;
}

void KernelClientHelp::complete(const QString &code, int cursorPos, QObject *context,
                                std::function<void(const CompletionReply &)> done)
{
    jupyter::KernelClient *client = readyClient();
    if (!client)
        return;
    client->complete(code.toStdString(), cursorPos, context,
                     [done = std::move(done)](const jupyter::MessagePtr &reply) {
                         if (done)
                             done(parseCompleteReply(reply->content()));
                     });
}

void KernelClientHelp::inspect(const QString &code, int cursorPos, int detailLevel,
                               QObject *context, std::function<void(const InspectReply &)> done)
{
    jupyter::KernelClient *client = readyClient();
    if (!client)
        return;
    client->inspect(code.toStdString(), cursorPos, detailLevel, context,
                    [done = std::move(done)](const jupyter::MessagePtr &reply) {
                        if (done)
                            done(parseInspectReply(reply->content()));
                    });
}

void KernelClientHelp::isComplete(const QString &code, QObject *context,
                                  std::function<void(const IsCompleteReply &)> done)
{
    jupyter::KernelClient *client = readyClient();
    if (!client)
        return;
    client->isComplete(code.toStdString(), context,
                       [done = std::move(done)](const jupyter::MessagePtr &reply) {
                           if (done)
                               done(parseIsCompleteReply(reply->content()));
                       });
}

CompletionReply KernelClientHelp::parseCompleteReply(const nlohmann::json &content)
{
    CompletionReply result;
    if (!content.is_object() || stringField(content, "status") != QLatin1String("ok"))
        return result;
    result.ok = true;
    result.cursorStart = intField(content, "cursor_start", 0);
    result.cursorEnd = intField(content, "cursor_end", result.cursorStart);

    // IPython's experimental types: [{start, end, text, type, signature}], one per match.
    QHash<QString, std::pair<QString, QString>> types;
    auto metadata = content.find("metadata");
    if (metadata != content.end() && metadata->is_object()) {
        auto experimental = metadata->find("_jupyter_types_experimental");
        if (experimental != metadata->end() && experimental->is_array())
            for (const nlohmann::json &entry : *experimental)
                types.insert(stringField(entry, "text"),
                             {stringField(entry, "type"), stringField(entry, "signature")});
    }
    auto matches = content.find("matches");
    if (matches == content.end() || !matches->is_array())
        return result;
    for (const nlohmann::json &match : *matches) {
        if (!match.is_string())
            continue;
        CompletionItem item;
        item.text = QString::fromStdString(match.get<std::string>());
        if (auto it = types.constFind(item.text); it != types.constEnd()) {
            item.type = it->first;
            item.signature = it->second;
        }
        result.items.append(item);
    }
    return result;
}

InspectReply KernelClientHelp::parseInspectReply(const nlohmann::json &content)
{
    InspectReply result;
    if (!content.is_object() || stringField(content, "status") != QLatin1String("ok"))
        return result;
    result.ok = true;
    auto found = content.find("found");
    result.found = found != content.end() && found->is_boolean() && found->get<bool>();
    auto data = content.find("data");
    if (data != content.end())
        result.text = stringField(*data, "text/plain");
    return result;
}

IsCompleteReply KernelClientHelp::parseIsCompleteReply(const nlohmann::json &content)
{
    IsCompleteReply result;
    const QString status = stringField(content, "status");
    if (status == QLatin1String("complete"))
        result.status = IsCompleteReply::Status::Complete;
    else if (status == QLatin1String("incomplete"))
        result.status = IsCompleteReply::Status::Incomplete;
    else if (status == QLatin1String("invalid"))
        result.status = IsCompleteReply::Status::Invalid;
    result.indent = stringField(content, "indent");
    return result;
}

} // namespace cumulus
