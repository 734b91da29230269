// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// Private to cumulus_remote: how work on an SSH session's thread answers a QObject facade on
// its own thread without outliving it.

#include <QMetaObject>

#include <mutex>

namespace cumulus::remote {

template<typename Facade>
class FacadeLink
{
public:
    void attach(Facade *facade)
    {
        std::lock_guard lock(m_mutex);
        m_facade = facade;
    }
    /// From the facade's destructor: nothing posted reaches it afterwards.
    void detach() { attach(nullptr); }

    /// Calls @p function(facade) on the facade's thread, unless the facade died first.
    template<typename F>
    void post(F function)
    {
        std::lock_guard lock(m_mutex);
        if (m_facade)
            QMetaObject::invokeMethod(
                    m_facade, [facade = m_facade, function = std::move(function)] { function(facade); },
                    Qt::QueuedConnection);
    }

private:
    std::mutex m_mutex;
    Facade *m_facade = nullptr; ///< null once the facade is gone (guarded by m_mutex)
};

} // namespace cumulus::remote
