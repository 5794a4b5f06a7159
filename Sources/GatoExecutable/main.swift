import GatoCommandLine

// The `gato` executable: everything it does is in GatoCommandLine, so that the
// tests run the commands in-process.
GatoCLI.main()
