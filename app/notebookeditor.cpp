// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebookeditor.h"
#include "settings.h"

#include "jupyter/localkernel.h"
#include "remotefilesystem.h"
#include "remotehost.h"
#include "remotekernel.h"
#include "jupyter/notebookrunner.h"
#include "notebook/kernelclienthelp.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include "nbformat/nbformat.h"

#include <QCryptographicHash>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace cumulus {

using jupyter::Kernel;

namespace {

QString languageOf(const Notebook &notebook)
{
    const std::string language = notebook.language();
    return language.empty() ? QStringLiteral("python") : QString::fromStdString(language);
}

} // namespace

NotebookEditor::NotebookEditor(QWidget *parent) :
    QWidget(parent),
    m_document(new NotebookDocument(this)),
    m_view(new NotebookView(this)),
    m_recoveryKey(QUuid::createUuid().toString(QUuid::WithoutBraces)),
    m_watcher(new QFileSystemWatcher(this)),
    m_diskCheck(new QTimer(this))
{
    m_outputLimits = settings::outputLimits();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->setDocument(m_document);
    // Tab completion and Shift+Tab documentation from whichever kernel runs now.
    m_view->setKernelHelp(new KernelClientHelp(
        [this]() -> jupyter::KernelClient * { return m_kernel ? m_kernel->client() : nullptr; }, this));
    setFocusProxy(m_view);

    connect(m_document, &NotebookDocument::modifiedChanged, this, &NotebookEditor::modifiedChanged);
    connect(m_document, &NotebookDocument::filePathChanged, this, &NotebookEditor::titleChanged);
    // Shift+Enter and Ctrl+Enter: the view reports the keys, the session runs the cell.
    connect(m_view, &NotebookView::runRequested, this, &NotebookEditor::runCell);
    connect(m_view, &NotebookView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });

    // Any change to the document is something the next autosave writes.
    const auto changed = [this] {
        if (!m_ignoreChanges) {
            m_changedSinceAutosave = true;
            ++m_edits;
        }
    };
    connect(m_document, &NotebookDocument::reset, this, changed);
    connect(m_document, &NotebookDocument::cellsInserted, this, changed);
    connect(m_document, &NotebookDocument::cellsRemoved, this, changed);
    connect(m_document, &NotebookDocument::cellsMoved, this, changed);
    connect(m_document, &NotebookDocument::cellChanged, this, changed);
    connect(m_document, &NotebookDocument::metadataChanged, this, changed);
    followCellMoves();

    // Editors and other programs write a file in several steps (and atomic saves replace it):
    // look once things have settled.
    m_diskCheck->setSingleShot(true);
    m_diskCheck->setInterval(250);
    connect(m_diskCheck, &QTimer::timeout, this, &NotebookEditor::checkDiskState);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_diskCheck->start(); });
}

NotebookEditor::~NotebookEditor()
{
    // The runner refers to the kernel: it goes first. The kernel's destructor stops its
    // process (shutdown request, then terminate, then kill).
    delete m_runner;
    delete m_kernel;
    // The view lets go of the document before either is destroyed (children go in order of
    // creation: the document first).
    m_view->setDocument(nullptr);
}

