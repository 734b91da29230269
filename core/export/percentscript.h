// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/notebook.h"
#include "util/result.h"

#include <QString>

#include <string>
#include <string_view>

/**
 * The "percent" script format (`# %%` cells) that VS Code, Spyder, PyCharm and jupytext
 * read, following jupytext's conventions: a commented YAML header with the kernelspec (and,
 * as jupytext's default metadata filter does, not language_info), `# %%` code cells, `# %% [markdown]` / `# %% [raw]` cells with every line
 * commented, and IPython magics, shell escapes and `?` help lines commented out so the file
 * is valid Python and reads back to the same cells.
 */
namespace cumulus::percentscript {

/// The notebook as a percent-format script (language from the notebook's metadata; Python
/// when unknown).
std::string write(const Notebook &notebook);

/// Reads a percent-format script back into a notebook (nbformat 4.5, fresh cell ids).
/// @p fileName is used in error messages.
Result<Notebook> read(std::string_view text, const QString &fileName = QString());

} // namespace cumulus::percentscript
