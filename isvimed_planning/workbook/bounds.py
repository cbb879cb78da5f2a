"""How big a workbook really is, measured on the zip before openpyxl parses anything.

openpyxl trusts the file: it reads the whole shared-strings table into memory when it opens a
workbook, and its row reader fills every gap up to the last row number it meets, so a 12 KB file
with one row at 1,048,576 costs minutes. Here the zip's directory (sizes, compression ratios)
and the sheet XML are read as bytes, in bounded chunks, with no XML parser and no entity
expansion: rows and cells are counted by their tags, the declared `<dimension ref>` and
`uniqueCount` are read from the first bytes. Anything beyond the limits (settings
WORKBOOK_MAX_*) is refused with a Spanish message before any parsing.

    measure(source)             # everything: the worker, the command
    measure(source, scan=False) # only what the zip's directory and the first bytes say (cheap)
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import asdict, dataclass, field

from django.conf import settings

from .base import split_part, workbook_sheet_names

NOT_XLSX = "el archivo no es un libro de Excel .xlsx válido (¿es otro tipo de archivo renombrado como .xlsx?)"

DEFAULTS = {
    "WORKBOOK_MAX_ROWS_PER_SHEET": 200_000,
    "WORKBOOK_MAX_CELLS": 3_000_000,
    "WORKBOOK_MAX_SHARED_STRINGS": 500_000,
    "WORKBOOK_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
    "WORKBOOK_MAX_COMPRESSION_RATIO": 100,
}
# Parts openpyxl parses whole into memory (workbook.xml, styles, rels…): a real one is kilobytes.
MAX_OTHER_PART_BYTES = 16 * 1024 * 1024
MAX_PARTS = 1000
# The compression ratio is only looked at above this size: a small part cannot cost much anyway.
RATIO_FROM_BYTES = 1024 * 1024
CHUNK = 1024 * 1024
MAX_COLUMNS = 16384  # XFD

SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
# The number of a row (`<row r="12" …>`) and the column of a cell (`<c r="AB12" …>`).
ROW_NUMBER = re.compile(rb"row\s[^<>]*?(?<=\s)r\s*=\s*[\"']\s*([0-9]{1,12})[\"'\s]")
ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
SI_TAG = re.compile(_PREFIX + rb"si(?=[\s/>])")
DIMENSION = re.compile(_PREFIX + rb"dimension\s[^>]*?ref\s*=\s*[\"']([^\"']*)[\"']")
SHEET_DATA = re.compile(_PREFIX + rb"sheetData(?=[\s/>])")
UNIQUE_COUNT = re.compile(_PREFIX + rb"sst\s[^>]*?(?:uniqueCount|count)\s*=\s*[\"']\s*([0-9]+)")
CELL_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?([0-9]{1,10})$")


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


class TooLarge(ValueError):
    """The workbook exceeds a limit; `sheet` is the sheet concerned or "libro"."""

    def __init__(self, message: str, sheet: str = "libro"):
        super().__init__(message)
        self.message = message
        self.sheet = sheet


def describe(exc: TooLarge) -> str:
    """The refusal as a sentence for the upload form."""
    where = f"en la hoja «{exc.sheet}», " if exc.sheet != "libro" else ""
    return f"No se puede importar el libro: {where}{exc.message}."


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _mb(value: int) -> str:
    return f"{value / (1024 * 1024):,.1f}".replace(",", "X").replace(".", ",").replace("X", ".") + " MB"


@dataclass
class Measure:
    """What the file holds. rows/cells are None when the sheets were not scanned (scan=False)."""

    file_bytes: int = 0
    uncompressed: int = 0
    sheets: dict[str, str] = field(default_factory=dict)  # name → part
    declared_rows: int = 0  # the largest `<dimension>` of any sheet
    declared_cells: int = 0
    rows: int | None = None  # sum over sheets of the last row number
    cells: int | None = None
    shared_strings: int | None = None
    scanned: bool = False

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("sheets")
        return data

    @property
    def work_rows(self) -> int:
        """The rows a validation will walk through: measured, or at least what the sheets declare."""
        return self.rows if self.rows is not None else self.declared_rows

    @property
    def work_cells(self) -> int:
        return self.cells if self.cells is not None else self.declared_cells


def _column_number(letters: bytes | str) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """(last row, last column) of `A1:XFD1048576` or `B2`; None when unreadable."""
    last = ref.strip().split(":")[-1]
    found = CELL_REF.match(last)
    if not found:
        return None
    return int(found.group(2)), _column_number(found.group(1))


def _entries_declared(source) -> int | None:
    """Number of entries the zip's end-of-central-directory record announces, read from the last
    64 KB: zipfile would otherwise build an object per entry before we could count them."""
    try:
        source.seek(0, 2)
        size = source.tell()
        start = max(0, size - 65536 - 22)
        source.seek(start)
        tail = source.read()
    except (OSError, ValueError):
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries == 0xFFFF:  # zip64: the real count is in the zip64 record
        loc = tail.rfind(b"PK\x06\x07", 0, at)
        if loc < 0 or len(tail) < loc + 20:
            return None
        offset = struct.unpack("<Q", tail[loc + 8 : loc + 16])[0]
        try:
            source.seek(offset)
            record = source.read(56)
        except (OSError, ValueError, OverflowError):
            return None
        if len(record) < 40 or not record.startswith(b"PK\x06\x06"):
            return None
        entries = struct.unpack("<Q", record[32:40])[0]
    return entries


class _GuardedZip(zipfile.ZipFile):
    """A zip whose whole-part reads (what openpyxl uses for workbook.xml, rels, content types)
    refuse a part larger than any real one, before decompressing it."""

    def read(self, name):
        info = self.getinfo(name) if isinstance(name, str) else name
        if info.file_size > MAX_OTHER_PART_BYTES:
            raise TooLarge(
                f"la parte {info.filename} del libro ocupa {_mb(info.file_size)} sin comprimir: "
                f"el máximo es {_mb(MAX_OTHER_PART_BYTES)}"
            )
        return super().read(name)


def _chunks(archive: zipfile.ZipFile, name: str):
    """The part's bytes, CHUNK at a time. zipfile stops at the size the directory declares, which
    the uncompressed limit has already bounded."""
    with archive.open(name) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return
            yield chunk


def _check_encoding(first: bytes, sheet: str) -> None:
    # Excel writes UTF-8; a UTF-16 part would hide its tags from a byte scan.
    if first[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in first[:64]:
        raise TooLarge("la hoja usa una codificación que no se admite (se espera UTF-8)", sheet)


def _head(archive: zipfile.ZipFile, name: str, size: int = 65536) -> bytes:
    with archive.open(name) as stream:
        return stream.read(size)


def _structure(archive: zipfile.ZipFile):
    """(sheets {name: part}, shared strings part or None) the way openpyxl finds them."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader.__new__(ExcelReader)
    reader.archive = archive
    reader.valid_files = archive.namelist()
    reader.read_only = True
    reader.keep_vba = False
    reader.data_only = True
    reader.keep_links = False
    reader.rich_text = False
    reader.read_manifest()
    reader.read_workbook()
    sheets = {}
    for sheet, rel in reader.parser.find_sheets():
        target = rel.target
        if target.startswith("/"):
            target = target[1:]
        if target in reader.valid_files:
            sheets[sheet.name] = target
    strings = reader.package.find(SHARED_STRINGS_TYPE)
    strings_part = strings.PartName[1:] if strings is not None else None
    if strings_part not in reader.valid_files:
        strings_part = None
    return sheets, strings_part


