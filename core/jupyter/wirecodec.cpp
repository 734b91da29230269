// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/wirecodec.h"

#include "logging.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>


namespace cumulus::jupyter {

namespace {

constexpr std::array<const char *, 4> kJsonFrameNames = {"header", "parent_header", "metadata",
                                                         "content"};

std::string compactDump(const nlohmann::json &value)
{
    // replace, not strict: a non-UTF-8 string from a model must not throw at the wire.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

struct WireCodec::Private
{
    QString error;
    bool signing = false;
    EVP_MAC *mac = nullptr;
    // Keyed once; every signature works on a duplicate, so concurrent callers only read it.
    EVP_MAC_CTX *keyed = nullptr;

    ~Private()
    {
        EVP_MAC_CTX_free(keyed);
        EVP_MAC_free(mac);
    }
};

WireCodec::WireCodec(const QByteArray &key, const QString &signatureScheme)
    : d(std::make_unique<Private>())
{
    if (signatureScheme != QLatin1String("hmac-sha256")) {
        d->error = QStringLiteral("unsupported signature scheme \"%1\" (only hmac-sha256 is "
                                  "supported)")
                           .arg(signatureScheme);
        return;
    }
    if (key.isEmpty())
        return; // the spec's "no signing": signature frames are empty and not checked
    d->signing = true;
    d->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (d->mac)
        d->keyed = EVP_MAC_CTX_new(d->mac);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (!d->keyed
        || EVP_MAC_init(d->keyed, reinterpret_cast<const unsigned char *>(key.constData()),
                        static_cast<size_t>(key.size()), params)
                != 1) {
        d->error = QStringLiteral("OpenSSL could not set up HMAC-SHA256");
    }
}

Result<WireCodec> WireCodec::create(const QByteArray &key, const QString &signatureScheme)
{
    WireCodec codec(key, signatureScheme);
    if (!codec.isValid())
        return Error(codec.error());
    return codec;
}

WireCodec::~WireCodec() = default;

WireCodec::WireCodec(WireCodec &&other) noexcept
    : d(std::move(other.d)), m_rejected(other.m_rejected.load())
{
}

WireCodec &WireCodec::operator=(WireCodec &&other) noexcept
{
    d = std::move(other.d);
    m_rejected.store(other.m_rejected.load());
    return *this;
}

bool WireCodec::isValid() const
{
    return d && d->error.isEmpty();
}

QString WireCodec::error() const
{
    return d ? d->error : QStringLiteral("moved-from WireCodec");
}

bool WireCodec::isSigning() const
{
    return d && d->signing;
}

std::string WireCodec::signature(std::string_view header, std::string_view parentHeader,
                                 std::string_view metadata, std::string_view content) const
{
    if (!isValid() || !d->signing)
        return {};
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(d->keyed);
    if (!ctx)
        return {};
    bool ok = true;
    for (const std::string_view part : {header, parentHeader, metadata, content})
        ok = ok
             && EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(part.data()),
                               part.size())
                        == 1;
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t macLength = 0;
    ok = ok && EVP_MAC_final(ctx, mac, &macLength, sizeof mac) == 1;
    EVP_MAC_CTX_free(ctx);
    if (!ok)
        return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(macLength * 2, '0');
    for (size_t i = 0; i < macLength; ++i) {
        hex[2 * i] = kHex[mac[i] >> 4];
        hex[2 * i + 1] = kHex[mac[i] & 0xf];
    }
    return hex;
}

std::vector<std::string> WireCodec::encode(const Message &message) const
{
    if (!isValid())
        return {};
    try {
        std::vector<std::string> frames;
        frames.reserve(message.identities().size() + 6 + message.buffers().size());
        for (const std::string &identity : message.identities())
            frames.push_back(identity);
        frames.emplace_back(kDelimiter);
        frames.emplace_back(); // signature, filled in below
        frames.push_back(compactDump(message.header()));
        frames.push_back(compactDump(message.parentHeader()));
        frames.push_back(compactDump(message.metadata()));
        frames.push_back(compactDump(message.content()));
        const size_t first = frames.size() - 4;
        frames[first - 1] =
                signature(frames[first], frames[first + 1], frames[first + 2], frames[first + 3]);
        for (const QByteArray &buffer : message.buffers())
            frames.emplace_back(buffer.constData(), static_cast<size_t>(buffer.size()));
        return frames;
    } catch (const std::exception &e) {
        // Only memory exhaustion gets here: dump() cannot fail on content with `replace`.
        qCWarning(lcWire) << "could not encode" << message.msgType().c_str() << ":" << e.what();
        return {};
    }
}

Result<MessagePtr> WireCodec::decode(std::vector<std::string> frames) const
{
    std::vector<std::string_view> views(frames.begin(), frames.end());
    return decode(std::span<const std::string_view>(views));
}

Result<MessagePtr> WireCodec::decode(std::span<const std::string_view> frames) const
{
    const auto refuse = [this](QString reason) -> Result<MessagePtr> {
        m_rejected.fetch_add(1, std::memory_order_relaxed);
        return Error(std::move(reason));
    };
    if (!isValid())
        return refuse(error());

    size_t delimiter = 0;
    while (delimiter < frames.size() && frames[delimiter] != kDelimiter)
        ++delimiter;
    if (delimiter == frames.size())
        return refuse(QStringLiteral("missing <IDS|MSG> delimiter (%1 frames)").arg(frames.size()));
    const size_t signatureIndex = delimiter + 1;
    const size_t after = frames.size() - signatureIndex;
    if (after < 5)
        return refuse(QStringLiteral("too few frames: %1 after the <IDS|MSG> delimiter, need 5 "
                                     "(signature, header, parent_header, metadata, content)")
                              .arg(after));
    const std::string_view *json = &frames[signatureIndex + 1];

    // Authenticate first: nothing an unkeyed peer sends reaches the JSON parser.
    if (d->signing) {
        const std::string_view received = frames[signatureIndex];
        if (received.empty())
            return refuse(QStringLiteral("missing signature (the connection has a key)"));
        const std::string expected = signature(json[0], json[1], json[2], json[3]);
        if (expected.empty())
            return refuse(QStringLiteral("OpenSSL could not compute the HMAC"));
        if (received.size() != expected.size()
            || CRYPTO_memcmp(received.data(), expected.data(), expected.size()) != 0)
            return refuse(QStringLiteral("bad signature"));
    }

    try {
        std::array<nlohmann::json, 4> parts;
        for (size_t i = 0; i < parts.size(); ++i) {
            const QString name = QLatin1String(kJsonFrameNames[i]);
            try {
                parts[i] = nlohmann::json::parse(json[i].begin(), json[i].end());
            } catch (const nlohmann::json::parse_error &e) {
                // The byte offset, not e.what(): that quotes the frame's text into logs.
                return refuse(QStringLiteral("invalid JSON in the %1 frame at byte %2")
                                      .arg(name)
                                      .arg(e.byte));
            }
            // parent_header, metadata and content may be null for "empty" (jupyter_client
            // writes {} but tolerates None); the header must be a real object.
            if (i > 0 && parts[i].is_null())
                parts[i] = nlohmann::json::object();
            if (!parts[i].is_object())
                return refuse(QStringLiteral("%1 is not a JSON object (it is %2)")
                                      .arg(name, QLatin1String(parts[i].type_name())));
        }
        std::vector<std::string> identities(frames.begin(),
                                            frames.begin() + static_cast<std::ptrdiff_t>(delimiter));
        std::vector<QByteArray> buffers;
        buffers.reserve(frames.size() - signatureIndex - 5);
        for (size_t i = signatureIndex + 5; i < frames.size(); ++i)
            buffers.emplace_back(frames[i].data(), static_cast<qsizetype>(frames[i].size()));
        return MessagePtr(std::make_shared<const Message>(
                std::move(parts[0]), std::move(parts[1]), std::move(parts[2]), std::move(parts[3]),
                std::move(buffers), std::move(identities)));
    } catch (const std::exception &e) {
        // bad_alloc for a frame too large for memory, or anything nlohmann adds later.
        return refuse(QStringLiteral("could not decode message: %1").arg(QLatin1String(e.what())));
    }
}

} // namespace cumulus::jupyter
