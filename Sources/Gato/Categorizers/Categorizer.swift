import Foundation
import _Differentiation

/// What the trainer and the diagnostics need of a categorizer.
/// ``GaussianMixtureCategorizer`` and ``SigmoidCutCategorizer`` conform.
public protocol Categorizer: Differentiable, Sendable {
    /// The number of categories K.
    var categoryCount: Int { get }
    /// The feature dimension D the model reads.
    var dimension: Int { get }
    /// The annealed hyper-parameter: the temperature of a GMM, the steepness of a
    /// cut model (setting it sets every variable's steepness).
    var annealedValue: Double { get set }
    /// The name of ``annealedValue`` for histories and logs ("temperature" or "steepness").
    static var annealedValueName: String { get }
    /// The checkpoint kind ("gmm" or "cuts").
    static var kind: String { get }

    /// All trained parameters as one flat vector, in a fixed order (documented by
    /// each model). Setting it requires the same count.
    var parameterVector: [Double] { get set }
    /// A tangent (gradient) flattened in the order of ``parameterVector``.
    func flatten(_ tangent: TangentVector) -> [Double]

    /// Soft yields per process and category (differentiable).
    @differentiable(reverse)
    func softYields(_ data: Dataset, threads: Int?) -> SoftYields
    /// Soft and hard yields from one pass over the events.
    func softAndHardYields(_ data: Dataset, threads: Int?) -> (soft: SoftYields, hard: HardYields)
    /// The hard category (0..<K) of every event of `sample`.
    func hardAssignments(_ sample: ProcessSample, threads: Int?) -> [Int32]
    /// The soft assignments of every event of `sample`, `count x K` row-major.
    func softAssignments(_ sample: ProcessSample, threads: Int?) -> [Double]

    /// One-dimensional models: the category boundaries in the units of the
    /// discriminant, increasing (a GMM's effective boundaries; a cut model's cuts).
    /// Nil for more than one dimension.
    var oneDimensionalBoundaries: [Double]? { get }
}

extension Categorizer {
    /// Hard yields per process and category: the sums of w and w^2 of the events
    /// whose hard category is k.
    public func hardYields(_ data: Dataset, threads: Int? = nil) -> HardYields {
        softAndHardYields(data, threads: threads).hard
    }

    /// Throws unless `data` has this model's dimension.
    public func validate(for data: Dataset) throws {
        guard data.dimension == dimension else {
            throw CategorizerError(
                "the events have \(data.dimension) feature dimensions but the \(Self.kind) model expects \(dimension)")
        }
    }
}
