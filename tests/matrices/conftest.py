import io

import pytest

from monitoring.matrices import compute, write_xlsx
from tests.matrices.builders import CUTOFF, YEAR, dataset, load


@pytest.fixture
def data(db, lead, lead2):
    return dataset(lead=lead, lead2=lead2)


@pytest.fixture
def workbook():
    """workbook(kind) → the openpyxl workbook produced for the data set's year and cutoff."""

    def produce(kind):
        buffer = io.BytesIO()
        write_xlsx(compute(kind, year=YEAR, cutoff=CUTOFF), buffer, year=YEAR, cutoff=CUTOFF)
        return load(buffer.getvalue())

    return produce

