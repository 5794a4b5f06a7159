import Foundation

/// A value annealed over the epochs of a training: the learning rate, a Gaussian
/// mixture's temperature or a cut model's steepness. The same formulas as
/// gato-hep's `utils.TemperatureScheduler` (and its steepness and learning-rate
/// schedules).
///
/// From `initial` (v0) to `final` (vf) over `epochs` (E) epochs, with
/// `tau = e / max(1, E)` at epoch `e`:
///
/// ```
/// constant:     v0
/// exponential:  v0 * (vf / v0)^tau
/// cosine:       vf + (v0 - vf) * (1 + cos(pi * tau)) / 2
/// ```
///
/// The value for epoch `e` is set before the step of epoch `e`, so a training of
/// E epochs (e = 0 ... E-1) starts at exactly v0 but ends at the value for
/// `tau = (E-1)/E`, not at vf: that is gato-hep's behaviour, kept for parity.
/// Nor is `tau` clamped to [0, 1], again as in gato-hep: past epoch E an
/// exponential schedule keeps going geometrically beyond vf and a cosine schedule
/// rises back towards v0 (at `tau = 2`). `E = 0` is treated as `E = 1`.
///
/// An exponential schedule needs `v0 > 0` and `vf > 0` (gato-hep would divide by
/// zero or take a fractional power of a negative number); the initialiser throws
/// ``ScheduleError`` otherwise, also when a `Codable` value is decoded.
public struct Schedule: Sendable, Equatable, Codable {
    /// The shape of a schedule.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Always `initial`.
        case constant
        /// Half a cosine from `initial` to `final`.
        case cosine
        /// A geometric progression from `initial` to `final`.
        case exponential
    }

    /// The shape.
    public let kind: Kind
    /// The value at epoch 0 (v0).
    public let initial: Double
    /// The value approached at epoch `epochs` (vf); equal to `initial` for a
    /// constant schedule.
    public let final: Double
    /// The number of epochs (E) over which the value goes from v0 to vf.
    public let epochs: Int

    /// Creates a schedule from `initial` to `final` over `epochs` epochs. For a
    /// `.constant` kind `final` must equal `initial` (use ``constant(_:)``).
    ///
    /// - Throws: ``ScheduleError`` if a value is not finite, `epochs` is negative,
    ///   an exponential schedule has a value that is not positive, or a constant
    ///   schedule has `final != initial`.
    public init(_ kind: Kind, from initial: Double, to final: Double, epochs: Int) throws {
        guard initial.isFinite, final.isFinite else {
            throw ScheduleError.nonFiniteValue(initial: initial, final: final)
        }
        guard epochs >= 0 else { throw ScheduleError.negativeEpochs(epochs) }
        switch kind {
        case .constant:
            guard initial == final else {
                throw ScheduleError.constantWithDifferentValues(initial: initial, final: final)
            }
        case .exponential:
            guard initial > 0, final > 0 else {
                throw ScheduleError.exponentialNeedsPositiveValues(initial: initial, final: final)
            }
        case .cosine:
            break
        }
        self.kind = kind
        self.initial = initial
        self.final = final
        self.epochs = epochs
    }

    /// A schedule that is always `value`.
    ///
    /// - Precondition: `value` is finite.
    public static func constant(_ value: Double) -> Schedule {
        require(value.isFinite, "Schedule.constant: the value must be finite, got \(value)")
        return Schedule(unchecked: .constant, initial: value, final: value, epochs: 0)
    }

    /// A half-cosine schedule from `initial` to `final` over `epochs` epochs.
    ///
    /// - Precondition: the values are finite and `epochs >= 0`.
    public static func cosine(from initial: Double, to final: Double, epochs: Int) -> Schedule {
        do {
            return try Schedule(.cosine, from: initial, to: final, epochs: epochs)
        } catch {
            requirementFailure("Schedule.cosine: \(error)")
        }
    }

    /// An exponential (geometric) schedule from `initial` to `final` over `epochs`
    /// epochs.
    ///
    /// - Throws: ``ScheduleError`` unless both values are positive and finite and
    ///   `epochs >= 0`.
    public static func exponential(from initial: Double, to final: Double, epochs: Int) throws -> Schedule {
        try Schedule(.exponential, from: initial, to: final, epochs: epochs)
    }

    private init(unchecked kind: Kind, initial: Double, final: Double, epochs: Int) {
        self.kind = kind
        self.initial = initial
        self.final = final
        self.epochs = epochs
    }

    /// The value to set before the step of epoch `epoch` (counted from 0).
    public func value(atEpoch epoch: Int) -> Double {
        let tau = Double(epoch) / Double(max(1, epochs))
        switch kind {
        case .constant:
            return initial
        case .exponential:
            return initial * pow(final / initial, tau)
        case .cosine:
            return final + 0.5 * (initial - final) * (1 + cos(Double.pi * tau))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, initial, final, epochs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(Kind.self, forKey: .kind)
        let initial = try container.decode(Double.self, forKey: .initial)
        let final = try container.decodeIfPresent(Double.self, forKey: .final) ?? initial
        let epochs = try container.decodeIfPresent(Int.self, forKey: .epochs) ?? 0
        try self.init(kind, from: initial, to: final, epochs: epochs)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(initial, forKey: .initial)
        try container.encode(final, forKey: .final)
        try container.encode(epochs, forKey: .epochs)
    }
}

/// Why a ``Schedule`` could not be made.
public enum ScheduleError: InputError, Equatable, Sendable, CustomStringConvertible {
    case nonFiniteValue(initial: Double, final: Double)
    case negativeEpochs(Int)
    case exponentialNeedsPositiveValues(initial: Double, final: Double)
    case constantWithDifferentValues(initial: Double, final: Double)

    public var description: String {
        switch self {
        case let .nonFiniteValue(initial, final):
            return "schedule values must be finite, got \(initial) -> \(final)"
        case let .negativeEpochs(epochs):
            return "the number of epochs of a schedule must not be negative, got \(epochs)"
        case let .exponentialNeedsPositiveValues(initial, final):
            return "an exponential schedule needs positive values, got \(initial) -> \(final)"
        case let .constantWithDifferentValues(initial, final):
            return "a constant schedule has one value, got \(initial) -> \(final)"
        }
    }
}

extension ScheduleError: LocalizedError {
    public var errorDescription: String? { description }
}
