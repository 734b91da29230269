// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "output/renderedoutput.h"

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <vector>

namespace cumulus {

/**
 * The outputs of one code cell, stacked and painted (no widgets).
 *
 * An output taller than collapsedHeight() is shown clipped with a footer line
 * ("Show all 12,345 lines" / "Collapse") that toggles it, as Jupyter's scrolled outputs do.
 */
class OutputArea
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::OutputArea)

public:
    explicit OutputArea(OutputStyle style);
    ~OutputArea();

    /// Replaces the outputs. Renderers of outputs equal to the previous ones at the same
    /// index are kept, so appending to a running cell re-renders only what changed.
    void setOutputs(const std::vector<Output> &outputs);
    int outputCount() const { return int(m_items.size()); }
    RenderedOutput *output(int index) const;

    int heightForWidth(int width);
    /// Paints with the top-left at (0, 0); @p clip in the same coordinates.
    void paint(QPainter *painter, int width, const QRect &clip);

    struct Hit
    {
        enum Kind { None, Output, ToggleCollapsed, Link } kind = None;
        int outputIndex = -1;
        QString link;
    };
    Hit hitTest(const QPoint &pos, int width);

    bool isCollapsed(int index) const;
    void setCollapsed(int index, bool collapsed);
    /// The visible height of a collapsed output.
    static int collapsedHeight();

private:
    struct Item;
    OutputStyle m_style;
    std::vector<std::unique_ptr<Item>> m_items;
};

} // namespace cumulus
