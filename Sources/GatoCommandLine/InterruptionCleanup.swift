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

/// Removes a run's staging folder when the run is interrupted (Ctrl-C: SIGINT, or
/// SIGTERM from a batch system), then ends the process by the same signal, so that
/// the shell sees the usual status (130 for SIGINT, 143 for SIGTERM).
///
/// Training runs on the main thread and does not poll for interruption. The two
/// signals are blocked on the calling thread (Dispatch's worker threads block them
/// already) so that they stay pending for a dispatch signal source on a queue of its
/// own; its handler deletes the folder, restores the default action, unblocks the
/// signal on its own thread and raises it again. The signals are never ignored: a
/// thread that does not block them still ends the process, without the clean-up.
final class InterruptionCleanup {
    private var sources: [DispatchSourceSignal] = []
    private static let signals: [Int32] = [SIGINT, SIGTERM]

    init(removing folder: URL) {
        let queue = DispatchQueue(label: "gato.interruption")
        for number in Self.signals {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                try? FileManager.default.removeItem(at: folder)
                signal(number, SIG_DFL)
                Self.setMask(SIG_UNBLOCK, number)
                raise(number)
            }
            source.resume()
            sources.append(source)
        }
        for number in Self.signals { Self.setMask(SIG_BLOCK, number) }
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