void NotebookEditor::followCellMoves()
{
    // Cells waiting for the kernel, and the cells marked in the view, follow edits as the
    // runner's queue does.
    connect(m_document, &NotebookDocument::cellsInserted, this, [this](int first, int count) {
        for (std::vector<int> *list : {&m_waitingForKernel, &m_marked})
            for (int &index : *list)
                if (index >= first)
                    index += count;
    });
    connect(m_document, &NotebookDocument::cellsRemoved, this, [this](int first, int count) {
        for (std::vector<int> *list : {&m_waitingForKernel, &m_marked}) {
            std::vector<int> kept;
            for (int index : *list) {
                if (index < first)
                    kept.push_back(index);
                else if (index >= first + count)
                    kept.push_back(index - count);
            }
            *list = std::move(kept);
        }
    });
    connect(m_document, &NotebookDocument::cellsMoved, this, [this](int first, int count, int to) {
        // `to` is an index before the move, as NotebookDocument::moveCells takes it.
        const auto remap = [&](int index) {
            if (index >= first && index < first + count)
                return to < first ? to + (index - first) : to - count + (index - first);
            if (to < first && index >= to && index < first)
                return index + count;
            if (to > first && index >= first + count && index < to)
                return index - count;
            return index;
        };
        for (std::vector<int> *list : {&m_waitingForKernel, &m_marked})
            for (int &index : *list)
                index = remap(index);
    });
    connect(m_document, &NotebookDocument::reset, this, [this] {
        m_waitingForKernel.clear();
        m_marked.clear();
    });
}

Result<QStringList> NotebookEditor::load(const QString &path)
{
    m_ignoreChanges = true;
    auto loaded = m_document->load(path);
    m_ignoreChanges = false;
    if (!loaded)
        return loaded.error();
    QStringList warnings;
    for (const auto &warning : std::as_const(*loaded))
        warnings.append(warning.toString());
    m_view->setLanguage(languageOf(m_document->notebook()));
    if (m_document->cellCount() > 0)
        m_view->setCurrentCell(0);
    m_changedSinceAutosave = false;
    watchFile();
    Q_EMIT titleChanged();
    Q_EMIT kernelChanged();
    return warnings;
}

Result<QStringList> NotebookEditor::loadRecovered(const QString &recoveryFile,
                                                  const QString &originalPath)
{
    auto loaded = load(recoveryFile);
    if (!loaded)
        return loaded;
    m_document->setFilePath(originalPath);
    m_document->setModified(true);
    m_changedSinceAutosave = true; // this session's recovery copy is written at once
    watchFile();
    Q_EMIT titleChanged();
    return loaded;
}

Result<void> NotebookEditor::reload()
{
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return {};
    m_view->cancelInputPrompt();
    if (m_view->mode() == NotebookView::Mode::Edit)
        m_view->leaveEditMode();
    const int current = m_view->currentCell();
    auto read = nbformat::readFile(path);
    if (!read)
        return read.error();
    m_ignoreChanges = true;
    m_document->setNotebook(std::move(read->notebook));
    m_document->setModified(false);
    m_ignoreChanges = false;
    m_changedSinceAutosave = false;
    if (m_document->cellCount() > 0)
        m_view->setCurrentCell(std::clamp(current, 0, m_document->cellCount() - 1));
    m_view->setLanguage(languageOf(m_document->notebook()));
    watchFile();
    syncRunStates();
    return {};
}

void NotebookEditor::keepMine()
{
    rememberDiskState(); // this version of the file has been seen: do not ask again
    m_document->setModified(true);
}

Result<QStringList> NotebookEditor::loadRemote(const QByteArray &bytes, remote::RemoteHost *host,
                                               const QString &remotePath)
{
    const QString location = host ? host->server().name + QLatin1Char(':') + remotePath : remotePath;
    auto read = nbformat::readBytes(std::string_view(bytes.constData(), size_t(bytes.size())), location);
    if (!read)
        return read.error();
    QStringList warnings;
    for (const auto &warning : std::as_const(read->warnings))
        warnings.append(warning.toString());
    m_ignoreChanges = true;
    m_document->setFilePath(QString());
    m_document->setNotebook(std::move(read->notebook));
    m_ignoreChanges = false;
    setRemoteFile(host, remotePath);
    m_view->setLanguage(languageOf(m_document->notebook()));
    if (m_document->cellCount() > 0)
        m_view->setCurrentCell(0);
    m_changedSinceAutosave = false;
    watchFile(); // no local file: nothing is watched
    Q_EMIT titleChanged();
    Q_EMIT kernelChanged();
    return warnings;
}