def _scan_sheet(
    archive: zipfile.ZipFile, name: str, part: str, max_rows: int, cell_budget: int, *, sheet: str | None = None,
    counted: int = 0,
) -> tuple[int, int]:
    """(rows, cells) of one sheet, stopping as soon as a limit is passed. When the sheet is a part
    of the workbook sheet `sheet` (itself or a continuation `<sheet> 2`…) whose other parts
    already hold `counted` rows, the limit of rows per sheet is on their sum. rows is the larger of the
    number of `<row>` elements and the last row number (`r`) met at the end of each chunk; cells is
    the number of `<c>` elements. Counted with bytes.count (C speed, a few ms per MB): the
    importer's reader walks the row elements as they are, without filling gaps, so these are its
    real work. Tags the counts may also catch (`<rowBreaks>`, `<col>`) only make them larger."""
    rows = last_number = cells = 0
    tail = b""
    first = True
    row_tag = cell_tag = b""  # known from the first chunk (the root element's namespace prefix)
    for chunk in _chunks(archive, part):
        buffer = tail + chunk
        if first:
            _check_encoding(buffer, name)
            root = ROOT_PREFIX.search(buffer)
            prefix = root.group(1) or b"" if root else b""
            row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
            first = False
        cut = buffer.rfind(b"<")
        if cut < 0 or len(buffer) - cut > 65536:
            cut = len(buffer)
        body, tail = buffer[:cut], buffer[cut:]
        rows += body.count(row_tag)
        cells += body.count(cell_tag)
        at = body.rfind(row_tag)
        if at >= 0:
            number = ROW_NUMBER.match(body, at + len(row_tag) - 3)
            if number:
                last_number = max(last_number, int(number.group(1)))
        if last_number > max_rows:
            raise TooLarge(
                f"la hoja llega hasta la fila {_n(last_number)}: el máximo es {_n(max_rows)} filas por hoja; "
                "divida el libro en varios",
                name,
            )
        if rows > max_rows:
            raise TooLarge(
                f"la hoja tiene {_n(rows)} filas o más: el máximo es {_n(max_rows)} filas por hoja; "
                "divida el libro en varios",
                name,
            )
        if counted and counted + rows > max_rows:
            raise TooLarge(
                f"la hoja {sheet} tiene, con sus hojas de continuación, {_n(counted + rows)} filas o más: el máximo "
                f"es {_n(max_rows)} filas por hoja; divida el libro en varios",
                name,
            )
        if cells > cell_budget:
            break
    return max(rows, last_number), cells


