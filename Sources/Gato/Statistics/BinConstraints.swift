/// Hard requirements on every bin of a binning, each optional: a minimum
/// background yield, a maximum relative Monte-Carlo uncertainty of the
/// background, and a minimum number of background Monte-Carlo events.
///
/// Unlike ``Penalty``, which only discourages small or poorly modelled categories
/// during a training, these are pass-or-fail: ``ExactBinning`` considers only
/// binnings in which every bin passes every requirement that is set.
///
/// "Background" is everything that is not the optimised signal: the background
/// processes and, with several signals, the other signals (see ``ExactBinning``).
///
/// Defaults: the thresholds of gato's penalties, ``Penalty/defaultYieldThreshold``
/// (10, in the units of the weights) and ``Penalty/defaultUncertaintyThreshold``
/// (20%), so that the exact optimum and a trained categorisation obey the same
/// requirements and can be compared. A fit needs some background in each bin to
/// constrain it, and a bin whose background template is uncertain by more than a
/// fifth makes the expected significance itself unreliable. No minimum number of
/// events by default: the penalties have none, and for events of equal weight the
/// 20% limit on `1/sqrt(n)` already asks for at least 25 events.
public struct BinConstraints: Sendable, Equatable, Hashable, Codable {
    /// The smallest background yield `b = sum w` a bin may have (in the units of
    /// the weights), or nil for no limit. Default 10 (``Penalty/defaultYieldThreshold``).
    public var minimumBackground: Double?
    /// The largest relative Monte-Carlo uncertainty of the background,
    /// `sqrt(sum w^2) / b`, a bin may have, or nil for no limit. A bin whose
    /// background is zero or negative fails this requirement (its relative
    /// uncertainty is not defined). Default 0.2 (``Penalty/defaultUncertaintyThreshold``).
    public var maximumRelativeUncertainty: Double?
    /// The smallest number of background Monte-Carlo events (unweighted, whatever
    /// their weights' sign) a bin may have, or nil for no limit. Default nil.
    public var minimumBackgroundEvents: Int?

    /// Creates constraints; pass nil to drop a requirement.
    public init(
        minimumBackground: Double? = Penalty.defaultYieldThreshold,
        maximumRelativeUncertainty: Double? = Penalty.defaultUncertaintyThreshold,
        minimumBackgroundEvents: Int? = nil
    ) {
        self.minimumBackground = minimumBackground
        self.maximumRelativeUncertainty = maximumRelativeUncertainty
        self.minimumBackgroundEvents = minimumBackgroundEvents
    }

    /// The thresholds of gato's penalties: background >= 10, relative uncertainty <= 20%.
    public static let `default` = BinConstraints()

    /// No requirement: every bin passes.
    public static let none = BinConstraints(
        minimumBackground: nil, maximumRelativeUncertainty: nil, minimumBackgroundEvents: nil)

    /// One of the three requirements.
    public enum Kind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
        case minimumBackground = "minimum_background"
        case maximumRelativeUncertainty = "maximum_relative_uncertainty"
        case minimumBackgroundEvents = "minimum_background_events"

