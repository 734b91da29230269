// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebookeditor.h"

#include "jupyter/localkernel.h"
#include "jupyter/notebookrunner.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QVBoxLayout>

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
    QWidget(parent), m_document(new NotebookDocument(this)), m_view(new NotebookView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->setDocument(m_document);
    setFocusProxy(m_view);

    connect(m_document, &NotebookDocument::modifiedChanged, this, &NotebookEditor::modifiedChanged);
    connect(m_document, &NotebookDocument::filePathChanged, this, &NotebookEditor::titleChanged);
    // Shift+Enter and Ctrl+Enter: the view reports the keys, the session runs the cell.
    connect(m_view, &NotebookView::runRequested, this, &NotebookEditor::runCell);
    connect(m_view, &NotebookView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
}

NotebookEditor::~NotebookEditor()
{
    // The runner refers to the kernel: it goes first. The kernel's destructor stops its
    // process (shutdown request, then terminate, then kill).
    delete m_runner;
    delete m_kernel;
}

Result<QStringList> NotebookEditor::load(const QString &path)
{
    auto loaded = m_document->load(path);
    if (!loaded)
        return loaded.error();
    QStringList warnings;
    for (const auto &warning : std::as_const(*loaded))
        warnings.append(warning.toString());
    m_view->setLanguage(languageOf(m_document->notebook()));
    if (m_document->cellCount() > 0)
        m_view->setCurrentCell(0);
    Q_EMIT titleChanged();
    Q_EMIT kernelChanged();
    return warnings;
}

void NotebookEditor::newNotebook()
{
    Notebook notebook;
    notebook.cells().emplace_back(CellType::Code);
    m_document->setNotebook(std::move(notebook));
    m_document->setFilePath(QString());
    m_document->setModified(false);
    m_view->setLanguage(QStringLiteral("python"));
    m_view->setCurrentCell(0);
    Q_EMIT titleChanged();
}

Result<void> NotebookEditor::save(const QString &path)
{
    commitEdits();
    auto saved = m_document->save(path);
    if (saved)
        Q_EMIT titleChanged();
    return saved;
}

void NotebookEditor::commitEdits() { m_view->commitEdit(); }

QString NotebookEditor::title() const
{
    const QString path = m_document->filePath();
    return path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
}

bool NotebookEditor::isModified() const { return m_document->isModified(); }

Kernel::Status NotebookEditor::kernelStatus() const
{
    return m_kernel ? m_kernel->status() : Kernel::Status::NotStarted;
}

Kernel *NotebookEditor::kernel() const { return m_kernel; }

bool NotebookEditor::isRunning() const
{
    return !m_waitingForKernel.empty() || (m_runner && m_runner->isRunning());
}

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

bool NotebookEditor::ensureKernel()
{
    if (m_kernel)
        return true;
    auto spec = resolveKernelSpec();
    if (!spec) {
        Q_EMIT errorOccurred(spec.error().toString());
        return false;
    }

    // A notebook without a kernelspec (a new one) records the kernel it runs on, as Jupyter does.
    const nlohmann::json &metadata = m_document->notebook().metadata();
    if (!metadata.contains("kernelspec")) {
        nlohmann::json updated = metadata;
        updated["kernelspec"] = {{"display_name", spec->displayName.toStdString()},
                                 {"language", spec->language.toStdString()},
                                 {"name", spec->name.toStdString()}};
        m_document->setMetadata(std::move(updated));
    }

    auto *kernel = new jupyter::LocalKernel(*spec, this);
    const QString path = m_document->filePath();
    kernel->setWorkingDirectory(path.isEmpty() ? QDir::currentPath()
                                               : QFileInfo(path).absolutePath());
    m_kernel = kernel;
    connect(kernel, &Kernel::statusChanged, this, &NotebookEditor::kernelStatusChanged);
    connect(kernel, &Kernel::ready, this, &NotebookEditor::onKernelReady);
    connect(kernel, &Kernel::died, this, [this](const QString &reason) {
        m_waitingForKernel.clear();
        unmarkAll();
        Q_EMIT errorOccurred(tr("The kernel died: %1").arg(reason));
    });

    auto *runner = new jupyter::NotebookRunner(m_document, kernel, this);
    m_runner = runner;
    connect(runner, &jupyter::NotebookRunner::cellStarted, this,
            [this](int index, int, int) { onCellStarted(index); });
    connect(runner, &jupyter::NotebookRunner::cellFinished, this,
            [this](int index, const jupyter::ExecuteResult &, qint64 ms) {
                onCellFinished(index, ms);
            });
    connect(runner, &jupyter::NotebookRunner::finished, this, &NotebookEditor::onRunFinished);
    // input(): a non-modal prompt, so the event loop (and other tabs) keep running.
    runner->setInputHandler([this](const QString &prompt, bool password,
                                   std::function<void(std::optional<std::string>)> answer) {
        auto *dialog = new QInputDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("Input requested"));
        dialog->setLabelText(prompt);
        dialog->setTextEchoMode(password ? QLineEdit::Password : QLineEdit::Normal);
        auto callback =
            std::make_shared<std::function<void(std::optional<std::string>)>>(std::move(answer));
        connect(dialog, &QDialog::finished, dialog, [dialog, callback](int result) {
            if (result == QDialog::Accepted)
                (*callback)(dialog->textValue().toStdString());
            else
                (*callback)(std::nullopt);
        });
        dialog->open();
    });
    Q_EMIT kernelChanged();
    return true;
}

