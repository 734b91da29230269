// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cumulus {

/// The string at @p key of @p object, or @p fallback when the key is absent, the value is
/// not a string or @p object is not an object. Unlike json::value(), never throws on files
/// and messages that hold the wrong type.
inline std::string jsonString(const nlohmann::json &object, std::string_view key,
                              std::string fallback = std::string())
{
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

/// The boolean at @p key, or @p fallback (see jsonString()).
inline bool jsonBool(const nlohmann::json &object, std::string_view key, bool fallback = false)
{
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

/// The integer at @p key when it is a JSON integer that fits an int, else std::nullopt.
inline std::optional<int> jsonInt(const nlohmann::json &object, std::string_view key)
{
    if (!object.is_object())
        return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return std::nullopt;
    if (it->is_number_unsigned()) {
        const std::uint64_t value = it->get<std::uint64_t>();
        return value <= std::uint64_t(INT_MAX) ? std::optional<int>(int(value)) : std::nullopt;
    }
    const std::int64_t value = it->get<std::int64_t>();
    return value >= INT_MIN && value <= INT_MAX ? std::optional<int>(int(value)) : std::nullopt;
}

} // namespace cumulus
