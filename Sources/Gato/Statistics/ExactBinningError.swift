/// Why ``ExactBinning`` or ``QuantilePreBins`` could not run, or found no binning.
public enum ExactBinningError: InputError, Equatable, Sendable, CustomStringConvertible {
    /// `name` is not the name of a signal process of the dataset.
    case unknownSignal(name: String, signals: [String])
    /// The discriminant's feature dimension is not one of the dataset's.
    case dimensionOutOfRange(dimension: Int, dimensions: Int)
    /// The number of bins K is below 1.
    case invalidBinCount(Int)
    /// The requested number of pre-bins is outside `1...QuantilePreBins.maximumCount`.
    case invalidPreBinCount(Int)
    /// K bins were asked for, but the events give only `preBins` pre-bins (too few
    /// distinct values of the discriminant, or ties collapsing quantiles).
    case tooFewPreBins(bins: Int, preBins: Int)
    /// A threshold of ``BinConstraints`` is not usable.
    case invalidConstraint(detail: String)
    /// No partition of the pre-bins into `bins` contiguous bins meets `constraints`.
    /// `largestFeasible` is the largest number of bins below `bins` that can be
    /// met (nil: none, not even one bin over the whole range); `binding` lists the
    /// requirements whose removal alone would make `bins` bins possible (empty when
    /// no single one does).
    case infeasible(bins: Int, constraints: BinConstraints, largestFeasible: Int?, binding: [BinConstraints.Kind])

    public var description: String {
        switch self {
        case let .unknownSignal(name, signals):
            return "no signal process named '\(name)' (signals: \(signals.joined(separator: ", ")))"
        case let .dimensionOutOfRange(dimension, dimensions):
            return "feature dimension \(dimension) does not exist (the features have \(dimensions))"
        case let .invalidBinCount(bins):
            return "the number of bins must be at least 1, got \(bins)"
        case let .invalidPreBinCount(count):
            return "the number of pre-bins must be in 1...\(QuantilePreBins.maximumCount), got \(count)"
        case let .tooFewPreBins(bins, preBins):
            return "\(bins) bins need at least \(bins) pre-bins, but the discriminant's values give only \(preBins)"
        case let .invalidConstraint(detail):
            return "invalid bin constraint: \(detail)"
        case let .infeasible(bins, constraints, largestFeasible, binding):
            var message = "no partition into \(bins) bins meets the constraints (\(constraints.summary))"
            if let largest = largestFeasible {
                message += "; at most \(largest) bin\(largest == 1 ? "" : "s") can"
            } else {
                message += "; not even the whole range as one bin does"
            }
            if binding.count == 1 {
                message += "; the binding constraint is the \(binding[0]) (without it \(bins) bins are possible)"
            } else if !binding.isEmpty {
                message += "; dropping any one of: " + binding.map(\.description).joined(separator: ", ")
                    + " would make \(bins) bins possible"
            }
            return message
        }
    }
}

#if canImport(Foundation)
import Foundation

extension ExactBinningError: LocalizedError {
    public var errorDescription: String? { description }
}
#endif
