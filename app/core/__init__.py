"""Infrastructure shared by the rooms: persisted settings, preferences, workers, progress, style."""
