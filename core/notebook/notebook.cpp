// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/notebook.h"

#include "util/json.h"

namespace cumulus {

namespace {
std::string stringAt(const nlohmann::json &object, const char *key, const char *subkey)
{
    auto it = object.find(key);
    return it == object.end() ? std::string() : jsonString(*it, subkey);
}
} // namespace

Notebook::Notebook() = default;

std::string Notebook::kernelName() const { return stringAt(m_metadata, "kernelspec", "name"); }

std::string Notebook::language() const
{
    std::string name = stringAt(m_metadata, "language_info", "name");
    return name.empty() ? stringAt(m_metadata, "kernelspec", "language") : name;
}

} // namespace cumulus