void NotebookEditor::destroyKernel()
{
    m_waitingForKernel.clear();
    unmarkAll();
    delete m_runner;
    if (m_kernel) {
        jupyter::LocalKernel *kernel = m_kernel;
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

void NotebookEditor::giveCellsIds()
{
    // Cells of nbformat < 4.5 have no ids, and the runner queues cells by id. Jupyter gives
    // them ids (and the notebook format 4.5) when it saves; we do it when they first run.
    Notebook notebook = m_document->notebook();
    bool changed = false;
    for (Cell &cell : notebook.cells()) {
        if (cell.id().empty()) {
            cell.setId(Cell(cell.type() == CellType::Unknown ? CellType::Raw : cell.type()).id());
            changed = true;
        }
    }
    if (!changed)
        return;
    if (notebook.nbformatMinor() < 5)
        notebook.setNbformatMinor(5);
    const int current = m_view->currentCell();
    m_document->setNotebook(std::move(notebook));
    m_document->setModified(true);
    m_view->setCurrentCell(current);
}

std::vector<int> NotebookEditor::cellIndices(const std::vector<std::string> &ids) const
{
    std::vector<int> cells;
    for (const std::string &id : ids)
        if (const int index = m_document->indexOfCellId(id); index >= 0)
            cells.push_back(index);
    return cells;
}

void NotebookEditor::run(std::vector<std::string> ids)
{
    if (ids.empty() || !ensureKernel())
        return;
    for (const std::string &id : ids)
        markExecuting(id, true);
    const Kernel::Status status = m_kernel->status();
    if (status == Kernel::Status::Idle || status == Kernel::Status::Busy) {
        m_runner->enqueue(cellIndices(ids));
        return;
    }
    m_waitingForKernel.insert(m_waitingForKernel.end(), ids.begin(), ids.end());
    switch (status) {
    case Kernel::Status::NotStarted: m_kernel->start(); break;
    case Kernel::Status::Dead:
    case Kernel::Status::Stopped: {
        // A fresh session: a new kernel object, the same kernelspec.
        std::vector<std::string> waiting = std::move(m_waitingForKernel);
        destroyKernel();
        if (!ensureKernel())
            return;
        for (const std::string &id : waiting)
            markExecuting(id, true);
        m_waitingForKernel = std::move(waiting);
        m_kernel->start();
        break;
    }
    default: // starting, restarting, reconnecting: ready() follows
        break;
    }
}

void NotebookEditor::runCurrentCellAndAdvance() { runCell(m_view->currentCell(), true); }

void NotebookEditor::runCell(int index, bool advance)
{
    if (index < 0 || index >= m_document->cellCount())
        return;
    m_view->leaveEditMode();
    if (m_document->cell(index).type() == CellType::Code) {
        if (m_document->cell(index).id().empty())
            giveCellsIds();
        run({m_document->cell(index).id()});
    }
    if (!advance)
        return;
    if (index + 1 < m_document->cellCount()) {
        m_view->setCurrentCell(index + 1);
        m_view->scrollToCell(index + 1);
    } else {
        m_view->insertCellBelow(); // Jupyter appends a cell after the last one
    }
}

void NotebookEditor::runAll()
{
    commitEdits();
    giveCellsIds();
    std::vector<std::string> ids;
    for (const Cell &cell : m_document->notebook().cells())
        if (cell.type() == CellType::Code && !cell.source().empty())
            ids.push_back(cell.id());
    run(std::move(ids));
}

void NotebookEditor::interruptKernel()
{
    m_waitingForKernel.clear();
    if (m_kernel && m_runner) {
        m_runner->clearQueue();
        m_kernel->interrupt();
    }
}

void NotebookEditor::restartKernel()
{
    if (!m_kernel) {
        if (ensureKernel())
            m_kernel->start();
        return;
    }
    m_waitingForKernel.clear();
    if (m_runner)
        m_runner->clearQueue();
    unmarkAll();
    const Kernel::Status status = m_kernel->status();
    if (status == Kernel::Status::NotStarted || status == Kernel::Status::Stopped) {
        destroyKernel();
        if (ensureKernel())
            m_kernel->start();
        return;
    }
    m_kernel->restart();
}

void NotebookEditor::shutdownKernel()
{
    m_waitingForKernel.clear();
    if (m_runner)
        m_runner->clearQueue();
    unmarkAll();
    if (m_kernel && m_kernel->status() != Kernel::Status::NotStarted
        && m_kernel->status() != Kernel::Status::Stopped)
        m_kernel->shutdown();
}

void NotebookEditor::changeKernel(const jupyter::KernelSpec &spec)
{
    if (m_kernel && spec.name == kernelName())
        return;
    destroyKernel();
    m_kernelName = spec.name;
    nlohmann::json metadata = m_document->notebook().metadata();
    metadata["kernelspec"] = {{"display_name", spec.displayName.toStdString()},
                              {"language", spec.language.toStdString()},
                              {"name", spec.name.toStdString()}};
    m_document->setMetadata(std::move(metadata));
    if (!spec.language.isEmpty())
        m_view->setLanguage(spec.language.toLower());
    Q_EMIT kernelChanged();
}

void NotebookEditor::onKernelReady()
{
    const nlohmann::json &info = m_kernel->client()->kernelInfo();
    const auto languageInfo = info.find("language_info");
    if (languageInfo != info.end() && languageInfo->is_object()) {
        const auto name = languageInfo->find("name");
        if (name != languageInfo->end() && name->is_string())
            m_view->setLanguage(QString::fromStdString(name->get<std::string>()));
    }
    if (!m_waitingForKernel.empty() && m_runner) {
        std::vector<std::string> ids = std::move(m_waitingForKernel);
        m_waitingForKernel.clear();
        m_runner->enqueue(cellIndices(ids));
    }
}

void NotebookEditor::onCellStarted(int index)
{
    if (index >= 0 && index < m_document->cellCount())
        markExecuting(m_document->cell(index).id(), true);
}

void NotebookEditor::onCellFinished(int index, qint64 ms)
{
    if (index >= 0 && index < m_document->cellCount())
        markExecuting(m_document->cell(index).id(), false);
    m_lastRunMs = ms;
    Q_EMIT lastRunChanged(ms);
}

void NotebookEditor::onRunFinished(bool ok, const QString &error)
{
    if (m_waitingForKernel.empty())
        unmarkAll(); // cells left in the queue when it stopped
    if (!ok && !error.isEmpty())
        Q_EMIT errorOccurred(error);
}

void NotebookEditor::markExecuting(const std::string &id, bool executing)
{
    const int index = m_document->indexOfCellId(id);
    if (index < 0)
        return;
    if (executing)
        m_executing.insert(id);
    else
        m_executing.erase(id);
    m_view->setCellExecuting(index, executing);
}

void NotebookEditor::unmarkAll()
{
    const std::set<std::string> marked = std::move(m_executing);
    m_executing.clear();
    for (const std::string &id : marked) {
        const int index = m_document->indexOfCellId(id);
        if (index >= 0)
            m_view->setCellExecuting(index, false);
    }
}

} // namespace cumulus
