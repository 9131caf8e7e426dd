"""The main window, split by concern into mixins: actions/menus, selection/preview, worklist settings."""
