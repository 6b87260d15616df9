import KioskApp

// The kiosk's own executable, for development (`swift run atiende-kiosk`); the package
// installs `atiende` under this name instead.
KioskMain.main()
