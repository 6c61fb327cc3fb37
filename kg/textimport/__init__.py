"""`kg import-text`: from a strategy's OCR'd text to a draft data file (read, repair the scan, find
the structure, write Turtle in house style), and how close a draft is to a hand-made file."""
