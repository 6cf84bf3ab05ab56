"""The outstanding-recommendations appendix: parameters, rows as at a date, layouts, PDF."""
