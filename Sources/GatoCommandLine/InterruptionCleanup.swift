import Foundation
import Dispatch
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Undoes an unfinished output folder when the run is interrupted (Ctrl-C: SIGINT,
/// or SIGTERM from a batch system), then ends the process by the same signal, so
/// that the shell sees the usual status (130 for SIGINT, 143 for SIGTERM).
///
/// Training runs on the main thread and does not poll for interruption. The two
/// signals are blocked on the calling thread (Dispatch's worker threads block them
/// already) before the output folder is created, so that no signal can fall between
/// its creation and the handler; they stay pending for a dispatch signal source on a
/// queue of its own, whose handler calls ``OutputFolder/removeUnfinished()``,
/// restores the default action, unblocks the signal on its own thread and raises it
/// again. The signals are never ignored: a thread that does not block them still
/// ends the process, without the clean-up.
final class InterruptionCleanup: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var folder: OutputFolder?
    private static let signals: [Int32] = [SIGINT, SIGTERM]

    init() {
        for number in Self.signals { Self.setMask(SIG_BLOCK, number) }
        let queue = DispatchQueue(label: "gato.interruption")
        for number in Self.signals {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                lock.withLock { folder }?.removeUnfinished()
                signal(number, SIG_DFL)
                Self.setMask(SIG_UNBLOCK, number)
                raise(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The folder to undo on a signal from now on.
    func watch(_ folder: OutputFolder) {
        lock.withLock { self.folder = folder }
    }

    /// Unblocks the signals (a pending one then ends the process at once) once the
    /// folder is committed or discarded.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for number in Self.signals { Self.setMask(SIG_UNBLOCK, number) }
    }

    private static func setMask(_ how: Int32, _ number: Int32) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(how, &set, nil)
    }
}
