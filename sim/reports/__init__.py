"""Files and words for people: JSON, CSV and XLSX outputs, the comparison workbook, run
tables and plain-language sentences. Imports ``sim.analysis`` and below."""
