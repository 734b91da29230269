// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "preferencesdialog.h"

#include "notebook/notebooktheme.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QFontInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QStyleFactory>
#include <QVBoxLayout>

#include <limits>
#include <memory>

namespace cumulus {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

/// Whole units of @p unit in @p amount, rounded up so a small limit never shows as "none".
int roundUp(qint64 amount, qint64 unit)
{
    const qint64 units = (amount + unit - 1) / unit;
    return int(std::min<qint64>(units, std::numeric_limits<int>::max()));
}

} // namespace

PreferencesDialog::Values PreferencesDialog::Values::stored()
{
    Values values;
    values.codeFont = settings::codeFont();
    values.theme = settings::theme();
    values.autosaveIntervalMs = settings::autosaveIntervalMs();
    values.outputLimits = settings::outputLimits();
    return values;
}

PreferencesDialog::Values PreferencesDialog::Values::defaults()
{
    Values values;
    values.codeFont = settings::defaultCodeFont();
    values.theme = settings::Theme::System;
    values.autosaveIntervalMs = settings::defaultAutosaveIntervalMs();
    values.outputLimits = jupyter::OutputLimits();
    return values;
}

void PreferencesDialog::Values::store() const
{
    settings::setCodeFont(codeFont);
    settings::setTheme(theme);
    settings::setAutosaveIntervalMs(autosaveIntervalMs);
    settings::setOutputLimits(outputLimits);
}

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));

    // Appearance: theme and code font.
    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    m_theme = new QComboBox(appearance);
    m_theme->setObjectName(QStringLiteral("themeCombo"));
    m_theme->addItem(tr("System"), int(settings::Theme::System));
    m_theme->addItem(tr("Light"), int(settings::Theme::Light));
    m_theme->addItem(tr("Dark"), int(settings::Theme::Dark));
    m_theme->setToolTip(tr("System follows the desktop's colours."));
    appearanceForm->addRow(tr("&Theme:"), m_theme);

    m_fontFamily = new QFontComboBox(appearance);
    m_fontFamily->setObjectName(QStringLiteral("codeFontCombo"));
    m_fontFamily->setFontFilters(QFontComboBox::MonospacedFonts);
    m_fontSize = new QSpinBox(appearance);
    m_fontSize->setObjectName(QStringLiteral("codeFontSize"));
    m_fontSize->setRange(6, 72);
    m_fontSize->setSuffix(tr(" pt"));
    auto *fontRow = new QHBoxLayout;
    fontRow->addWidget(m_fontFamily, 1);
    fontRow->addWidget(m_fontSize);
    // A row holding a layout gets no buddy from QFormLayout: the label needs its own.
    auto *fontLabel = new QLabel(tr("Code &font:"), appearance);
    fontLabel->setBuddy(m_fontFamily);
    appearanceForm->addRow(fontLabel, fontRow);

    // Autosave.
    auto *autosave = new QGroupBox(tr("Autosave"), this);
    auto *autosaveForm = new QFormLayout(autosave);
    m_autosaveSeconds = new QSpinBox(autosave);
    m_autosaveSeconds->setObjectName(QStringLiteral("autosaveSeconds"));
    m_autosaveSeconds->setRange(0, 24 * 60 * 60);
    m_autosaveSeconds->setSuffix(tr(" s"));
    m_autosaveSeconds->setSpecialValueText(tr("Off"));
    m_autosaveSeconds->setToolTip(
        tr("How often unsaved notebooks are written to recovery files (0 turns autosave off)."));
    autosaveForm->addRow(tr("&Save a recovery copy every:"), m_autosaveSeconds);

    // Output limits.
    auto *output = new QGroupBox(tr("Output Limits"), this);
    auto *outputForm = new QFormLayout(output);
    m_outputMegabytes = new QSpinBox(output);
    m_outputMegabytes->setObjectName(QStringLiteral("outputMegabytes"));
    m_outputMegabytes->setRange(0, 1024);
    m_outputMegabytes->setSuffix(tr(" MB"));
    m_outputMegabytes->setSpecialValueText(tr("Unlimited"));
    m_outputLines = new QSpinBox(output);
    m_outputLines->setObjectName(QStringLiteral("outputLines"));
    m_outputLines->setRange(0, 100'000'000);
    m_outputLines->setGroupSeparatorShown(true);
    m_outputLines->setSpecialValueText(tr("Unlimited"));
    outputForm->addRow(tr("Largest &output:"), m_outputMegabytes);
    outputForm->addRow(tr("Most &lines per output:"), m_outputLines);
    auto *outputNote = new QLabel(
        tr("Longer outputs keep their beginning and end; the lines in between are hidden. "
           "Applies to cells run from now on. 0 means unlimited."),
        output);
    outputNote->setWordWrap(true);
    outputNote->setForegroundRole(QPalette::PlaceholderText);
    outputForm->addRow(outputNote);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel
                                         | QDialogButtonBox::Apply
                                         | QDialogButtonBox::RestoreDefaults,
                                     this);
    connect(m_buttons, &QDialogButtonBox::clicked, this, [this](QAbstractButton *button) {
        switch (m_buttons->standardButton(button)) {
        case QDialogButtonBox::Ok:
            apply();
            accept();
            break;
        case QDialogButtonBox::Apply:
            apply();
            break;
        case QDialogButtonBox::RestoreDefaults:
            setValues(Values::defaults());
            break;
        default:
            reject();
            break;
        }
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(appearance);
    layout->addWidget(autosave);
    layout->addWidget(output);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    setValues(Values::stored());
}

PreferencesDialog::~PreferencesDialog() = default;

PreferencesDialog::Values PreferencesDialog::values() const
{
    Values values;
    values.codeFont = m_fontFamily->currentFont();
    values.codeFont.setPointSize(m_fontSize->value());
    values.theme = settings::Theme(m_theme->currentData().toInt());
    values.autosaveIntervalMs = m_autosaveSeconds->value() * 1000;
    values.outputLimits.maxBytes = qint64(m_outputMegabytes->value()) * kMiB;
    values.outputLimits.maxLines = m_outputLines->value();
    return values;
}

void PreferencesDialog::setValues(const Values &values)
{
    m_fontFamily->setCurrentFont(values.codeFont);
    const int points = values.codeFont.pointSize();
    m_fontSize->setValue(points > 0 ? points : QFontInfo(values.codeFont).pointSize());
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(int(values.theme))));
    m_autosaveSeconds->setValue(roundUp(values.autosaveIntervalMs, 1000));
    m_outputMegabytes->setValue(roundUp(values.outputLimits.maxBytes, kMiB));
    m_outputLines->setValue(int(std::min<qint64>(values.outputLimits.maxLines,
                                                 m_outputLines->maximum())));
}

void PreferencesDialog::apply()
{
    values().store();
    Q_EMIT applied();
}

void applyTheme(settings::Theme theme)
{
    // The style the application started with, which the desktop chose; remembered before
    // the dark theme swaps it for Fusion (some styles draw with their own colours and ignore
    // the palette).
    static const QString desktopStyle = QApplication::style()->name();
    const auto useStyle = [](const QString &name) {
        if (QApplication::style()->name().compare(name, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(name);
    };
    switch (theme) {
    case settings::Theme::Dark:
        useStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(NotebookTheme::darkPalette());
        break;
    case settings::Theme::Light: {
        useStyle(desktopStyle);
        QPalette light = QApplication::style()->standardPalette();
        if (NotebookTheme::isDark(light)) {
            // A style whose own palette is dark: take Fusion's light one.
            const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
            if (fusion)
                light = fusion->standardPalette();
        }
        QApplication::setPalette(light);
        break;
    }
    case settings::Theme::System:
        useStyle(desktopStyle);
        // A palette with no role set resolves every role against the desktop's again (Qt 6
        // has no colour-scheme API before 6.5; widgets infer dark from the palette).
        QApplication::setPalette(QPalette());
        break;
    }
}

} // namespace cumulus
