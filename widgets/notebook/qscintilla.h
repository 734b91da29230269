// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// QScintilla's headers use Qt's `signals`/`slots` keywords, which Cumulus builds without
// (QT_NO_KEYWORDS, so no macro can clash with Boost or Python headers). Include them only
// through this file, which maps the keywords for their duration.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qsciscintilla.h>
#undef slots
#undef signals