void NotebookEditor::setRemoteFile(remote::RemoteHost *host, const QString &remotePath)
{
    m_remoteHost = host;
    m_remoteServer = host ? host->server().name : QString();
    m_remotePath = remotePath;
    Q_EMIT titleChanged();
}

QString NotebookEditor::remoteLocation() const
{
    return isRemote() ? m_remoteServer + QLatin1Char(':') + m_remotePath : QString();
}

void NotebookEditor::saveRemote(std::function<void(const Result<void> &)> done)
{
    commitEdits();
    if (!isRemote()) {
        done(Error(tr("%1 is not a notebook on a server").arg(title())));
        return;
    }
    if (!m_remoteHost) {
        done(Error(tr("cannot write %1 on %2: the connection to the server is gone")
                           .arg(m_remotePath, m_remoteServer)));
        return;
    }
    if (m_savingRemote) {
        m_queuedSaves.push_back(std::move(done));
        return;
    }
    m_savingRemote = true;
    const quint64 edits = m_edits;
    const std::string bytes = nbformat::toBytes(m_document->notebook());
    QPointer<NotebookEditor> guard(this);
    m_remoteHost->files()->writeFileAtomically(
            m_remotePath, QByteArray(bytes.data(), qsizetype(bytes.size())),
            [guard, edits, done = std::move(done)](const Result<void> &written) {
                if (guard)
                    guard->finishRemoteSave(written, edits, done);
            });
}

void NotebookEditor::finishRemoteSave(const Result<void> &written, quint64 edits,
                                      const std::function<void(const Result<void> &)> &done)
{
    m_savingRemote = false;
    // Edits made while the bytes travelled are not on the server: the notebook stays modified.
    if (written && edits == m_edits && isRemote()) {
        m_document->setModified(false);
        m_changedSinceAutosave = false;
    }
    QPointer<NotebookEditor> guard(this);
    done(written);
    if (!guard || m_queuedSaves.empty())
        return;
    auto queued = std::move(m_queuedSaves);
    m_queuedSaves.clear();
    saveRemote([queued = std::move(queued)](const Result<void> &again) {
        for (const auto &callback : queued)
            callback(again);
    });
}

void NotebookEditor::watchFile()
{
    const QStringList watched = m_watcher->files();
    if (!watched.isEmpty())
        m_watcher->removePaths(watched);
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return;
    rememberDiskState();
    if (QFileInfo::exists(path))
        m_watcher->addPath(path);
}

void NotebookEditor::rememberDiskState()
{
    const QString path = m_document->filePath();
    const QFileInfo info(path);
    m_diskSize = info.exists() ? info.size() : -1;
    m_diskTime = info.exists() ? info.lastModified() : QDateTime();
    m_diskHash.clear();
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&file);
        m_diskHash = hash.result();
    }
}

void NotebookEditor::checkDiskState()
{
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return;
    // An atomic save (ours or another program's) replaces the file: the watcher then follows
    // a file that no longer exists, so the path is added again.
    if (QFileInfo::exists(path) && !m_watcher->files().contains(path))
        m_watcher->addPath(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        if (m_diskSize >= 0) { // gone (or between an unlink and a rename): look again later
            m_diskCheck->start(1000);
        }
        return;
    }
    if (info.size() == m_diskSize && info.lastModified() == m_diskTime)
        return;
    QFile file(path);
    QByteArray hash;
    if (file.open(QIODevice::ReadOnly)) {
        QCryptographicHash hasher(QCryptographicHash::Sha256);
        hasher.addData(&file);
        hash = hasher.result();
    }
    if (hash == m_diskHash) { // touched, or rewritten with the same bytes
        m_diskSize = info.size();
        m_diskTime = info.lastModified();
        return;
    }
    Q_EMIT fileChangedOnDisk();
}

