// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "output/outputarea.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>

namespace cumulus {

namespace {

constexpr int kGap = 4;
constexpr int kCollapsedHeight = 480; // about 30 lines of a 10-point monospace font


} // namespace

struct OutputArea::Item
{
    Output output;
    std::unique_ptr<RenderedOutput> rendered;
    bool collapsed = true;
};

OutputArea::OutputArea(OutputStyle style)
    : m_style(std::move(style))
{
}

OutputArea::~OutputArea() = default;

void OutputArea::setOutputs(const std::vector<Output> &outputs)
{
    std::vector<std::unique_ptr<Item>> items;
    items.reserve(outputs.size());
    for (size_t i = 0; i < outputs.size(); ++i) {
        if (i < m_items.size() && m_items[i]->output == outputs[i]) {
            items.push_back(std::move(m_items[i]));
            continue;
        }
        auto item = std::make_unique<Item>();
        item->output = outputs[i];
        item->rendered = renderOutput(item->output, m_style);
        // A stream that grew keeps the user's choice of collapsed or expanded.
        if (i < m_items.size())
            item->collapsed = m_items[i]->collapsed;
        items.push_back(std::move(item));
    }
    m_items = std::move(items);
}

RenderedOutput *OutputArea::output(int index) const
{
    if (index < 0 || index >= outputCount())
        return nullptr;
    return m_items[size_t(index)]->rendered.get();
}

int OutputArea::collapsedHeight() { return kCollapsedHeight; }

bool OutputArea::isCollapsed(int index) const
{
    return index >= 0 && index < outputCount() && m_items[size_t(index)]->collapsed;
}

void OutputArea::setCollapsed(int index, bool collapsed)
{
    if (index >= 0 && index < outputCount())
        m_items[size_t(index)]->collapsed = collapsed;
}

namespace {

struct Geometry
{
    int top = 0;
    int contentHeight = 0; ///< visible part of the output
    int footerHeight = 0;  ///< 0 when the output has no footer
    int bottom() const { return top + contentHeight + footerHeight; }
};

int footerHeight(const OutputStyle &style)
{
    return QFontMetrics(style.textFont).height() + 6;
}

Geometry geometryOf(RenderedOutput *rendered, bool collapsed, int top, int width,
                    const OutputStyle &style)
{
    Geometry g;
    g.top = top;
    const int full = rendered->heightForWidth(width);
    g.contentHeight = full;
    if (rendered->isCollapsible() && full > kCollapsedHeight) {
        if (collapsed)
            g.contentHeight = kCollapsedHeight;
        g.footerHeight = footerHeight(style);
    }
    return g;
}

} // namespace

int OutputArea::heightForWidth(int width)
{
    int y = 0;
    for (const auto &item : m_items) {
        const Geometry g = geometryOf(item->rendered.get(), item->collapsed, y, width, m_style);
        if (g.bottom() == g.top)
            continue; // empty outputs take no gap
        y = g.bottom() + kGap;
    }
    return y > 0 ? y - kGap : 0;
}

void OutputArea::paint(QPainter *painter, int width, const QRect &clip)
{
    int y = 0;
    for (const auto &item : m_items) {
        if (y > clip.bottom())
            break;
        const Geometry g = geometryOf(item->rendered.get(), item->collapsed, y, width, m_style);
        if (g.bottom() == g.top)
            continue;
        y = g.bottom() + kGap;
        const QRect content(0, g.top, width, g.contentHeight);
        if (content.intersects(clip)) {
            painter->save();
            painter->setClipRect(content & clip, Qt::IntersectClip);
            painter->translate(0, g.top);
            item->rendered->paint(painter, width, (content & clip).translated(0, -g.top));
            painter->restore();
        }
        const QRect footer(0, g.top + g.contentHeight, width, g.footerHeight);
        if (g.footerHeight > 0 && footer.intersects(clip)) {
            painter->save();
            painter->setClipRect(footer & clip, Qt::IntersectClip);
            painter->setPen(m_style.palette.color(QPalette::Mid));
            painter->drawLine(footer.topLeft(), footer.topRight());
            QString label;
            if (!item->collapsed) {
                label = OutputArea::tr("Collapse");
            } else if (const int lines = item->rendered->lineCount(); lines >= 0) {
                label = OutputArea::tr("Show all (%L1 lines)").arg(lines);
            } else {
                label = OutputArea::tr("Show all");
            }
            painter->setFont(m_style.textFont);
            painter->setPen(m_style.palette.color(QPalette::Link));
            painter->drawText(footer.adjusted(4, 1, -4, 0), Qt::AlignLeft | Qt::AlignVCenter,
                              label);
            painter->restore();
        }
    }
}

OutputArea::Hit OutputArea::hitTest(const QPoint &pos, int width)
{
    Hit hit;
    if (pos.x() < 0 || pos.x() >= width)
        return hit;
    int y = 0;
    for (int i = 0; i < outputCount(); ++i) {
        Item &item = *m_items[size_t(i)];
        const Geometry g = geometryOf(item.rendered.get(), item.collapsed, y, width, m_style);
        if (g.bottom() == g.top)
            continue;
        y = g.bottom() + kGap;
        if (pos.y() < g.top)
            break; // in the gap above
        if (pos.y() >= g.bottom())
            continue;
        hit.outputIndex = i;
        if (pos.y() >= g.top + g.contentHeight) {
            hit.kind = Hit::ToggleCollapsed;
            return hit;
        }
        hit.link = item.rendered->linkAt(pos - QPoint(0, g.top), width);
        hit.kind = hit.link.isEmpty() ? Hit::Output : Hit::Link;
        return hit;
    }
    return hit;
}

} // namespace cumulus