        public var description: String {
            switch self {
            case .minimumBackground: return "minimum background yield"
            case .maximumRelativeUncertainty: return "maximum relative MC uncertainty of the background"
            case .minimumBackgroundEvents: return "minimum number of background MC events"
            }
        }
    }

    /// The requirements that are set, in the order of ``Kind``.
    public var active: [Kind] {
        var kinds: [Kind] = []
        if minimumBackground != nil { kinds.append(.minimumBackground) }
        if maximumRelativeUncertainty != nil { kinds.append(.maximumRelativeUncertainty) }
        if minimumBackgroundEvents != nil { kinds.append(.minimumBackgroundEvents) }
        return kinds
    }

    /// The same constraints without requirement `kind`.
    public func dropping(_ kind: Kind) -> BinConstraints {
        var copy = self
        switch kind {
        case .minimumBackground: copy.minimumBackground = nil
        case .maximumRelativeUncertainty: copy.maximumRelativeUncertainty = nil
        case .minimumBackgroundEvents: copy.minimumBackgroundEvents = nil
        }
        return copy
    }

    /// The first requirement (in the order of ``Kind``) that a bin with background
    /// yield `background`, background sum of squared weights `sumW2` and
    /// `backgroundEvents` background MC events fails, or nil when it passes all.
    ///
    /// The tests are `background >= minimumBackground`,
    /// `background > 0 && sqrt(sumW2) / background <= maximumRelativeUncertainty`
    /// and `backgroundEvents >= minimumBackgroundEvents`.
    public func violation(background: Double, sumW2: Double, backgroundEvents: Int) -> Kind? {
        if let minimum = minimumBackground, !(background >= minimum) { return .minimumBackground }
        if let maximum = maximumRelativeUncertainty,
            !(background > 0 && Swift.max(sumW2, 0).squareRoot() / background <= maximum)
        {
            return .maximumRelativeUncertainty
        }
        if let minimum = minimumBackgroundEvents, backgroundEvents < minimum { return .minimumBackgroundEvents }
        return nil
    }

    /// Whether a bin passes every requirement (see ``violation(background:sumW2:backgroundEvents:)``).
    @inlinable
    public func admits(background: Double, sumW2: Double, backgroundEvents: Int) -> Bool {
        violation(background: background, sumW2: sumW2, backgroundEvents: backgroundEvents) == nil
    }

    /// A readable list of the requirements that are set, for messages:
    /// "background >= 10, sqrt(sum w^2)/b <= 0.2".
    public var summary: String {
        var parts: [String] = []
        if let minimum = minimumBackground { parts.append("background >= \(minimum)") }
        if let maximum = maximumRelativeUncertainty { parts.append("sqrt(sum w^2)/b <= \(maximum)") }
        if let minimum = minimumBackgroundEvents { parts.append("background MC events >= \(minimum)") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// Throws when a threshold is not usable: a minimum background that is not
    /// finite, a maximum relative uncertainty that is not finite and positive, a
    /// negative minimum number of events.
    public func validate() throws {
        if let minimum = minimumBackground, !minimum.isFinite {
            throw ExactBinningError.invalidConstraint(detail: "the minimum background yield is \(minimum)")
        }
        if let maximum = maximumRelativeUncertainty, !(maximum.isFinite && maximum > 0) {
            throw ExactBinningError.invalidConstraint(
                detail: "the maximum relative uncertainty must be finite and positive, got \(maximum)")
        }
        if let minimum = minimumBackgroundEvents, minimum < 0 {
            throw ExactBinningError.invalidConstraint(
                detail: "the minimum number of background MC events must be >= 0, got \(minimum)")
        }
    }
}

extension BinConstraints {
    /// One requirement broken by one category of a categorisation that was not made
    /// under these constraints (a trained one): which, by how much.
    public struct Violation: Sendable, Equatable, Codable {
        /// The category (model index).
        public var category: Int
        /// The requirement it breaks.
        public var requirement: Kind
        /// The category's value: its background yield, the relative MC uncertainty
        /// of its background (infinite when the yield is 0 or below), or its number
        /// of background MC events.
        public var value: Double
        /// The limit it breaks (a minimum or a maximum, as the requirement says).
        public var limit: Double

        public init(category: Int, requirement: Kind, value: Double, limit: Double) {
            self.category = category
            self.requirement = requirement
            self.value = value
            self.limit = limit
        }

        enum CodingKeys: String, CodingKey { case category, requirement, value, limit }

        /// JSON has no infinity: an undefined relative uncertainty (background yield
        /// 0 or below) is written as `null` and read back as infinity.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(category, forKey: .category)
            try container.encode(requirement, forKey: .requirement)
            try container.encode(value.isFinite ? value : nil, forKey: .value)
            try container.encode(limit, forKey: .limit)
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            category = try container.decode(Int.self, forKey: .category)
            requirement = try container.decode(Kind.self, forKey: .requirement)
            value = try container.decodeIfPresent(Double.self, forKey: .value) ?? .infinity
            limit = try container.decode(Double.self, forKey: .limit)
        }

        /// In words: "background yield 2.1 < 5", "relative MC uncertainty 0.31 > 0.2",
        /// "4 background MC events < 10".
        public var words: String {
            func number(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "undefined" }
            switch requirement {
            case .minimumBackground: return "background yield \(number(value)) < \(number(limit))"
            case .maximumRelativeUncertainty: return "relative MC uncertainty \(number(value)) > \(number(limit))"
            case .minimumBackgroundEvents: return "\(Int(value)) background MC events < \(Int(limit))"
            }
        }
    }

    /// Every requirement each category breaks, by category (model index) and in the
    /// order of ``Kind``: for categories that were not made under these constraints
    /// (trained ones), which are checked afterwards, penalties on or off.
    ///
    /// - Parameters:
    ///   - backgroundYield: `B_k`, per category.
    ///   - backgroundSumW2: `sum w^2` of the background, per category.
    ///   - backgroundEvents: the number of background MC events, per category.
    public func violations(backgroundYield: [Double], backgroundSumW2: [Double], backgroundEvents: [Int]) -> [Violation] {
        require(
            backgroundSumW2.count == backgroundYield.count && backgroundEvents.count == backgroundYield.count,
            "one background yield, sum of squared weights and event count per category")
        var found: [Violation] = []
        for k in backgroundYield.indices {
            let b = backgroundYield[k]
            for kind in Kind.allCases {
                let single = BinConstraints(
                    minimumBackground: kind == .minimumBackground ? minimumBackground : nil,
                    maximumRelativeUncertainty: kind == .maximumRelativeUncertainty ? maximumRelativeUncertainty : nil,
                    minimumBackgroundEvents: kind == .minimumBackgroundEvents ? minimumBackgroundEvents : nil)
                guard single.violation(background: b, sumW2: backgroundSumW2[k], backgroundEvents: backgroundEvents[k]) != nil
                else { continue }
                switch kind {
                case .minimumBackground:
                    found.append(Violation(category: k, requirement: kind, value: b, limit: minimumBackground!))
                case .maximumRelativeUncertainty:
                    let relative = b > 0 ? Swift.max(backgroundSumW2[k], 0).squareRoot() / b : .infinity
                    found.append(Violation(category: k, requirement: kind, value: relative, limit: maximumRelativeUncertainty!))
                case .minimumBackgroundEvents:
                    found.append(Violation(
                        category: k, requirement: kind, value: Double(backgroundEvents[k]),
                        limit: Double(minimumBackgroundEvents!)))
                }
            }
        }
        return found
    }
}
