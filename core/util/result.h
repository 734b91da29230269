// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace cumulus {

/// What went wrong, worded for a person: the message names the file, the JSON path or the
/// line where it is known, so the caller can print it as it is.
struct Error
{
    Error() = default;
    Error(QString message_, QString file_ = QString(), QString jsonPath_ = QString(), int line_ = 0)
        : message(std::move(message_)), file(std::move(file_)), jsonPath(std::move(jsonPath_)),
          line(line_)
    {
    }

    QString message;
    QString file;     ///< file the error is about, empty when not file-related
    QString jsonPath; ///< e.g. "cells[3].outputs[0].data", empty when unknown
    int line = 0;     ///< 1-based, 0 when unknown

    /// One line suitable for stderr or a message box: "file:line: path: message".
    QString toString() const
    {
        QString out;
        if (!file.isEmpty()) {
            out += file;
            if (line > 0)
                out += QLatin1Char(':') + QString::number(line);
            out += QStringLiteral(": ");
        }
        if (!jsonPath.isEmpty())
            out += jsonPath + QStringLiteral(": ");
        return out + message;
    }
};

/// A value or an Error: what core APIs return instead of throwing (a small std::expected,
/// which GCC 12 only offers in C++23 mode).
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Success or an Error, for operations with no value to return.
template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace cumulus
