"""Hostile workbooks written part by part (no openpyxl: it would refuse to write most of them)."""
from __future__ import annotations

import io
import re
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def sheet_xml(rows_xml, dimension: str | None = None):
    """A worksheet's XML; rows_xml is a string or an iterable of strings (streamed into the zip)."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    head += "<sheetData>"
    if isinstance(rows_xml, str):
        rows_xml = [rows_xml]
    yield head
    yield from rows_xml
    yield "</sheetData></worksheet>"


def inline_row(number: int, values, *, numbered: bool = True) -> str:
    cells = []
    for index, value in enumerate(values):
        column = chr(ord("A") + index)
        ref = f' r="{column}{number}"' if numbered else ""
        if isinstance(value, (int, float)):
            cells.append(f'<c{ref}><v>{value}</v></c>')
        elif isinstance(value, tuple):  # (type, raw v text): a cell written as is
            cells.append(f'<c{ref} t="{value[0]}"><v>{value[1]}</v></c>')
        else:
            cells.append(f'<c{ref} t="inlineStr"><is><t>{value}</t></is></c>')
    row_ref = f' r="{number}"' if numbered else ""
    return f"<row{row_ref}>{''.join(cells)}</row>"


def book(sheets: dict, *, shared_strings=None, level: int = 9) -> bytes:
    """An xlsx: {sheet name: iterable of XML text}; shared_strings: iterable of XML text or None."""
    names = list(sheets)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{SHEET_TYPE}"/>'
            for i in range(len(names))
        )
        if shared_strings is not None:
            overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_tags = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheet_tags}'
            "</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{rels}</Relationships>',
        )
        for i, name in enumerate(names):
            with z.open(f"xl/worksheets/sheet{i + 1}.xml", "w", force_zip64=True) as part:
                for text in sheets[name]:
                    part.write(text.encode())
        if shared_strings is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for text in shared_strings:
                    part.write(text.encode())
    return out.getvalue()


MARK = 987654321  # a value written in one numeric cell, then replaced in the XML by hand


def workbook_with_raw_cell(sheet: str, row: int, column: int, xml_value: str, cell_type: str = "n") -> bytes:
    """The small valid workbook with one cell of `sheet` written as `<c t="..."><v>xml_value</v></c>`."""
    from tests.workbook.builders import base_data, write

    data = base_data()
    data[sheet][row][column] = MARK
    content = write(data).getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/") and f"<v>{MARK}</v>".encode() in body:
                body = re.sub(
                    rb'<c r="([A-Z]+[0-9]+)"( t="n")?><v>' + str(MARK).encode() + rb"</v></c>",
                    lambda m: b'<c r="' + m.group(1) + b'" t="' + cell_type.encode() + b'"><v>'
                    + xml_value.encode() + b"</v></c>",
                    body,
                )
            dst.writestr(item, body)
    return out.getvalue()
