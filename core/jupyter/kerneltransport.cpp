// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/kerneltransport.h"

namespace cumulus::jupyter {

KernelTransport::~KernelTransport() = default;

} // namespace cumulus::jupyter
