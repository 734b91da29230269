// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/message.h"
#include "util/result.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cumulus::jupyter {

/**
 * Turns a Message into ZeroMQ frames and back, as the Jupyter messaging spec lays them out:
 *
 *     [identities…] <IDS|MSG> signature header parent_header metadata content [buffers…]
 *
 * The signature is the hex HMAC-SHA256, keyed with the connection file's key, over the exact
 * bytes of the four JSON frames (buffers are not signed); an empty key means no signing.
 * decode() checks the signature in constant time *before* parsing any JSON, so an unsigned
 * peer cannot make us parse anything, and reports every malformed message as an Error
 * instead of throwing.
 *
 * Threading: encode(), decode() and signature() are const and may be called concurrently
 * from any number of threads (the transport encodes on the caller's thread and decodes on
 * its I/O thread with one shared codec). The codec is movable, not copyable.
 */
class WireCodec
{
public:
    /// The frame between routing identities and the signature.
    static constexpr std::string_view kDelimiter = "<IDS|MSG>";

    /// A codec for @p key and @p signatureScheme. Only "hmac-sha256" is supported; any
    /// other scheme gives an invalid codec (see isValid() and error()).
    explicit WireCodec(const QByteArray &key = QByteArray(),
                       const QString &signatureScheme = QStringLiteral("hmac-sha256"));
    /// Like the constructor, but an unsupported scheme or an OpenSSL failure is an Error.
    static Result<WireCodec> create(const QByteArray &key,
                                    const QString &signatureScheme = QStringLiteral("hmac-sha256"));
    ~WireCodec();
    WireCodec(WireCodec &&other) noexcept;
    WireCodec &operator=(WireCodec &&other) noexcept;
    WireCodec(const WireCodec &) = delete;
    WireCodec &operator=(const WireCodec &) = delete;

    bool isValid() const;
    /// Why the codec is invalid; empty when it is valid.
    QString error() const;
    /// True when messages are signed (the key is not empty).
    bool isSigning() const;

    /**
     * The frames for @p message: its identities, the delimiter, the signature (empty when
     * not signing), the four JSON frames written compactly, then its buffers. Never throws;
     * strings that are not valid UTF-8 are written with U+FFFD. An invalid codec returns
     * no frames.
     */
    std::vector<std::string> encode(const Message &message) const;

    /// The message in @p frames, or an Error saying why it was refused. Never throws.
    Result<MessagePtr> decode(std::vector<std::string> frames) const;
    /// The same, on views of frames that stay alive for the call (no frame is copied twice).
    Result<MessagePtr> decode(std::span<const std::string_view> frames) const;

    /// Lower-case hex HMAC of the four JSON frames, "" when not signing.
    std::string signature(std::string_view header, std::string_view parentHeader,
                          std::string_view metadata, std::string_view content) const;

    /// Number of messages decode() has refused over this codec's life.
    quint64 rejectedCount() const { return m_rejected.load(std::memory_order_relaxed); }

private:
    struct Private;
    std::unique_ptr<Private> d;
    mutable std::atomic<quint64> m_rejected {0};
};

} // namespace cumulus::jupyter
