/// gato: gradient-based categorisation for high-energy physics.
///
/// The data flow is one way: events (``Dataset``) -> categorizer
/// (``GaussianMixtureCategorizer``, ``SigmoidCutCategorizer``) -> soft yields
/// (``SoftYields``) -> objective (``SignificanceObjective`` or any differentiable
/// function of the yields) -> optimizer (``Trainer``).
public enum Gato {
    /// The library version.
    public static let version = "0.1.0"
}
