/// Whether a process is a signal or a background in the significance.
public enum ProcessRole: String, Sendable, Hashable, Codable, CaseIterable {
    case signal
    case background
}
