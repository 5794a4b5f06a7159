import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

@Suite struct DatasetTests {
    static func sample(_ name: String, _ role: ProcessRole, dimension: Int = 2, events: Int = 3) throws -> ProcessSample {
        try ProcessSample(
            name: name, role: role, features: (0..<(events * dimension)).map { Float($0) / 10 }, dimension: dimension,
            weights: (0..<events).map { Double($0) - 1 })  // includes a negative and a zero weight
    }

    @Test func validSamplesAndDatasets() throws {
        let data = try Dataset([Self.sample("s", .signal), Self.sample("b", .background)])
        #expect(data.dimension == 2 && data.eventCount == 6 && data.processNames == ["s", "b"])
        #expect(data.signalNames == ["s"] && data.backgroundNames == ["b"] && data.index(of: "b") == 1)
        #expect(data["s"]?.feature(2, 1) == 0.5 && data["s"]?.weight(0) == -1)
        let rows = try ProcessSample(name: "r", role: .signal, rows: [[0.1, 0.2], [0.3, 0.4]], weights: [1, 2])
        #expect(rows.count == 2 && rows.feature(1, 0) == Float(0.3))
        // A selection that kept no event: the dimension is given, and the sample joins 2-D data.
        let none = try ProcessSample(name: "vbf", role: .signal, rows: [], weights: [], dimension: 2)
        #expect(none.count == 0 && none.dimension == 2)
        #expect(try Dataset([none, Self.sample("s", .signal), Self.sample("b", .background)]).dimension == 2)
        #expect(throws: EventDataError.self) {
            try ProcessSample(name: "r", role: .signal, rows: [[0.1, 0.2, 0.3]], weights: [1], dimension: 2)
        }
    }

    @Test func sampleErrorsNameTheProcessAndTheProblem() {
        #expect(throws: EventDataError.featureCountMismatch(process: "ttH", features: 6, dimension: 2, weights: 4)) {
            try ProcessSample(name: "ttH", role: .signal, features: [0, 0, 0, 0, 0, 0], dimension: 2, weights: [1, 1, 1, 1])
        }
        #expect(throws: EventDataError.nonFiniteFeature(process: "ttH", event: 1, dimension: 0, value: .infinity)) {
            try ProcessSample(name: "ttH", role: .signal, features: [0, 0, .infinity, 0], dimension: 2, weights: [1, 1])
        }
        let nanWeight = #expect(throws: EventDataError.self) {
            try ProcessSample(name: "ggH", role: .signal, features: [0, 0], dimension: 1, weights: [1, .nan])
        }
        #expect(nanWeight?.description == "process 'ggH': weight of event 1 is nan")
        #expect(throws: EventDataError.invalidDimension(process: "x", dimension: 0)) {
            try ProcessSample(name: "x", role: .signal, features: [], dimension: 0, weights: [])
        }
        #expect(throws: EventDataError.columnLengthMismatch(process: "x", column: "mass", length: 1, events: 2)) {
            try ProcessSample(name: "x", role: .signal, features: [0, 1], dimension: 1, weights: [1, 1], columns: ["mass": [125]])
        }
        #expect(throws: EventDataError.nonFiniteColumn(process: "x", column: "mass", event: 0, value: -.infinity)) {
            try ProcessSample(name: "x", role: .signal, features: [0], dimension: 1, weights: [1], columns: ["mass": [-.infinity]])
        }
        #expect(
            EventDataError.featureCountMismatch(process: "ttH", features: 6, dimension: 2, weights: 4).description
                == "process 'ttH': 3 events in the features but 4 weights")
    }

    @Test func datasetErrors() throws {
        #expect(throws: EventDataError.emptyDataset) { try Dataset([]) }
        #expect(throws: EventDataError.emptyDataset) {
            try Dataset([Self.sample("s", .signal, events: 0), Self.sample("b", .background, events: 0)])
        }
        #expect(throws: EventDataError.noSignal) { try Dataset([Self.sample("b", .background)]) }
        #expect(throws: EventDataError.noBackground) { try Dataset([Self.sample("s", .signal)]) }
        #expect(throws: EventDataError.duplicateProcess(name: "s")) {
            try Dataset([Self.sample("s", .signal), Self.sample("s", .background)])
        }
        #expect(throws: EventDataError.dimensionMismatch(process: "b", dimension: 3, expected: 2, firstProcess: "s")) {
            try Dataset([Self.sample("s", .signal), Self.sample("b", .background, dimension: 3)])
        }
    }

    @Test func selectingDimensionsAndReplacingWeights() throws {
        let data = try Dataset([Self.sample("s", .signal, dimension: 3), Self.sample("b", .background, dimension: 3)])
        let selected = try data.selectingDimensions([2, 0])
        #expect(selected.dimension == 2 && selected["s"]!.feature(1, 0) == Float(5) / 10 && selected["s"]!.feature(1, 1) == Float(3) / 10)
        #expect(throws: EventDataError.self) { try data.selectingDimensions([3]) }
        let reweighted = try data["s"]!.withWeights([2, 2, 2])
        #expect(reweighted.totalWeight == 6 && reweighted.features.count == 9)
        #expect(throws: EventDataError.nonFiniteWeight(process: "s", event: 1, value: .infinity)) {
            try data["s"]!.withWeights([1, .infinity, 1])
        }
    }
}
