// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/notebook.h"
#include "util/atomicfile.h"
#include "util/result.h"

#include <QMarginsF>
#include <QPageSize>
#include <QString>

#include <functional>

namespace cumulus {

/**
 * What `cumulus export --to html|pdf` and File ▸ Export share: the options of both exporters.
 *
 * Both render from the notebook model with the window's renderers (the code tokenizer of
 * notebook/codehighlighter.h, the ANSI parser, the window's mime ranking and theme colours),
 * so an exported notebook looks like the notebook on screen.
 */
struct ExportOptions
{
    bool includeInput = true;   ///< false: report mode (--no-input), outputs only
    bool includePrompts = true; ///< false: no "In [n]:" / "Out [n]:" (--no-prompt)
    bool dark = false;          ///< --theme dark
    bool sanitize = false;      ///< HTML: drop scripts and event handlers from outputs
    /// Shown as the document's title; empty: the notebook's metadata title, else fileName's
    /// base name.
    QString title;
    QString fileName; ///< the notebook's file, for the title
    /// PDF page layout.
    QPageSize pageSize = QPageSize(QPageSize::A4);
    QMarginsF marginsMm = QMarginsF(15, 15, 15, 15);
};

/// Called with the cells done and the total; returning false cancels the export. May be
/// called from the thread the export runs on (not necessarily the GUI thread).
using ExportProgress = std::function<bool(int done, int total)>;

/// The title an export shows: options.title, the metadata's "title", or the file's base name.
QString exportTitle(const Notebook &notebook, const ExportOptions &options);

/**
 * Writes @p notebook as one self-contained HTML file into @p sink, cell by cell: CSS,
 * images (data: URIs), SVG and KaTeX (only when the notebook has math) are inlined, so the
 * file opens offline. Needs a QGuiApplication (markdown is laid out by QTextDocument).
 */
Result<void> writeHtml(const Notebook &notebook, const ExportOptions &options,
                       const ByteSink &sink, const ExportProgress &progress = {});

/// writeHtml() into @p path, atomically.
Result<void> writeHtmlFile(const Notebook &notebook, const ExportOptions &options,
                           const QString &path, const ExportProgress &progress = {});

/**
 * Writes @p notebook as a PDF (QPdfWriter, text selectable) to @p path, atomically: title,
 * page numbers, highlighted code wrapped to the page, outputs painted by the window's
 * renderers, images scaled to the page width, short cells kept on one page. Needs a
 * QGuiApplication; may run on a worker thread.
 */
Result<void> writePdfFile(const Notebook &notebook, const ExportOptions &options,
                          const QString &path, const ExportProgress &progress = {});

} // namespace cumulus
