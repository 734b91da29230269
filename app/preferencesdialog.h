// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "settings.h"

#include "jupyter/outputcollector.h"

#include <QDialog>
#include <QFont>

class QComboBox;
class QDialogButtonBox;
class QFontComboBox;
class QSpinBox;

namespace cumulus {

/**
 * Edit ▸ Preferences: the code font, the theme, the autosave interval and how much of one
 * output a run keeps.
 *
 * The dialog shows what settings:: holds; OK and Apply write it back there and announce
 * applied(), after which the window applies it (MainWindow::applyPreferences). Restore
 * Defaults only fills the fields in; Cancel leaves the settings as they were.
 */
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    /// Everything the dialog edits.
    struct Values
    {
        QFont codeFont;
        settings::Theme theme = settings::Theme::System;
        int autosaveIntervalMs = 0;
        jupyter::OutputLimits outputLimits;

        /// What settings:: holds now.
        static Values stored();
        /// What a fresh installation has.
        static Values defaults();
        /// Writes these to settings::.
        void store() const;
    };

    explicit PreferencesDialog(QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    /// The values the fields show (autosave in whole seconds, output size in whole MiB).
    Values values() const;
    void setValues(const Values &values);

    /// Stores the fields' values and announces applied() (what OK and Apply do).
    void apply();

    QDialogButtonBox *buttonBox() const { return m_buttons; }

Q_SIGNALS:
    /// The values were stored in settings:: (OK or Apply).
    void applied();

private:
    QFontComboBox *m_fontFamily;
    QSpinBox *m_fontSize;
    QComboBox *m_theme;
    QSpinBox *m_autosaveSeconds;
    QSpinBox *m_outputMegabytes;
    QSpinBox *m_outputLines;
    QDialogButtonBox *m_buttons;
};

/// Gives the application the colours of @p theme: the desktop's palette and style (System),
/// the style's standard light palette (Light) or NotebookTheme::darkPalette() with the Fusion
/// style, which honours any palette (Dark). Widgets infer light or dark from the palette.
void applyTheme(settings::Theme theme);

} // namespace cumulus
