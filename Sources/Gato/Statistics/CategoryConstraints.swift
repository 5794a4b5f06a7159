/// The statistical requirements a category of an analysis should meet: enough
/// background for its expected yield to be estimated, a background known well
/// enough from the simulation.
///
/// The checks are on hard categories, in the units of the weights (events for
/// weights normalised to the luminosity):
/// - background yield `B = sum w >= minimumBackgroundYield`;
/// - relative MC statistical uncertainty `sqrt(sum w^2) / B <= maximumRelativeUncertainty`
///   (a category with `B <= 0` fails it: its uncertainty is not defined);
/// - background MC events `n >= minimumBackgroundEvents` (simulated events, whatever
///   their weights).
///
/// The first two are the thresholds of the penalties (``Penalty``), whose defaults
/// they share: gato-hep's 10 events and 20%. Training with the penalties off (the
/// default) does not enforce them; ``violations(backgroundYield:backgroundSumW2:backgroundEvents:)``
/// says which categories break which, and by how much. The default of 10 MC events
/// is the fewest from which a category's background is more than a handful of
/// simulated events: with equal weights, 10 events mean a relative uncertainty of
/// 32%, already above the default 20%.
public struct CategoryConstraints: Sendable, Equatable {
    /// The smallest background yield allowed in a category (nil: no requirement).
    public var minimumBackgroundYield: Double?
    /// The largest relative MC statistical uncertainty of the background (nil: none).
    public var maximumRelativeUncertainty: Double?
    /// The fewest background MC events allowed in a category (nil: none).
    public var minimumBackgroundEvents: Int?

    /// The default number of background MC events a category should hold.
    public static let defaultMinimumBackgroundEvents = 10

    public init(
        minimumBackgroundYield: Double? = Penalty.defaultYieldThreshold,
        maximumRelativeUncertainty: Double? = Penalty.defaultUncertaintyThreshold,
        minimumBackgroundEvents: Int? = defaultMinimumBackgroundEvents
    ) {
        self.minimumBackgroundYield = minimumBackgroundYield
        self.maximumRelativeUncertainty = maximumRelativeUncertainty
        self.minimumBackgroundEvents = minimumBackgroundEvents
    }

    /// One requirement broken by one category.
    public struct Violation: Sendable, Equatable, Codable {
        /// Which requirement.
        public enum Requirement: String, Sendable, Equatable, Codable {
            case backgroundYield = "background_yield"
            case relativeUncertainty = "relative_mc_uncertainty"
            case backgroundEvents = "background_mc_events"
        }

        /// The category (model index).
        public var category: Int
        public var requirement: Requirement
        /// The category's value (infinite for the relative uncertainty of a
        /// category whose background yield is 0 or below).
        public var value: Double
        /// The limit it breaks (a minimum or a maximum, as the requirement says).
        public var limit: Double

        public init(category: Int, requirement: Requirement, value: Double, limit: Double) {
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
            requirement = try container.decode(Requirement.self, forKey: .requirement)
            value = try container.decodeIfPresent(Double.self, forKey: .value) ?? .infinity
            limit = try container.decode(Double.self, forKey: .limit)
        }

        /// In words: "background yield 2.1 < 5", "relative MC uncertainty 0.31 > 0.2",
        /// "4 background MC events < 10".
        public var words: String {
            func number(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "undefined" }
            switch requirement {
            case .backgroundYield: return "background yield \(number(value)) < \(number(limit))"
            case .relativeUncertainty: return "relative MC uncertainty \(number(value)) > \(number(limit))"
            case .backgroundEvents: return "\(Int(value)) background MC events < \(Int(limit))"
            }
        }
    }

    /// The requirements each category breaks, by category (model index) and in the
    /// order of the properties above.
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
            if let minimum = minimumBackgroundYield, !(b >= minimum) {
                found.append(Violation(category: k, requirement: .backgroundYield, value: b, limit: minimum))
            }
            if let maximum = maximumRelativeUncertainty {
                let relative = b > 0 ? backgroundSumW2[k].squareRoot() / b : .infinity
                if !(relative <= maximum) {
                    found.append(Violation(category: k, requirement: .relativeUncertainty, value: relative, limit: maximum))
                }
            }
            if let minimum = minimumBackgroundEvents, backgroundEvents[k] < minimum {
                found.append(Violation(
                    category: k, requirement: .backgroundEvents, value: Double(backgroundEvents[k]), limit: Double(minimum)))
            }
        }
        return found
    }
}