void NotebookEditor::newNotebook()
{
    Notebook notebook;
    notebook.cells().emplace_back(CellType::Code);
    m_ignoreChanges = true;
    m_document->setNotebook(std::move(notebook));
    m_document->setFilePath(QString());
    m_document->setModified(false);
    m_ignoreChanges = false;
    m_changedSinceAutosave = false;
    watchFile();
    m_view->setLanguage(QStringLiteral("python"));
    m_view->setCurrentCell(0);
    Q_EMIT titleChanged();
}

Result<void> NotebookEditor::save(const QString &path)
{
    if (path.isEmpty() && isRemote())
        return Error(tr("%1 is on a server: it is saved there with saveRemote()").arg(remoteLocation()));
    commitEdits();
    auto saved = m_document->save(path);
    if (saved) {
        // Saved here: the notebook is this file now, no longer the server's.
        m_remoteHost = nullptr;
        m_remoteServer.clear();
        m_remotePath.clear();
        // Our own write is not an outside change: remember what is on disk now.
        watchFile();
        Q_EMIT titleChanged();
    }
    return saved;
}

void NotebookEditor::commitEdits() { m_view->commitEdit(); }

QString NotebookEditor::title() const
{
    if (isRemote())
        return tr("%1 — %2").arg(m_remotePath.section(QLatin1Char('/'), -1), m_remoteServer);
    const QString path = m_document->filePath();
    return path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
}

bool NotebookEditor::isModified() const { return m_document->isModified(); }

Kernel::Status NotebookEditor::kernelStatus() const
{
    return m_kernel ? m_kernel->status() : Kernel::Status::NotStarted;
}

Kernel *NotebookEditor::kernel() const { return m_kernel; }

QString NotebookEditor::kernelDisplayName() const
{
    if (m_kernel)
        return m_kernel->displayName();
    const nlohmann::json &metadata = m_document->notebook().metadata();
    const auto spec = metadata.find("kernelspec");
    if (spec != metadata.end() && spec->is_object()) {
        const auto name = spec->find("display_name");
        if (name != spec->end() && name->is_string())
            return QString::fromStdString(name->get<std::string>());
    }
    if (auto resolved = resolveKernelSpec())
        return resolved->displayName;
    return tr("No kernel");
}

QString NotebookEditor::kernelName() const
{
    if (m_server)
        return m_kernelName;
    if (auto resolved = resolveKernelSpec())
        return resolved->name;
    return QString();
}

Result<jupyter::KernelSpec> NotebookEditor::resolveKernelSpec() const
{
    QString wanted = m_kernelName;
    if (wanted.isEmpty())
        wanted = QString::fromStdString(m_document->notebook().kernelName());
    if (!wanted.isEmpty()) {
        if (auto spec = jupyter::findKernelSpec(wanted))
            return spec;
    }
    // Not installed here (or not named): the first Python kernel, as a Jupyter user expects.
    const std::vector<jupyter::KernelSpec> specs = jupyter::findKernelSpecs();
    for (const jupyter::KernelSpec &spec : specs)
        if (spec.language.compare(QLatin1String("python"), Qt::CaseInsensitive) == 0)
            return spec;
    if (!specs.empty())
        return specs.front();
    return Error(
        wanted.isEmpty()
            ? tr("No Jupyter kernel is installed (try: apt install python3-ipykernel)")
            : tr("The kernel \"%1\" is not installed, and no other kernel is").arg(wanted));
}

void NotebookEditor::rememberKernel(const jupyter::KernelSpec &spec)
{
    // metadata.kernelspec names the kernel the notebook runs on, as Jupyter records it.
    nlohmann::json wanted = {{"display_name", spec.displayName.toStdString()},
                             {"language", spec.language.toStdString()},
                             {"name", spec.name.toStdString()}};
    if (spec.language.isEmpty()) // a server's kernelspec, before kernel_info says the language
        wanted.erase("language");
    const nlohmann::json &metadata = m_document->notebook().metadata();
    const auto current = metadata.find("kernelspec");
    if (current != metadata.end() && *current == wanted)
        return;
    nlohmann::json updated = metadata;
    updated["kernelspec"] = wanted;
    m_document->setMetadata(std::move(updated));
}

