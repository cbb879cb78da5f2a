"""The four matrices for the Alcaldía (step 4.6): computed from monitoring.figures, written to .xlsx.

    matrix = compute("plan-accion", year=2025, cutoff=date(2025, 6, 30))
    write_xlsx(matrix, fileobj, year=2025, cutoff=date(2025, 6, 30))
"""
from .base import KINDS, TITLES, Column, Matrix, Sheet
from .compute import compute
from .xlsx import write_xlsx

__all__ = ["KINDS", "TITLES", "Column", "Matrix", "Sheet", "compute", "write_xlsx"]
