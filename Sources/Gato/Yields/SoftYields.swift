import _Differentiation

/// Soft yields per process and category: `y_pk = sum_i w_i gamma_ik` and
/// `q_pk = sum_i w_i^2 gamma_ik` over the events of process p.
///
/// This is what every objective is written over. It is `Differentiable`: a loss
/// built from its accessors (and any arithmetic) is differentiable with respect to
/// a categorizer's parameters through ``GaussianMixtureCategorizer/softYields(_:threads:)``
/// or ``SigmoidCutCategorizer/softYields(_:threads:)``:
///
/// ```swift
/// let g = gradient(at: model) { m in
///     let y = m.softYields(data)
///     return -Significance.combined(signal: y.yields(of: "signal"),
///                                   background: y.backgroundYields())
/// }
/// ```
public struct SoftYields: Differentiable, Sendable {
    /// `sum w gamma`, process-major: element `p * K + k`.
    public var sumW: [Double]
    /// `sum w^2 gamma`, process-major: element `p * K + k`.
    public var sumW2: [Double]
    /// The process names, in dataset order.
    @noDerivative public let processNames: [String]
    /// The process roles, in dataset order.
    @noDerivative public let roles: [ProcessRole]
    /// The number of categories K.
    @noDerivative public let categoryCount: Int
    /// The number of processes P. (Stored, not computed: the compiler's autodiff
    /// accepts loops bounded by stored `@noDerivative` properties of a
    /// differentiable value, but not by its computed properties.)
    @noDerivative public let processCount: Int

    /// Creates yields from process-major arrays of `processNames.count * categories` values.
    public init(sumW: [Double], sumW2: [Double], processNames: [String], roles: [ProcessRole], categories: Int) {
        require(processNames.count == roles.count, "one role per process")
        require(sumW.count == processNames.count * categories, "sumW must have P x K values")
        require(sumW2.count == sumW.count, "sumW2 must have P x K values")
        self.sumW = sumW
        self.sumW2 = sumW2
        self.processNames = processNames
        self.roles = roles
        self.categoryCount = categories
        self.processCount = processNames.count
    }

    /// The position of process `name`, or nil.
    public func index(of name: String) -> Int? { processNames.firstIndex(of: name) }

    /// The position of process `name`; stops with a message naming the processes
    /// when it is unknown.
    func requireIndex(_ name: String) -> Int {
        guard let index = index(of: name) else {
            requirementFailure("no process named '\(name)' in the yields (\(processNames.joined(separator: ", ")))")
        }
        return index
    }

    /// `sum w gamma` of process `process` per category (K values).
    @differentiable(reverse)
    public func yields(_ process: Int) -> [Double] {
        let k = categoryCount
        return Array(sumW[(process * k)..<((process + 1) * k)])
    }

    /// `sum w^2 gamma` of process `process` per category (K values).
    @differentiable(reverse)
    public func sumW2(_ process: Int) -> [Double] {
        let k = categoryCount
        return Array(sumW2[(process * k)..<((process + 1) * k)])
    }

    /// `sum w gamma` of the process called `name` per category.
    @differentiable(reverse)
    public func yields(of name: String) -> [Double] { yields(withoutDerivative(at: self).requireIndex(name)) }

    /// `sum w^2 gamma` of the process called `name` per category.
    @differentiable(reverse)
    public func sumW2(of name: String) -> [Double] { sumW2(withoutDerivative(at: self).requireIndex(name)) }

    /// The yield of one process in one category.
    @differentiable(reverse)
    public func yield(process: Int, category: Int) -> Double { sumW[process * categoryCount + category] }

    /// Per category, `sum_p scale_p * sumW[p]` (or of `sumW2` when `squared`), for
    /// per-process, per-category scale factors (`scales[p * K + k]`; 0 leaves the
    /// process out). The building block of every background total.
    @differentiable(reverse, wrt: self)
    public func weightedTotal(scales: [Double], squared: Bool = false) -> [Double] {
        let k = categoryCount
        require(scales.count == processCount * k, "scales must have P x K values")
        let source = squared ? sumW2 : sumW
        var total = [Double](repeating: 0, count: k)
        for p in 0..<processCount {
            for c in 0..<k where scales[p * k + c] != 0 {
                total[c] += scales[p * k + c] * source[p * k + c]
            }
        }
        return total
    }

    /// The total over every process of `sum w gamma` per category.
    public var totalYields: [Double] {
        (0..<categoryCount).map { c in (0..<processCount).reduce(0) { $0 + sumW[$1 * categoryCount + c] } }
    }
}

extension SoftYields {
    @derivative(of: yields(_:))
    @usableFromInline
    func vjpYields(_ process: Int) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> TangentVector) {
        let k = categoryCount
        let count = sumW.count
        return (yields(process), { upstream in
            var scattered = [Double](repeating: 0, count: count)
            for (c, value) in upstream.base.enumerated() { scattered[process * k + c] = value }
            return TangentVector(sumW: .init(scattered), sumW2: .zero)
        })
    }

    @derivative(of: sumW2(_:))
    @usableFromInline
    func vjpSumW2(_ process: Int) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> TangentVector) {
        let k = categoryCount
        let count = sumW2.count
        return (sumW2(process), { upstream in
            var scattered = [Double](repeating: 0, count: count)
            for (c, value) in upstream.base.enumerated() { scattered[process * k + c] = value }
            return TangentVector(sumW: .zero, sumW2: .init(scattered))
        })
    }

    @derivative(of: yield(process:category:))
    @usableFromInline
    func vjpYield(process: Int, category: Int) -> (value: Double, pullback: (Double) -> TangentVector) {
        let index = process * categoryCount + category
        let count = sumW.count
        return (sumW[index], { upstream in
            var scattered = [Double](repeating: 0, count: count)
            scattered[index] = upstream
            return TangentVector(sumW: .init(scattered), sumW2: .zero)
        })
    }

    @derivative(of: weightedTotal(scales:squared:), wrt: self)
    @usableFromInline
    func vjpWeightedTotal(scales: [Double], squared: Bool) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> TangentVector
    ) {
        let k = categoryCount
        let processes = processCount
        return (weightedTotal(scales: scales, squared: squared), { upstream in
            guard !upstream.base.isEmpty else { return .zero }
            var scattered = [Double](repeating: 0, count: processes * k)
            for p in 0..<processes {
                for c in 0..<k { scattered[p * k + c] = scales[p * k + c] * upstream.base[c] }
            }
            return squared
                ? TangentVector(sumW: .zero, sumW2: .init(scattered))
                : TangentVector(sumW: .init(scattered), sumW2: .zero)
        })
    }
}
