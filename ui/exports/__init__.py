"""Exports a page offers for download: the comparison as one self-contained HTML report."""
