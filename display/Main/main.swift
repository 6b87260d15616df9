import DisplayApp

// The wall display's own executable, for development (`swift run atiende-display`); the
// package installs `atiende` under this name instead.
DisplayMain.main()
