// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "transferdock.h"

#include "panels/transferpanel.h"

namespace cumulus {

TransferDock::TransferDock(remote::ServerConnections *connections, QWidget *parent)
    : QDockWidget(tr("Transfers"), parent), m_panel(new TransferPanel(connections, this))
{
    setObjectName(QStringLiteral("transfersDock"));
    setWidget(m_panel);
    connect(m_panel, &TransferPanel::openNotebookRequested, this, &TransferDock::openNotebookRequested);
}

TransferDock::~TransferDock() = default;

void TransferDock::setKernelWorkingDirectory(const QString &server, const QString &dir)
{
    m_panel->setKernelWorkingDirectory(server, dir);
}

} // namespace cumulus