bool NotebookEditor::ensureKernel()
{
    if (m_kernel)
        return true;
    jupyter::Kernel *kernel = nullptr;
    const QString path = m_document->filePath();
    if (m_server) {
        // The kernelspec lives on the server: its name is all this side knows until
        // kernel_info tells the language.
        auto *remoteKernel = new remote::RemoteKernel(m_server, m_kernelName, m_serverSpecDisplayName, this);
        remoteKernel->setWorkingDirectory(m_serverWorkingDirectory);
        remoteKernel->setNotebookName(isRemote()       ? m_remotePath
                                      : path.isEmpty() ? title()
                                                       : QFileInfo(path).fileName());
        kernel = remoteKernel;
        if (!m_kernelName.isEmpty()) {
            jupyter::KernelSpec spec;
            spec.name = m_kernelName;
            spec.displayName = m_serverSpecDisplayName.isEmpty() ? m_kernelName : m_serverSpecDisplayName;
            rememberKernel(spec);
        }
    } else {
        auto spec = resolveKernelSpec();
        if (!spec) {
            Q_EMIT errorOccurred(spec.error().toString());
            return false;
        }
        rememberKernel(*spec);
        auto *localKernel = new jupyter::LocalKernel(*spec, this);
        localKernel->setWorkingDirectory(path.isEmpty() ? QDir::currentPath()
                                                        : QFileInfo(path).absolutePath());
        kernel = localKernel;
    }
    m_kernel = kernel;
    connect(kernel, &Kernel::statusChanged, this, &NotebookEditor::kernelStatusChanged);
    connect(kernel, &Kernel::ready, this, &NotebookEditor::onKernelReady);
    connect(kernel, &Kernel::died, this, [this](const QString &reason) {
        m_waitingForKernel.clear();
        m_view->cancelInputPrompt();
        syncRunStates();
        Q_EMIT errorOccurred(tr("The kernel died: %1").arg(reason));
    });

    auto *runner = new jupyter::NotebookRunner(m_document, kernel, this);
    m_runner = runner;
    runner->setOutputLimits(m_outputLimits);
    connect(runner, &jupyter::NotebookRunner::cellStarted, this,
            [this](int index, int, int) {
                if (index >= 0 && index < m_document->cellCount())
                    m_view->setCellRunInfo(index, QString());
                syncRunStates();
            });
    connect(runner, &jupyter::NotebookRunner::cellFinished, this,
            &NotebookEditor::onCellFinished);
    connect(runner, &jupyter::NotebookRunner::finished, this, &NotebookEditor::onRunFinished);
    // input() and getpass(): a line edit under the running cell, so the event loop (and
    // other tabs) keep running.
    runner->setInputHandler([this](const QString &prompt, bool password,
                                   std::function<void(std::optional<std::string>)> answer) {
        const int cell = m_runner ? m_runner->runningCell() : -1;
        if (cell < 0) {
            answer(std::nullopt);
            return;
        }
        m_view->scrollToCell(cell);
        m_view->showInputPrompt(cell, prompt, password,
                                [answer = std::move(answer)](std::optional<QString> text) {
                                    if (text)
                                        answer(text->toStdString());
                                    else
                                        answer(std::nullopt);
                                });
    });
    Q_EMIT kernelChanged();
    return true;
}

void NotebookEditor::setOutputLimits(const jupyter::OutputLimits &limits)
{
    m_outputLimits = limits;
    if (m_runner)
        m_runner->setOutputLimits(limits);
}

