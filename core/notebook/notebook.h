// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/cell.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace cumulus {

/**
 * A notebook's content as a value: format version, metadata, cells, and any other
 * top-level keys. This is the one notebook model: the reader fills it, the writer and the
 * exporters read it, and NotebookDocument wraps it with change notifications for views.
 *
 * Always nbformat 4 in memory; v3 files are upgraded on read.
 */
class Notebook
{
public:
    Notebook();

    int nbformat() const { return m_nbformat; }
    /// The minor version (0 when the file had none, as nbformat's get_version() assumes).
    int nbformatMinor() const { return m_nbformatMinor.value_or(0); }
    void setNbformatMinor(int minor) { m_nbformatMinor = minor; }
    /// False for a file without "nbformat_minor": it is then written back without one.
    bool hasNbformatMinor() const { return m_nbformatMinor.has_value(); }
    void clearNbformatMinor() { m_nbformatMinor.reset(); }

    const nlohmann::json &metadata() const { return m_metadata; }
    nlohmann::json &metadata() { return m_metadata; }

    const std::vector<Cell> &cells() const { return m_cells; }
    std::vector<Cell> &cells() { return m_cells; }

    /// Top-level keys other than cells, metadata, nbformat and nbformat_minor.
    const nlohmann::json &extraKeys() const { return m_extra; }
    nlohmann::json &extraKeys() { return m_extra; }

    /// The kernelspec's name from metadata ("" when absent or malformed).
    std::string kernelName() const;
    /// metadata.language_info.name, else metadata.kernelspec.language, else "".
    std::string language() const;

    friend bool operator==(const Notebook &, const Notebook &) = default;

private:
    int m_nbformat = 4;
    std::optional<int> m_nbformatMinor = 5;
    nlohmann::json m_metadata = nlohmann::json::object();
    std::vector<Cell> m_cells;
    nlohmann::json m_extra = nlohmann::json::object();
};

} // namespace cumulus
