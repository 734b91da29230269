// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/cell.h"

#include "util/json.h"

#include <QRandomGenerator>

namespace cumulus {

namespace {
const std::string kEmptyString;
const nlohmann::json kNull;
const nlohmann::json kEmptyObject = nlohmann::json::object();
} // namespace

std::string_view cellTypeName(CellType type)
{
    switch (type) {
    case CellType::Code:
        return "code";
    case CellType::Markdown:
        return "markdown";
    case CellType::Raw:
        return "raw";
    case CellType::Unknown:
        break;
    }
    return {};
}

CellType cellTypeFromName(std::string_view name)
{
    if (name == "code")
        return CellType::Code;
    if (name == "markdown")
        return CellType::Markdown;
    if (name == "raw")
        return CellType::Raw;
    return CellType::Unknown;
}

Cell::Cell(CellType type)
{
    m_json = {{"cell_type", cellTypeName(type)},
              {"id", newCellId()},
              {"metadata", nlohmann::json::object()},
              {"source", ""}};
    if (type == CellType::Code) {
        m_json["execution_count"] = nullptr;
        m_typedOutputs = true;
    }
}

Cell Cell::fromJson(nlohmann::json json)
{
    Cell cell{EmptyTag{}};
    cell.m_json = std::move(json);
    auto it = cell.m_json.find("outputs");
    if (it != cell.m_json.end() && it->is_array()) {
        bool allObjects = true;
        for (const auto &output : *it)
            allObjects = allObjects && output.is_object();
        if (allObjects) {
            cell.m_outputs.reserve(it->size());
            for (auto &output : *it)
                cell.m_outputs.emplace_back(std::move(output));
            cell.m_json.erase(it);
            cell.m_typedOutputs = true;
        }
    }
    return cell;
}

CellType Cell::type() const { return cellTypeFromName(typeName()); }

void Cell::setType(CellType type)
{
    if (type == this->type() || type == CellType::Unknown)
        return;
    m_json["cell_type"] = cellTypeName(type);
    if (type == CellType::Code) {
        m_json.erase("attachments");
        if (!m_json.contains("execution_count"))
            m_json["execution_count"] = nullptr;
        if (!m_typedOutputs && !m_json.contains("outputs"))
            m_typedOutputs = true;
    } else {
        m_json.erase("execution_count");
        m_json.erase("outputs");
        m_outputs.clear();
        m_typedOutputs = false;
    }
}

std::string Cell::typeName() const
{
    auto it = m_json.find("cell_type");
    return it != m_json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Cell::id() const
{
    auto it = m_json.find("id");
    return it != m_json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void Cell::setId(std::string id) { m_json["id"] = std::move(id); }

const std::string &Cell::source() const
{
    auto it = m_json.find("source");
    return it != m_json.end() && it->is_string() ? it->get_ref<const std::string &>() : kEmptyString;
}

void Cell::setSource(std::string source) { m_json["source"] = std::move(source); }

const nlohmann::json &Cell::metadata() const
{
    auto it = m_json.find("metadata");
    return it != m_json.end() ? *it : kEmptyObject;
}

nlohmann::json &Cell::metadata()
{
    nlohmann::json &meta = m_json["metadata"];
    if (!meta.is_object())
        meta = nlohmann::json::object();
    return meta;
}

const nlohmann::json &Cell::attachments() const
{
    auto it = m_json.find("attachments");
    return it != m_json.end() ? *it : kNull;
}

void Cell::setAttachments(nlohmann::json attachments)
{
    if (attachments.is_null())
        m_json.erase("attachments");
    else
        m_json["attachments"] = std::move(attachments);
}

std::optional<int> Cell::executionCount() const
{
    return jsonInt(m_json, "execution_count");
}

void Cell::setExecutionCount(std::optional<int> count)
{
    if (count)
        m_json["execution_count"] = *count;
    else
        m_json["execution_count"] = nullptr;
}

nlohmann::json Cell::toJson() const
{
    nlohmann::json json = m_json;
    if (m_typedOutputs) {
        nlohmann::json outputs = nlohmann::json::array();
        for (const Output &output : m_outputs)
            outputs.push_back(output.json());
        json["outputs"] = std::move(outputs);
    }
    return json;
}

std::string newCellId()
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(8, '0');
    quint32 bits = QRandomGenerator::global()->generate();
    for (char &c : id) {
        c = kHex[bits & 0xf];
        bits >>= 4;
    }
    return id;
}

bool isValidCellId(std::string_view id)
{
    if (id.empty() || id.size() > 64)
        return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace cumulus
