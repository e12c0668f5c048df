"""What a plan shows to readers: its tables and figures, the Excel workbook, the charts, the report
content, the export set written to a folder, and the one inert writer of plain tables (xlsx, csv)."""
