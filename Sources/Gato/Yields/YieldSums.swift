/// Per process and category, what one forward pass over the events sums: soft
/// `sum w gamma` and `sum w^2 gamma` and, when asked for, hard `sum w` and
/// `sum w^2` (arrays process-major, `p * K + k`; the hard ones empty when not asked for).
///
/// Each chunk of events writes a slot of `4 K` values (soft w, soft w^2, hard w,
/// hard w^2, each K values); ``ChunkedKernelDriver`` adds the slots of each
/// process in chunk order (``ChunkedKernelDriver/Reduction/perProcess``), which
/// keeps results independent of the number of threads.
struct YieldSums {
    var sumW: [Double]
    var sumW2: [Double]
    var hardSumW: [Double]
    var hardSumW2: [Double]

    /// The number of values one chunk writes.
    static func slotSize(categories: Int) -> Int { 4 * categories }

    /// Splits the per-process sums of the slots (`P x 4K`, process-major, each
    /// process's `4 K` values in slot order) into the four arrays.
    init(perProcess sums: [Double], categories k: Int, hard: Bool) {
        let size = Self.slotSize(categories: k)
        let processes = size == 0 ? 0 : sums.count / size
        var parts = [[Double]](repeating: [], count: 4)
        for part in 0..<(hard ? 4 : 2) {
            parts[part].reserveCapacity(processes * k)
            for p in 0..<processes {
                let start = p * size + part * k
                parts[part].append(contentsOf: sums[start..<(start + k)])
            }
        }
        sumW = parts[0]
        sumW2 = parts[1]
        hardSumW = parts[2]
        hardSumW2 = parts[3]
    }

    /// The soft sums as ``SoftYields`` of `data`'s processes.
    func soft(_ data: Dataset, categories: Int) -> SoftYields {
        SoftYields(sumW: sumW, sumW2: sumW2, processNames: data.processNames, roles: data.roles, categories: categories)
    }

    /// The hard sums as ``HardYields`` of `data`'s processes.
    func hard(_ data: Dataset, categories: Int) -> HardYields {
        HardYields(sumW: hardSumW, sumW2: hardSumW2, processNames: data.processNames, roles: data.roles, categories: categories)
    }
}

extension SoftYields {
    /// An upstream gradient as two dense arrays of `count` values (an empty array
    /// is autodiff's zero), or nil when it is zero everywhere (no backward pass needed).
    static func dense(_ upstream: TangentVector, count: Int) -> (sumW: [Double], sumW2: [Double])? {
        let w = upstream.sumW.base.isEmpty ? [Double](repeating: 0, count: count) : upstream.sumW.base
        let w2 = upstream.sumW2.base.isEmpty ? [Double](repeating: 0, count: count) : upstream.sumW2.base
        if w.allSatisfy({ $0 == 0 }) && w2.allSatisfy({ $0 == 0 }) { return nil }
        return (w, w2)
    }
}
