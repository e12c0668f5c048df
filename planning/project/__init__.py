"""A planning project: the ``Project`` façade that assembles the pipeline, its ``.dtplan`` file, the
lock, autosave and crash recovery, and merging city submissions."""
