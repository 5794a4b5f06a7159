import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a whole file, a pipe or a terminal (`/dev/stdin`, `<(command)`) with the
/// reason of a failure kept: a missing file, a folder, a file without read
/// permission and an I/O error each give their own one-line reason, instead of
/// Foundation's one "cannot be read" for all (or a UTF-8 complaint about a file
/// that was never read).
///
/// A regular file is memory-mapped when `mapped` (large event files are then read
/// only as far as they are used); anything else is read to its end, so a pipe works
/// as well as a file.
package enum FileContents {
    /// Why a file could not be read.
    package enum Failure: Error, Equatable, Sendable {
        case noSuchFile
        case isDirectory
        case permissionDenied
        /// Another operating-system error (its `strerror` text).
        case other(String)

        init(errno code: Int32) {
            switch code {
            case ENOENT, ENOTDIR: self = .noSuchFile
            case EACCES, EPERM: self = .permissionDenied
            case EISDIR: self = .isDirectory
            default: self = .other(String(cString: strerror(code)))
            }
        }

        /// The reason as it follows a file name: `run.yaml: permission denied`.
        package var reason: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .isDirectory: return "is a directory, not a file"
            case .permissionDenied: return "permission denied"
            case let .other(text): return "cannot be read (\(text.lowercased()))"
            }
        }
    }

    /// Whether `url` names something other than a regular file (a pipe, a terminal,
    /// `/dev/stdin`): paths read from it are then relative to the current folder,
    /// not to the folder of the "file". False when it cannot be examined.
    package static func isStream(_ url: URL) -> Bool {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// The whole contents of `url`.
    ///
    /// - Throws: ``Failure``.
    package static func read(_ url: URL, mapped: Bool = false) throws(Failure) -> Data {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(errno: errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .isDirectory }
        if type == S_IFREG, mapped, let data = try? Data(contentsOf: url, options: .mappedIfSafe) { return data }
        var data = Data()
        if type == S_IFREG, info.st_size > 0 { data.reserveCapacity(Int(info.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { bytes in
                #if canImport(Glibc)
                    Glibc.read(descriptor, bytes.baseAddress, bytes.count)
                #elseif canImport(Musl)
                    Musl.read(descriptor, bytes.baseAddress, bytes.count)
                #else
                    Darwin.read(descriptor, bytes.baseAddress, bytes.count)
                #endif
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(errno: errno)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// The text of UTF-8 bytes (a leading byte-order mark is kept as U+FEFF), or the
    /// 0-based byte offset of the first byte that is not valid UTF-8.
    package static func utf8Text(_ data: Data) -> Result<String, InvalidUTF8> {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .emptyInput: return .success(String(decoding: data, as: UTF8.self))
            case .error: return .failure(InvalidUTF8(offset: offset))
            }
        }
    }

    /// Where UTF-8 decoding failed.
    package struct InvalidUTF8: Error, Equatable, Sendable {
        /// The 0-based offset of the first invalid byte.
        package var offset: Int
    }
}