void NotebookEditor::destroyKernel()
{
    m_waitingForKernel.clear();
    m_view->cancelInputPrompt();
    delete m_runner;
    syncRunStates();
    if (m_kernel) {
        jupyter::Kernel *kernel = m_kernel;
        m_kernel = nullptr;
        kernel->disconnect(this);
        const Kernel::Status status = kernel->status();
        if (status == Kernel::Status::NotStarted || status == Kernel::Status::Dead
            || status == Kernel::Status::Stopped) {
            kernel->deleteLater();
        } else {
            // A graceful shutdown; the object goes when the process has (or with this tab).
            connect(kernel, &Kernel::stopped, kernel, &QObject::deleteLater);
            kernel->shutdown();
        }
    }
    Q_EMIT kernelStatusChanged(Kernel::Status::NotStarted);
}

void NotebookEditor::runCells(const std::vector<int> &requested)
{
    commitEdits();
    std::vector<int> cells;
    for (int index : requested)
        if (index >= 0 && index < m_document->cellCount()
            && m_document->cell(index).type() == CellType::Code)
            cells.push_back(index);
    if (cells.empty() || !ensureKernel())
        return;
    const Kernel::Status status = m_kernel->status();
    if (status == Kernel::Status::Idle || status == Kernel::Status::Busy) {
        m_runner->enqueue(cells);
        syncRunStates();
        return;
    }
    switch (status) {
    case Kernel::Status::NotStarted:
        m_waitingForKernel.insert(m_waitingForKernel.end(), cells.begin(), cells.end());
        m_kernel->start();
        break;
    case Kernel::Status::Dead:
    case Kernel::Status::Stopped: {
        // A fresh session: a new kernel object, the same kernelspec.
        std::vector<int> waiting = std::move(m_waitingForKernel);
        waiting.insert(waiting.end(), cells.begin(), cells.end());
        destroyKernel();
        if (!ensureKernel())
            return;
        m_waitingForKernel = std::move(waiting);
        m_kernel->start();
        break;
    }
    default: // starting, restarting, reconnecting: ready() follows
        m_waitingForKernel.insert(m_waitingForKernel.end(), cells.begin(), cells.end());
        break;
    }
    syncRunStates();
}

void NotebookEditor::runCurrentCellAndAdvance() { runCell(m_view->currentCell(), true); }

void NotebookEditor::runCell(int index, bool advance)
{
    if (index < 0 || index >= m_document->cellCount())
        return;
    m_view->leaveEditMode();
    runCells({index});
    if (!advance)
        return;
    if (index + 1 < m_document->cellCount()) {
        m_view->setCurrentCell(index + 1);
        m_view->scrollToCell(index + 1);
    } else {
        m_view->insertCellBelow(); // Jupyter appends a cell after the last one
    }
}

namespace {
std::vector<int> range(int first, int end)
{
    std::vector<int> cells;
    for (int i = first; i < end; ++i)
        cells.push_back(i);
    return cells;
}
} // namespace

void NotebookEditor::runAll() { runCells(range(0, m_document->cellCount())); }

void NotebookEditor::runAllAbove() { runCells(range(0, std::max(0, m_view->currentCell()))); }

void NotebookEditor::runAllBelow()
{
    runCells(range(std::max(0, m_view->currentCell()), m_document->cellCount()));
}

void NotebookEditor::runSelected() { runCells(m_view->selectedCells()); }

void NotebookEditor::interruptKernel()
{
    m_waitingForKernel.clear();
    if (m_kernel && m_runner) {
        m_runner->clearQueue();
        if (m_view->hasInputPrompt())
            m_view->cancelInputPrompt(); // the runner interrupts the kernel itself
        else
            m_kernel->interrupt();
    }
    syncRunStates();
}

void NotebookEditor::restartKernel()
{
    m_waitingForKernel.clear();
    if (!m_kernel) {
        if (ensureKernel())
            m_kernel->start();
        return;
    }
    if (m_runner) {
        m_runner->clearQueue();
        m_restarting = m_runner->isRunning();
    }
    m_view->cancelInputPrompt();
    const Kernel::Status status = m_kernel->status();
    if (status == Kernel::Status::NotStarted || status == Kernel::Status::Stopped
        || status == Kernel::Status::Dead) {
        destroyKernel();
        if (ensureKernel())
            m_kernel->start();
    } else {
        m_kernel->restart();
    }
    syncRunStates();
}

