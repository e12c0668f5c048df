"""The printed plan in the window: its HTML pieces, page layout, page view, rendering to printers and
PDF, and the report view with print preview, page setup and one report per city."""