def measure(source, *, scan: bool = True, scan_up_to: int | None = None) -> Measure:
    """The workbook's measure, or TooLarge (a limit passed) / ValueError(NOT_XLSX). With
    scan_up_to, the sheets are scanned only when the parts add up to at most that many bytes
    unzipped (the web request: a few milliseconds at most, the rest is the worker's)."""
    max_rows = limit("WORKBOOK_MAX_ROWS_PER_SHEET")
    max_cells = limit("WORKBOOK_MAX_CELLS")
    max_strings = limit("WORKBOOK_MAX_SHARED_STRINGS")
    max_bytes = limit("WORKBOOK_MAX_UNCOMPRESSED_BYTES")
    max_ratio = limit("WORKBOOK_MAX_COMPRESSION_RATIO")
    result = Measure()
    try:
        source.seek(0, 2)
        result.file_bytes = source.tell()
    except (AttributeError, OSError, ValueError):
        result.file_bytes = getattr(source, "size", 0) or 0
    entries = _entries_declared(source)
    if entries is not None and entries > MAX_PARTS:
        raise TooLarge(f"el archivo tiene {_n(entries)} partes: un libro de Excel tiene unas pocas decenas")
    source.seek(0)
    try:
        archive = _GuardedZip(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, NotImplementedError):
        raise ValueError(NOT_XLSX) from None
    try:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise TooLarge(f"el archivo tiene {_n(len(infos))} partes: un libro de Excel tiene unas pocas decenas")
        result.uncompressed = sum(i.file_size for i in infos)
        if result.uncompressed > max_bytes:
            raise TooLarge(
                f"el libro ocupa {_mb(result.uncompressed)} sin comprimir: el máximo es {_mb(max_bytes)}; "
                "divida el libro en varios"
            )
        for info in infos:
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > RATIO_FROM_BYTES and ratio > max_ratio:
                raise TooLarge(
                    f"el archivo está comprimido de forma anómala (la parte {info.filename} se expande "
                    f"{_n(int(ratio))} veces; un libro de Excel, menos de {_n(max_ratio)}): no se procesa"
                )
        try:
            sheets, strings_part = _structure(archive)
        except TooLarge:
            raise
        except Exception:  # any damage in the workbook's index: the same answer openpyxl gives
            raise ValueError(NOT_XLSX) from None
        result.sheets = sheets
        bulky = set(sheets.values()) | {strings_part}
        for info in infos:
            if info.filename not in bulky and info.file_size > MAX_OTHER_PART_BYTES:
                raise TooLarge(
                    f"la parte {info.filename} del libro ocupa {_mb(info.file_size)} sin comprimir: "
                    f"el máximo es {_mb(MAX_OTHER_PART_BYTES)}"
                )
        # What the file declares: read from its first bytes, cheap whatever its size.
        declared_cells = 0
        for name, part in sheets.items():
            head = _head(archive, part)
            _check_encoding(head, name)
            data = SHEET_DATA.search(head)
            dimension = DIMENSION.search(head, 0, data.start() if data else len(head))
            if dimension is None:
                continue
            ref = dimension.group(1).decode("ascii", "replace")
            bounds = _parse_ref(ref)
            if bounds is None:
                continue
            rows, columns = bounds
            if rows > max_rows:
                raise TooLarge(
                    f"la hoja declara el rango {ref} ({_n(rows)} filas): el máximo es {_n(max_rows)} filas por "
                    "hoja; divida el libro en varios",
                    name,
                )
            result.declared_rows = max(result.declared_rows, rows)
            declared_cells += rows * min(columns, MAX_COLUMNS)
        result.declared_cells = declared_cells
        if declared_cells > max_cells:
            raise TooLarge(
                f"el libro declara {_n(declared_cells)} celdas (filas × columnas de cada hoja): el máximo es "
                f"{_n(max_cells)}; divida el libro en varios"
            )
        if strings_part is not None:
            head = _head(archive, strings_part, 4096)
            _check_encoding(head, "libro")
            declared = UNIQUE_COUNT.search(head)
            if declared and int(declared.group(1)) > max_strings:
                raise _too_many_strings(int(declared.group(1)), max_strings)
        if not scan or (scan_up_to is not None and result.uncompressed > scan_up_to):
            return result
        # What the file holds: every sheet and the shared strings, streamed.
        if strings_part is not None:
            count = 0
            tail = b""
            for chunk in _chunks(archive, strings_part):
                buffer = tail + chunk
                cut = buffer.rfind(b"<")
                if cut < 0 or len(buffer) - cut > 4096:
                    cut = len(buffer)
                count += len(SI_TAG.findall(buffer, 0, cut))
                tail = buffer[cut:]
                if count > max_strings:
                    raise _too_many_strings(count, max_strings)
            count += len(SI_TAG.findall(tail))
            if count > max_strings:
                raise _too_many_strings(count, max_strings)
            result.shared_strings = count
        rows = cells = 0
        # A sheet continued on `<name> 2`, `<name> 3`… is one sheet: its parts' rows add up.
        known = workbook_sheet_names()
        per_sheet: dict[str, int] = {}
        for name, part in sheets.items():
            sheet = (split_part(name, known) or (name, 1))[0]
            last_row, sheet_cells = _scan_sheet(
                archive, name, part, max_rows, max_cells - cells, sheet=sheet, counted=per_sheet.get(sheet, 0),
            )
            per_sheet[sheet] = per_sheet.get(sheet, 0) + last_row
            rows += last_row
            cells += sheet_cells
            if cells > max_cells:
                raise TooLarge(
                    f"el libro tiene {_n(cells)} celdas o más: el máximo es {_n(max_cells)}; divida el libro en varios"
                )
        result.rows, result.cells, result.scanned = rows, cells, True
        return result
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError, OSError):
        raise ValueError(NOT_XLSX) from None
    finally:
        archive.close()
        source.seek(0)


def _too_many_strings(count: int, max_strings: int) -> TooLarge:
    return TooLarge(
        f"el libro tiene {_n(count)} textos compartidos o más: el máximo es {_n(max_strings)}; divida el libro en varios"
    )
