"""The triage table: columns and cell text (Qt-free), the Qt model/proxy, the panel around it."""