void NotebookEditor::restartAndRunAll()
{
    commitEdits();
    restartKernel();
    if (!m_kernel)
        return;
    for (int i = 0; i < m_document->cellCount(); ++i)
        if (m_document->cell(i).type() == CellType::Code)
            m_waitingForKernel.push_back(i);
    syncRunStates();
}

void NotebookEditor::shutdownKernel()
{
    m_waitingForKernel.clear();
    if (m_runner)
        m_runner->clearQueue();
    m_view->cancelInputPrompt();
    if (m_kernel && m_kernel->status() != Kernel::Status::NotStarted
        && m_kernel->status() != Kernel::Status::Stopped)
        m_kernel->shutdown();
    syncRunStates();
}

void NotebookEditor::changeKernel(const jupyter::KernelSpec &spec)
{
    if (m_kernel && !m_server && spec.name == kernelName())
        return;
    destroyKernel();
    m_server = nullptr; // the kernelspecs of this machine
    m_kernelName = spec.name;
    rememberKernel(spec);
    if (!spec.language.isEmpty())
        m_view->setLanguage(spec.language.toLower());
    Q_EMIT kernelChanged();
}

void NotebookEditor::useServer(remote::RemoteHost *host, const QString &specName, const QString &displayName,
                               const QString &workingDirectory)
{
    destroyKernel();
    m_server = host;
    m_serverWorkingDirectory = host ? workingDirectory : QString();
    m_serverSpecDisplayName = displayName;
    m_kernelName = specName;
    if (!host) {
        if (auto spec = jupyter::findKernelSpec(specName)) {
            rememberKernel(*spec);
            if (!spec->language.isEmpty())
                m_view->setLanguage(spec->language.toLower());
        }
    }
    Q_EMIT kernelChanged();
    if (ensureKernel())
        m_kernel->start();
}

void NotebookEditor::preferServer(remote::RemoteHost *host, const QString &specName, const QString &displayName,
                                  const QString &workingDirectory)
{
    destroyKernel();
    m_server = host;
    m_serverWorkingDirectory = host ? workingDirectory : QString();
    QString name = specName;
    QString shown = displayName;
    if (name.isEmpty() && host) {
        // The kernelspec the notebook names, as on the machine it was written on.
        name = QString::fromStdString(m_document->notebook().kernelName());
        const nlohmann::json &metadata = m_document->notebook().metadata();
        if (const auto spec = metadata.find("kernelspec"); spec != metadata.end() && spec->is_object())
            if (const auto display = spec->find("display_name"); display != spec->end() && display->is_string())
                shown = QString::fromStdString(display->get<std::string>());
        if (name.isEmpty()) {
            name = QStringLiteral("python3");
            shown.clear();
        }
    }
    m_kernelName = name;
    m_serverSpecDisplayName = shown;
    Q_EMIT kernelChanged();
}

void NotebookEditor::attachToRemoteKernel(remote::RemoteHost *host, const QString &kernelId)
{
    if (!host)
        return;
    destroyKernel();
    m_server = host;
    m_serverWorkingDirectory.clear();
    m_serverSpecDisplayName.clear();
    m_kernelName.clear();
    if (!ensureKernel())
        return;
    Q_EMIT kernelChanged();
    static_cast<remote::RemoteKernel *>(m_kernel.data())->attach(kernelId);
}

remote::RemoteHost *NotebookEditor::serverHost() const
{
    return m_server;
}

QString NotebookEditor::serverName() const
{
    return m_server ? m_server->server().name : tr("Local");
}

QString NotebookEditor::serverWorkingDirectory() const
{
    if (auto *remoteKernel = qobject_cast<remote::RemoteKernel *>(m_kernel.data()))
        return remoteKernel->workingDirectory();
    return m_serverWorkingDirectory;
}

