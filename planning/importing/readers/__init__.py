"""Every spreadsheet format a planner receives read into plain grids of cells, each behind a safety
check that refuses hostile files before a reader allocates for them."""
