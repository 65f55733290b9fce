"""The parts of the main window, each mixed into `ui.main_window.MainWindow`."""