void NotebookEditor::onKernelReady()
{
    const nlohmann::json &info = m_kernel->client()->kernelInfo();
    const auto languageInfo = info.find("language_info");
    if (languageInfo != info.end() && languageInfo->is_object()) {
        const auto name = languageInfo->find("name");
        if (name != languageInfo->end() && name->is_string())
            m_view->setLanguage(QString::fromStdString(name->get<std::string>()));
        // The notebook records its kernel's language, as Jupyter does when it runs.
        const nlohmann::json &metadata = m_document->notebook().metadata();
        const auto recorded = metadata.find("language_info");
        if (recorded == metadata.end() || *recorded != *languageInfo) {
            nlohmann::json updated = metadata;
            updated["language_info"] = *languageInfo;
            m_document->setMetadata(std::move(updated));
        }
    }
    if (!m_waitingForKernel.empty() && m_runner) {
        const std::vector<int> cells = std::move(m_waitingForKernel);
        m_waitingForKernel.clear();
        m_runner->enqueue(cells);
    }
    syncRunStates();
}

QString NotebookEditor::elapsedText(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60000)
        return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 seconds = ms / 1000;
    return tr("%1:%2 min").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

void NotebookEditor::onCellFinished(int index, const jupyter::ExecuteResult &result, qint64 ms)
{
    if (index >= 0 && index < m_document->cellCount()) {
        using Status = jupyter::ExecuteResult::Status;
        QString note = elapsedText(ms);
        const auto ename = result.reply.is_object() ? result.reply.find("ename")
                                                    : result.reply.end();
        const bool interrupted = ename != result.reply.end() && ename->is_string()
                                 && ename->get<std::string>() == "KeyboardInterrupt";
        switch (result.status) {
        case Status::Ok: break;
        case Status::Error:
            note = interrupted ? tr("interrupted after %1").arg(note)
                               : tr("error after %1").arg(note);
            break;
        case Status::Aborted: note = tr("aborted"); break;
        case Status::Failed: note = tr("stopped after %1").arg(note); break;
        }
        m_view->setCellRunInfo(index, note);
    }
    m_lastRunMs = ms;
    syncRunStates();
    Q_EMIT lastRunChanged(ms);
}

void NotebookEditor::onRunFinished(bool ok, const QString &error)
{
    syncRunStates();
    const bool restarted = std::exchange(m_restarting, false);
    if (!ok && !error.isEmpty() && !restarted)
        Q_EMIT errorOccurred(error);
}

void NotebookEditor::syncRunStates()
{
    std::vector<std::pair<int, NotebookView::RunState>> wanted;
    if (m_runner) {
        for (int index : m_runner->queuedCells())
            wanted.emplace_back(index, NotebookView::RunState::Queued);
    }
    for (int index : m_waitingForKernel)
        wanted.emplace_back(index, NotebookView::RunState::Queued);
    if (m_runner && m_runner->runningCell() >= 0)
        wanted.emplace_back(m_runner->runningCell(), NotebookView::RunState::Running);

    const int count = m_document->cellCount();
    std::vector<int> marked;
    for (const auto &[index, state] : wanted) {
        if (index < 0 || index >= count)
            continue;
        if (m_view->cellRunState(index) != state)
            m_view->setCellRunState(index, state);
        marked.push_back(index);
    }
    std::sort(marked.begin(), marked.end());
    marked.erase(std::unique(marked.begin(), marked.end()), marked.end());
    for (int index : m_marked)
        if (index >= 0 && index < count && !std::binary_search(marked.begin(), marked.end(), index)
            && m_view->cellRunState(index) != NotebookView::RunState::None)
            m_view->setCellRunState(index, NotebookView::RunState::None);
    m_marked = std::move(marked);
}

bool NotebookEditor::isRunning() const
{
    return !m_waitingForKernel.empty() || (m_runner && m_runner->isRunning());
}

} // namespace cumulus
