"""Read images: walk folders, sniff formats, decode rasters and DICOM, flag what a header or the pixels say."""
