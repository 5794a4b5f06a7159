import Foundation
import Testing

@testable import Gato
@testable import GatoIO
@testable import GatoReports
@testable import GatoWorkflows

/// Schedules against hand-computed values: tau = e / max(1, E),
/// exponential v0 (vf/v0)^tau, cosine vf + (v0 - vf)(1 + cos(pi tau)) / 2.
@Suite struct ScheduleTests {
    static func expectClose(
        _ a: Double, _ b: Double, _ tolerance: Double = 1e-13,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(abs(a - b) <= tolerance * abs(b), "\(a) vs \(b)", sourceLocation: sourceLocation)
    }

    /// gato-hep's learning-rate schedule of the 1-D workflows: cosine 0.1 -> 0.001
    /// over E = 250.
    @Test func cosineLearningRate() {
        let s = Schedule.cosine(from: 0.1, to: 0.001, epochs: 250)
        // e = 0: tau = 0, 1 + cos 0 = 2: 0.001 + 0.099 = 0.1.
        Self.expectClose(s.value(atEpoch: 0), 0.1)
        // e = 125: tau = 1/2, cos(pi/2) = 0: 0.001 + 0.099 / 2 = 0.0505.
        Self.expectClose(s.value(atEpoch: 125), 0.0505)
        // e = 249: tau = 0.996, 1 + cos(0.996 pi) = 1 - cos(0.004 pi) = 2 sin^2(0.002 pi)
        //   = 2 * (0.00628314396...)^2 = 7.895579618e-5 (series: x^2/2 - x^4/24 with
        //   x = 0.004 pi = 0.0125663706: 7.8956835e-5 - 1.04e-9);
        //   0.001 + 0.0495 * 7.895579618e-5 = 0.001 + 3.90831191e-6 = 0.00100390831191.
        //   E - 1 does not reach vf (gato-hep sets epoch e's value before its step).
        Self.expectClose(s.value(atEpoch: 249), 0.0010039083119111, 1e-12)
        #expect(s.value(atEpoch: 249) > 0.001)
        // e = E: tau = 1, cos(pi) = -1 exactly: vf.
        Self.expectClose(s.value(atEpoch: 250), 0.001)
    }

    /// An increasing cosine schedule (the cut model's steepness 50 -> 10000, E = 250).
    @Test func cosineIncreasing() {
        let s = Schedule.cosine(from: 50, to: 10000, epochs: 250)
        Self.expectClose(s.value(atEpoch: 0), 50)
        // e = 125: 10000 + (50 - 10000) / 2 = 10000 - 4975 = 5025.
        Self.expectClose(s.value(atEpoch: 125), 5025)
        // e = 249: 10000 - 4975 * 7.895579618e-5 = 10000 - 0.39280508 = 9999.60719492.
        Self.expectClose(s.value(atEpoch: 249), 9999.607194913986, 1e-12)
    }

    /// gato-hep's TemperatureScheduler defaults: exponential 1.0 -> 0.01 over E = 100.
    @Test func exponentialTemperature() throws {
        let s = try Schedule.exponential(from: 1.0, to: 0.01, epochs: 100)
        // e = 0: 1 * 0.01^0 = 1.
        Self.expectClose(s.value(atEpoch: 0), 1.0)
        // e = 50: 0.01^(1/2) = 0.1.
        Self.expectClose(s.value(atEpoch: 50), 0.1)
        // e = 99: 0.01^0.99 = 10^-1.98 = 0.010471285480509 (10^0.02 = 1.0471285480509).
        Self.expectClose(s.value(atEpoch: 99), 0.010471285480508996, 1e-12)
        // e = 100: 0.01.
        Self.expectClose(s.value(atEpoch: 100), 0.01)
    }

    @Test func exponentialNonUnitStart() throws {
        let s = try Schedule.exponential(from: 0.05, to: 0.001, epochs: 10)
        // e = 5: 0.05 * (0.02)^(1/2) = 0.05 * 0.1414213562373095 = 0.007071067811865475.
        Self.expectClose(s.value(atEpoch: 5), 0.007071067811865475)
        // e = 9: 0.05 * 0.02^0.9 = 0.05 * exp(0.9 ln 0.02) = 0.05 * exp(0.9 * -3.9120230054)
        //   = 0.05 * exp(-3.5208207049) = 0.05 * 0.0295751527326 = 0.00147875763663.
        Self.expectClose(s.value(atEpoch: 9), 0.05 * exp(0.9 * log(0.02)), 1e-13)
        Self.expectClose(s.value(atEpoch: 9), 0.00147875763663, 1e-11)
    }

