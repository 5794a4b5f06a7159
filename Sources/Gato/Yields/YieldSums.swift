/// Per process and category, what one forward pass over the events sums: soft
/// `sum w gamma` and `sum w^2 gamma` and, when asked for, hard `sum w` and
/// `sum w^2` (arrays process-major, `p * K + k`; the hard ones empty when not asked for).
///
/// Each chunk of events writes a slot of `4 K` values (soft w, soft w^2, hard w,
/// hard w^2); ``init(slots:plan:processes:categories:hard:)`` adds the slots in
/// chunk order, which keeps results independent of the number of threads.
struct YieldSums {
    var sumW: [Double]
    var sumW2: [Double]
    var hardSumW: [Double]
    var hardSumW2: [Double]

    /// The number of values one chunk writes.
    static func slotSize(categories: Int) -> Int { 4 * categories }

    init(slots: UnsafeMutableBufferPointer<Double>, plan: ParallelChunks, processes: Int, categories k: Int, hard: Bool) {
        sumW = .init(repeating: 0, count: processes * k)
        sumW2 = sumW
        hardSumW = hard ? sumW : []
        hardSumW2 = hardSumW
        let size = Self.slotSize(categories: k)
        for (chunkIndex, chunk) in plan.chunks.enumerated() {
            let slot = slots.baseAddress! + chunkIndex * size
            for c in 0..<k {
                sumW[chunk.process * k + c] += slot[c]
                sumW2[chunk.process * k + c] += slot[k + c]
                if hard {
                    hardSumW[chunk.process * k + c] += slot[2 * k + c]
                    hardSumW2[chunk.process * k + c] += slot[3 * k + c]
                }
            }
        }
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

extension ParallelChunks {
    /// The element-wise sum of every chunk's slot of `size` values, in chunk order.
    func sumSlots(_ slots: UnsafeMutableBufferPointer<Double>, size: Int) -> [Double] {
        var total = [Double](repeating: 0, count: size)
        for chunkIndex in chunks.indices {
            let slot = slots.baseAddress! + chunkIndex * size
            for j in 0..<size { total[j] += slot[j] }
        }
        return total
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
