"""What a plan shows to readers: its tables and figures, the Excel workbook, the charts, the report
content, and the export set written to a folder."""