    @Test func constant() throws {
        let s = Schedule.constant(0.05)
        #expect(s.kind == .constant && s.initial == 0.05 && s.final == 0.05)
        for e in [0, 1, 7, 1000] { #expect(s.value(atEpoch: e) == 0.05) }
        #expect(try Schedule(.constant, from: 2, to: 2, epochs: 10).value(atEpoch: 5) == 2)
    }

    /// tau = e / max(1, E): E = 0 behaves as E = 1.
    @Test func zeroAndOneEpochs() throws {
        for epochs in [0, 1] {
            let c = Schedule.cosine(from: 1.0, to: 0.05, epochs: epochs)
            #expect(c.value(atEpoch: 0) == 1.0)
            // tau = 1: 0.05 + 0.475 * (1 + (-1)) = 0.05 exactly.
            #expect(c.value(atEpoch: 1) == 0.05)
            let x = try Schedule.exponential(from: 1.0, to: 0.05, epochs: epochs)
            #expect(x.value(atEpoch: 0) == 1.0)
            Self.expectClose(x.value(atEpoch: 1), 0.05)
        }
    }

    /// tau is not clamped (gato-hep parity): past E the cosine rises back and the
    /// exponential continues geometrically.
    @Test func pastTheLastEpoch() throws {
        let c = Schedule.cosine(from: 1.0, to: 0.05, epochs: 10)
        // e = 20: tau = 2, cos(2 pi) = 1: back at v0.
        Self.expectClose(c.value(atEpoch: 20), 1.0)
        let x = try Schedule.exponential(from: 1.0, to: 0.1, epochs: 10)
        // e = 20: 0.1^2 = 0.01.
        Self.expectClose(x.value(atEpoch: 20), 0.01)
    }

    @Test func invalidSchedulesThrow() {
        #expect(throws: ScheduleError.exponentialNeedsPositiveValues(initial: 0, final: 1)) {
            try Schedule.exponential(from: 0, to: 1, epochs: 10)
        }
        #expect(throws: ScheduleError.exponentialNeedsPositiveValues(initial: 1, final: -0.5)) {
            try Schedule.exponential(from: 1, to: -0.5, epochs: 10)
        }
        #expect(throws: ScheduleError.negativeEpochs(-1)) {
            try Schedule(.cosine, from: 1, to: 0.1, epochs: -1)
        }
        // The message, also through Foundation's localizedDescription.
        let error: Error = ScheduleError.negativeEpochs(-1)
        #expect(error.localizedDescription == "the number of epochs of a schedule must not be negative, got -1")
        #expect(throws: ScheduleError.self) {
            try Schedule(.cosine, from: .nan, to: 0.1, epochs: 10)
        }
        #expect(throws: ScheduleError.constantWithDifferentValues(initial: 1, final: 2)) {
            try Schedule(.constant, from: 1, to: 2, epochs: 10)
        }
        // A cosine schedule may cross zero or use negative values.
        #expect(Schedule.cosine(from: -1, to: 1, epochs: 2).value(atEpoch: 1) == 0)
    }

    @Test func codableRoundTripAndValidation() throws {
        let s = try Schedule.exponential(from: 1.0, to: 0.05, epochs: 200)
        let data = try JSONEncoder().encode(s)
        #expect(try JSONDecoder().decode(Schedule.self, from: data) == s)
        let constant = try JSONDecoder().decode(Schedule.self, from: Data(#"{"kind":"constant","initial":0.1}"#.utf8))
        #expect(constant == .constant(0.1))
        #expect(throws: ScheduleError.self) {
            try JSONDecoder().decode(
                Schedule.self, from: Data(#"{"kind":"exponential","initial":0,"final":1,"epochs":5}"#.utf8))
        }
    }
}
