// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/output.h"

#include <QFont>
#include <QImage>
#include <QPalette>
#include <QString>
#include <QTextDocument>

#include <memory>

class QPainter;

namespace cumulus {

/// Fonts and colours every output is drawn with (the view's, so outputs match the editor).
struct OutputStyle
{
    QFont textFont;      ///< prose: HTML, Markdown
    QFont monospaceFont; ///< streams, tracebacks, text/plain, JSON, LaTeX source
    QPalette palette;
};

/**
 * One output of a code cell, laid out and painted without a widget.
 *
 * The notebook view keeps one per visible output and paints it into the viewport, so a
 * notebook with thousands of outputs costs no widgets. Expensive work (decoding an image,
 * laying out HTML) happens on first use and is cached for the last width.
 */
class RenderedOutput
{
public:
    virtual ~RenderedOutput() = default;

    /// The mime type that was chosen to show ("text/plain" for streams and errors).
    virtual QString mimeType() const = 0;
    /// Height in pixels when drawn @p width pixels wide.
    virtual int heightForWidth(int width) = 0;
    /// Paints with the top-left at (0, 0) of @p painter, @p width wide; @p clip is the part
    /// that needs painting, in the same coordinates.
    virtual void paint(QPainter *painter, int width, const QRect &clip) = 0;
    /// What "Copy output" puts on the clipboard.
    virtual QString plainText() const = 0;
    /// The image behind "Save image as…"; null when the output is not an image.
    virtual QImage image() const { return {}; }
    /// Hyperlink under @p pos (same coordinates as paint()), empty when none.
    virtual QString linkAt(const QPoint &pos, int width) { Q_UNUSED(pos) Q_UNUSED(width) return {}; }
    /// Lines of text for text outputs (what "Show all (N lines)" counts); -1 for others.
    virtual int lineCount() const { return -1; }
    /// Whether a tall output may be shown clipped (false for images and SVG: a plot is
    /// meant to be seen whole).
    virtual bool isCollapsible() const { return true; }
};

/// The mime type a front end shows for @p bundle, in JupyterLab's order of preference;
/// empty when the bundle has nothing Cumulus can show.
QString preferredMimeType(const nlohmann::json &bundle);

/// Renders @p output. Never fails: unknown or broken data falls back to the best text
/// representation or a short note naming the mime type.
std::unique_ptr<RenderedOutput> renderOutput(const Output &output, const OutputStyle &style);

/// A QTextDocument that loads no files and nothing from the network: only images in data:
/// URLs (attachments and inlined images). Output renderers and the PDF export use it.
class DataUrlDocument : public QTextDocument
{
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int type, const QUrl &name) override;
};

} // namespace cumulus
