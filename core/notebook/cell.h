// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/output.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cumulus {

enum class CellType { Code, Markdown, Raw, Unknown };

/// "code", "markdown", "raw"; Unknown maps to "".
std::string_view cellTypeName(CellType type);
CellType cellTypeFromName(std::string_view name);

/**
 * One notebook cell (nbformat v4): type, id, source, metadata, attachments, and for code
 * cells execution_count and outputs.
 *
 * Like Output, a Cell keeps its JSON object (in nbformat's in-memory form) so that keys
 * Cumulus does not know, and known keys holding values of the wrong type, are written back
 * exactly. Outputs are held as typed Output values when "outputs" is a list of objects —
 * the common case — and stay raw JSON otherwise.
 */
class Cell
{
public:
    /// A new, empty cell of @p type with the keys nbformat 4.5 requires and a fresh id.
    explicit Cell(CellType type = CellType::Code);
    /// Wraps a cell object read from a file (in-memory form, lines joined).
    static Cell fromJson(nlohmann::json json);

    CellType type() const;
    /// Changes the type, adding and dropping the keys that differ between types as
    /// Jupyter does (code cells gain outputs/execution_count, other cells lose them).
    void setType(CellType type);
    /// The raw "cell_type" string (empty when missing or not a string).
    std::string typeName() const;

    /// The cell id ("" when the cell has none, as in nbformat < 4.5).
    std::string id() const;
    void setId(std::string id);
    bool hasId() const { return m_json.contains("id"); }

    /// UTF-8 source text.
    const std::string &source() const;
    void setSource(std::string source);

    const nlohmann::json &metadata() const;
    nlohmann::json &metadata();

    /// The attachments object (null when the cell has none).
    const nlohmann::json &attachments() const;
    void setAttachments(nlohmann::json attachments);

    std::optional<int> executionCount() const;
    void setExecutionCount(std::optional<int> count);

    const std::vector<Output> &outputs() const { return m_outputs; }
    std::vector<Output> &outputs() { return m_outputs; }
    /// True when the cell's "outputs" key is (or will be written as) a list of output objects.
    bool hasTypedOutputs() const { return m_typedOutputs; }

    /// The cell's JSON, without "outputs" while hasTypedOutputs().
    const nlohmann::json &json() const { return m_json; }
    nlohmann::json &json() { return m_json; }
    /// The whole cell as one JSON object (outputs included), in-memory form.
    nlohmann::json toJson() const;

    friend bool operator==(const Cell &, const Cell &) = default;

private:
    struct EmptyTag {};
    explicit Cell(EmptyTag) {}

    nlohmann::json m_json = nlohmann::json::object();
    std::vector<Output> m_outputs;
    bool m_typedOutputs = false;
};

/// A random cell id as nbformat makes them: 8 lowercase hex digits.
std::string newCellId();
/// True when @p id matches nbformat 4.5's pattern ^[a-zA-Z0-9-_]+$ and is 1–64 long.
bool isValidCellId(std::string_view id);

} // namespace cumulus
