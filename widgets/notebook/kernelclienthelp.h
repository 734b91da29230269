// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/kernelhelp.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>

namespace cumulus {

namespace jupyter {
class KernelClient;
}

/**
 * KernelHelp over a Jupyter KernelClient: complete_request, inspect_request and
 * is_complete_request. The client is looked up on every request through a provider, so a
 * notebook whose kernel starts later, restarts or changes needs no re-wiring; no client, or
 * one not ready, makes isAvailable() false.
 */
class KernelClientHelp : public KernelHelp
{
    Q_OBJECT
public:
    using ClientProvider = std::function<jupyter::KernelClient *()>;

    explicit KernelClientHelp(ClientProvider provider, QObject *parent = nullptr);
    /// Always asks @p client (which must outlive this object, or be provided afresh).
    explicit KernelClientHelp(jupyter::KernelClient *client, QObject *parent = nullptr);

    bool isAvailable() const override;
    void complete(const QString &code, int cursorPos, QObject *context,
                  std::function<void(const CompletionReply &)> done) override;
    void inspect(const QString &code, int cursorPos, int detailLevel, QObject *context,
                 std::function<void(const InspectReply &)> done) override;
    void isComplete(const QString &code, QObject *context,
                    std::function<void(const IsCompleteReply &)> done) override;

    /// A complete_reply's content, with types from metadata._jupyter_types_experimental.
    static CompletionReply parseCompleteReply(const nlohmann::json &content);
    static InspectReply parseInspectReply(const nlohmann::json &content);
    static IsCompleteReply parseIsCompleteReply(const nlohmann::json &content);

private:
    jupyter::KernelClient *readyClient() const;

    ClientProvider m_provider;
};

} // namespace cumulus
