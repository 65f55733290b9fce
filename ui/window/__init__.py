"""The parts of the main window, each an object `ui.main_window.MainWindow` owns.

A part keeps its own widgets and state. It reaches the window only through `library` (the open
archive, or None), `runner`, `settings`, `show_error(error)` and QMainWindow's own methods (its
status bar, tool bars, menu bar, docks, as a parent for dialogs); it reaches another part through
the reference it was given when made, or a signal the window connects.
"""
