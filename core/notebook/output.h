// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <QByteArray>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cumulus {

enum class OutputType { Stream, DisplayData, ExecuteResult, Error, Unknown };

/**
 * One output of a code cell, as nbformat v4 describes it.
 *
 * The output is kept as its JSON object in nbformat's in-memory form (multi-line strings
 * joined, as nbformat's rejoin_lines leaves them), so keys Cumulus does not know and values
 * of unexpected types survive a read/write round trip untouched. The accessors are typed
 * views that tolerate such values: a field of the wrong type reads as empty.
 *
 * Binary mime types (image/png, …) are base64 text, exactly as nbformat stores them;
 * decodedData() gives the bytes.
 */
class Output
{
public:
    Output() = default;
    /// Wraps an output object; @p json should be an object with an "output_type".
    explicit Output(nlohmann::json json);

    static Output stream(std::string_view name, std::string text);
    static Output displayData(nlohmann::json data,
                              nlohmann::json metadata = nlohmann::json::object());
    static Output executeResult(int executionCount, nlohmann::json data,
                                nlohmann::json metadata = nlohmann::json::object());
    static Output error(std::string ename, std::string evalue, std::vector<std::string> traceback);

    OutputType type() const;
    /// The raw "output_type" string (empty when missing or not a string).
    std::string outputTypeName() const;

    // stream
    std::string streamName() const;
    const std::string &text() const;
    void setText(std::string text);

    // display_data / execute_result
    /// The mime bundle ({} when missing).
    const nlohmann::json &data() const;
    const nlohmann::json &metadata() const;
    /// Text value of one mime type (empty when absent or not a string).
    const std::string &dataText(std::string_view mimeType) const;
    /// Bytes of a base64-encoded binary mime type such as image/png.
    QByteArray decodedData(std::string_view mimeType) const;
    std::optional<int> executionCount() const;

    // error
    std::string ename() const;
    std::string evalue() const;
    std::vector<std::string> traceback() const;

    const nlohmann::json &json() const { return m_json; }
    nlohmann::json &json() { return m_json; }

    friend bool operator==(const Output &, const Output &) = default;

private:
    const std::string &stringField(std::string_view key) const;

    nlohmann::json m_json = nlohmann::json::object();
};

/// True for mime types whose value is JSON and never a joined string (application/json, *+json).
bool isJsonMimeType(std::string_view mimeType);

} // namespace cumulus
