"""The main window: widgets and wiring (``main_window``), one controller per job over the shared ``app.state.TriageState``, and the actions as a table (``action_table``)."""
