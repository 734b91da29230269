// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "sshprompts.h"

#include "remotehost.h"
#include "secretstore.h"
#include "serverconnections.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QVBoxLayout>

namespace cumulus {

SshPrompts::SshPrompts(remote::ServerConnections *connections, QWidget *window)
    : QObject(window), m_window(window), m_secrets(new remote::SecretStore(this))
{
    connect(connections, &remote::ServerConnections::promptRequested, this, &SshPrompts::ask);
    connect(connections, &remote::ServerConnections::sessionCreated, this, &SshPrompts::watchSession);
}

void SshPrompts::watchSession(remote::RemoteHost *host, remote::SshSession *session)
{
    const QString prefix = host->server().name + QLatin1Char('\n');
    connect(session, &remote::SshSession::failed, this, [this, prefix] {
        // A remembered secret the server refused: forget it so the next try asks.
        for (auto it = m_fromKeyring.begin(); it != m_fromKeyring.end();) {
            if (it->startsWith(prefix)) {
                m_secrets->remove(it->mid(prefix.size()), this, [](const Result<void> &) {});
                it = m_fromKeyring.erase(it);
            } else {
                ++it;
            }
        }
    });
    connect(session, &remote::SshSession::stateChanged, this, [this, prefix](remote::SshSession::State state) {
        if (state == remote::SshSession::State::Connected)
            m_fromKeyring.removeIf([&](const QString &entry) { return entry.startsWith(prefix); });
    });
}

SshPrompts::~SshPrompts() = default;

void SshPrompts::ask(remote::RemoteHost *host, remote::SshSession *session, const remote::SshPrompt &prompt)
{
    if (m_answerer) {
        m_answerer(host, session, prompt);
        return;
    }
    if (prompt.secretKey.isEmpty()) {
        showDialog(session, prompt);
        return;
    }
    QPointer<remote::SshSession> guard(session);
    m_secrets->read(prompt.secretKey, this, [this, guard, prompt](const Result<std::optional<QString>> &stored) {
        if (!guard)
            return;
        if (stored && stored->has_value()) {
            m_fromKeyring.insert(prompt.server + QLatin1Char('\n') + prompt.secretKey);
            guard->answerPrompt(prompt.id, **stored);
            return;
        }
        showDialog(guard, prompt);
    });
}

void SshPrompts::showDialog(remote::SshSession *session, const remote::SshPrompt &prompt)
{
    QPointer<remote::SshSession> guard(session);
    if (prompt.kind == remote::SshPrompt::Kind::UnknownHostKey) {
        auto *box = new QMessageBox(QMessageBox::Question, tr("Unknown Server %1").arg(prompt.server), prompt.text,
                                    QMessageBox::Yes | QMessageBox::No, m_window);
        box->setObjectName(QStringLiteral("unknownHostKeyBox"));
        box->setInformativeText(tr("Compare the fingerprint with the one your cloud console or administrator "
                                   "shows before you accept."));
        box->setDefaultButton(QMessageBox::No);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [guard, box, id = prompt.id](int) {
            if (guard)
                guard->answerPrompt(id, box->clickedButton() == box->button(QMessageBox::Yes)
                                                ? std::optional<QString>(QStringLiteral("yes"))
                                                : std::nullopt);
        });
        box->open();
        return;
    }
    auto *dialog = new QDialog(m_window);
    dialog->setObjectName(QStringLiteral("sshPromptDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Log in to %1").arg(prompt.server));
    auto *layout = new QVBoxLayout(dialog);
    auto *label = new QLabel(prompt.text, dialog);
    label->setWordWrap(true);
    auto *edit = new QLineEdit(dialog);
    edit->setEchoMode(prompt.echo ? QLineEdit::Normal : QLineEdit::Password);
    auto *remember = new QCheckBox(tr("Remember in the system keyring"), dialog);
    remember->setVisible(!prompt.secretKey.isEmpty());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    layout->addWidget(label);
    layout->addWidget(edit);
    layout->addWidget(remember);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::finished, this, [this, guard, dialog, edit, remember, prompt](int result) {
        if (!guard)
            return;
        if (result != QDialog::Accepted) {
            guard->answerPrompt(prompt.id, std::nullopt);
            return;
        }
        const QString secret = edit->text();
        guard->answerPrompt(prompt.id, secret);
        if (remember->isChecked() && !prompt.secretKey.isEmpty())
            m_secrets->write(prompt.secretKey, secret, this, [window = m_window](const Result<void> &written) {
                if (!written && window)
                    QMessageBox::warning(window, tr("Keyring"),
                                         tr("The secret was used but not remembered: %1").arg(written.error().message));
            });
        edit->clear();
        Q_UNUSED(dialog);
    });
    dialog->open();
    edit->setFocus();
}

} // namespace cumulus
