import Foundation
import Gato
import GatoIO
import GatoReports
import GatoWorkflows

/// Shows training progress on standard error: on a terminal, one line per training
/// that updates in place (epoch, loss, significances, elapsed and remaining time);
/// otherwise a plain line every 10% of the epochs. Silent when `quiet`.
final class ProgressReporter {
    let quiet: Bool
    let interactive: Bool
    private let context: CommandContext
    private var lastDraw = Date.distantPast
    private var epochs = 0

    init(quiet: Bool, context: CommandContext) {
        self.quiet = quiet
        self.context = context
        self.interactive = context.isInteractive
    }

    func log(_ line: String) {
        guard !quiet else { return }
        // On a terminal, replace a half-drawn progress line.
        context.writeError((interactive ? "\r\u{1B}[K" : "") + line + "\n")
    }

    func handle(_ event: AnalysisProgress) {
        guard !quiet else { return }
        switch event {
        case let .started(categories, epochs):
            self.epochs = epochs
            lastDraw = .distantPast
            if !interactive { log("training \(categories) categories, \(epochs) epochs") }
        case let .epoch(categories, record, elapsed):
            let done = record.epoch + 1
            let remaining = elapsed / Double(done) * Double(epochs - done)
            let line = String(
                format: "%3d categories  epoch %d/%d  loss %.5f  %@  %.1f s, %.1f s left", categories, done, epochs,
                record.loss, Self.significances(record.terms), elapsed, remaining)
            if interactive {
                let now = Date()
                guard done == epochs || now.timeIntervalSince(lastDraw) > 0.1 else { return }
                lastDraw = now
                context.writeError("\r\u{1B}[K\(line)" + (done == epochs ? "\n" : ""))
            } else {
                let step = max(1, epochs / 10)
                if done % step == 0 || done == epochs { log(line) }
            }
        case let .refitted(categories, epoch, factors):
            if !interactive {
                let list = factors.map { String(format: "%.4f", $0) }.joined(separator: " ")
                log("\(categories) categories: background factors before epoch \(epoch): \(list)")
            }
        case let .screened(categories, start, starts, epochs, loss):
            log(String(format: "%3d categories: start %d of %d, loss %.5f after %d epochs on the subsample", categories, start + 1, starts, loss, epochs))
        case let .screeningFailed(categories, start, starts, error):
            log(String(format: "%3d categories: start %d of %d left out: %@", categories, start + 1, starts, error.description))
        case let .chose(categories, start):
            log("\(categories) categories: continuing start \(start + 1) on every event")
        case .finished:
            break
        }
    }

    /// The soft significances of an epoch, labelled as such: training maximises
    /// the significance of the soft yields; the results are those of the hard
    /// categories, which differ.
    static func significances(_ terms: [LossTerm]) -> String {
        let soft = terms.filter { $0.name.hasPrefix("soft_Z_") }
            .map { String(format: "%@ %.3f", String($0.name.dropFirst("soft_Z_".count)), $0.value) }
        return soft.isEmpty ? "" : "soft Z " + soft.joined(separator: "  ")
    }
}
