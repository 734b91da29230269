// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// What the command line's remote subcommands share: finding a server by name, answering
// SSH prompts on the terminal, and waiting for an asynchronous answer.

#include "remotehost.h"
#include "util/result.h"

#include <QEventLoop>

#include <functional>
#include <memory>
#include <optional>

namespace cumulus {

namespace remote {
class SshSession;
}

/**
 * Answers @p session's prompts (unknown host key, passphrase, password) on the terminal,
 * without echo for secrets. Without a terminal every prompt is refused, so a batch job fails
 * with a clear error instead of waiting for an answer that never comes.
 */
void answerPromptsOnTerminal(remote::SshSession *session);

/// The server called @p name (ssh config Host, server added in the app, or
/// `[user@]host[:port]`) as a RemoteHost whose prompts go to the terminal.
Result<std::unique_ptr<remote::RemoteHost>> openServer(const QString &name);

/// Runs the event loop until @p call's callback answers.
template<typename T>
Result<T> awaitResult(const std::function<void(remote::RemoteHost::Callback<T>)> &call)
{
    std::optional<Result<T>> result;
    QEventLoop loop;
    call([&](const Result<T> &value) {
        result = value;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

} // namespace cumulus
