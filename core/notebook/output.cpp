// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/output.h"

#include "util/json.h"

namespace cumulus {

namespace {
const std::string kEmptyString;
const nlohmann::json kEmptyObject = nlohmann::json::object();
} // namespace

Output::Output(nlohmann::json json) : m_json(std::move(json)) {}

Output Output::stream(std::string_view name, std::string text)
{
    return Output(nlohmann::json{{"output_type", "stream"}, {"name", name}, {"text", std::move(text)}});
}

Output Output::displayData(nlohmann::json data, nlohmann::json metadata)
{
    return Output(nlohmann::json{{"output_type", "display_data"},
                                 {"data", std::move(data)},
                                 {"metadata", std::move(metadata)}});
}

Output Output::executeResult(int executionCount, nlohmann::json data, nlohmann::json metadata)
{
    return Output(nlohmann::json{{"output_type", "execute_result"},
                                 {"execution_count", executionCount},
                                 {"data", std::move(data)},
                                 {"metadata", std::move(metadata)}});
}

Output Output::error(std::string ename, std::string evalue, std::vector<std::string> traceback)
{
    return Output(nlohmann::json{{"output_type", "error"},
                                 {"ename", std::move(ename)},
                                 {"evalue", std::move(evalue)},
                                 {"traceback", std::move(traceback)}});
}

OutputType Output::type() const
{
    const std::string &name = stringField("output_type");
    if (name == "stream")
        return OutputType::Stream;
    if (name == "display_data")
        return OutputType::DisplayData;
    if (name == "execute_result")
        return OutputType::ExecuteResult;
    if (name == "error")
        return OutputType::Error;
    return OutputType::Unknown;
}

std::string Output::outputTypeName() const { return stringField("output_type"); }

std::string Output::streamName() const { return stringField("name"); }

const std::string &Output::text() const { return stringField("text"); }

void Output::setText(std::string text) { m_json["text"] = std::move(text); }

const nlohmann::json &Output::data() const
{
    auto it = m_json.find("data");
    return it != m_json.end() && it->is_object() ? *it : kEmptyObject;
}

const nlohmann::json &Output::metadata() const
{
    auto it = m_json.find("metadata");
    return it != m_json.end() && it->is_object() ? *it : kEmptyObject;
}

const std::string &Output::dataText(std::string_view mimeType) const
{
    const nlohmann::json &bundle = data();
    auto it = bundle.find(mimeType);
    return it != bundle.end() && it->is_string() ? it->get_ref<const std::string &>() : kEmptyString;
}

QByteArray Output::decodedData(std::string_view mimeType) const
{
    const std::string &text = dataText(mimeType);
    // nbformat stores base64 with embedded newlines (split_lines only affects text/*, but
    // older writers wrapped at 76 columns); QByteArray::fromBase64 skips them.
    return QByteArray::fromBase64(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
}

std::optional<int> Output::executionCount() const
{
    return jsonInt(m_json, "execution_count");
}

std::string Output::ename() const { return stringField("ename"); }

std::string Output::evalue() const { return stringField("evalue"); }

std::vector<std::string> Output::traceback() const
{
    std::vector<std::string> lines;
    auto it = m_json.find("traceback");
    if (it == m_json.end() || !it->is_array())
        return lines;
    for (const auto &line : *it)
        if (line.is_string())
            lines.push_back(line.get<std::string>());
    return lines;
}

const std::string &Output::stringField(std::string_view key) const
{
    auto it = m_json.find(key);
    return it != m_json.end() && it->is_string() ? it->get_ref<const std::string &>() : kEmptyString;
}

bool isJsonMimeType(std::string_view mimeType)
{
    return mimeType == "application/json"
        || (mimeType.starts_with("application/") && mimeType.ends_with("+json"));
}

} // namespace cumulus
