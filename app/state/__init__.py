"""The viewer's state without Qt: what is loaded, scanned, selected and decided (napari's
``ViewerModel`` idea). Widgets and controllers in ``app.window`` listen to its events."""
