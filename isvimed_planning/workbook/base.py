"""The pieces every sheet of the planning workbook is built from.

Each app registers the sheets of its own data in `<app>/workbook.py`:

    @register
    class Dependencias(ModelSheet):
        name = "dependencias"
        columns = [Col("codigo", CODE), Col("nombre")]
        key = ("codigo",)
        ...

The orchestrator (isvimed_planning.workbook.importer) reads the workbook, gives every sheet
its rows (already read into Python values, cell errors reported), lets each sheet validate them
against the workbook and the database, and, when no error was found, lets each sheet write in
one transaction. Sheets run in PROCESS_ORDER (strategy → projects → budget → monitoring), so a
sheet may refer to what an earlier sheet defines; rows are matched on their key columns, so a
second import of the same workbook finds every row unchanged.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import F, Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..versioning import Versioned
from .cells import Col

BATCH = 2000
# Rows read from the database at a time by an export: export_rows iterate querysets with
# .iterator(chunk_size=EXPORT_CHUNK), so a sheet's rows are never all in memory at once.
EXPORT_CHUNK = 2000

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


# --- Issues and the result of an import --------------------------------------------------


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def line(self) -> str:
        """`hoja:fila:columna: mensaje`, as the command prints it."""
        return f"{self.sheet}:{self.row if self.row else '-'}:{self.column or '-'}: {self.message}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message, "line": self.line}


def max_issues_per_sheet() -> int:
    from django.conf import settings

    return max(1, int(getattr(settings, "WORKBOOK_MAX_ERRORS_PER_SHEET", 200)))


def omitted_message(count: int, sheet: str, what: str = "errores") -> str:
    return f"… y {count:,} {what} más en la hoja {sheet}".replace(",", ".")


@dataclass
class Result:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    written: bool = False
    # Errors (warnings) beyond the first WORKBOOK_MAX_ERRORS_PER_SHEET of a sheet: only counted, so
    # a file of 100,000 bad rows gives a page and a stored preview of a few hundred lines. The
    # count is also the last issue of the sheet («… y 699.800 errores más en la hoja X»).
    omitted: dict[str, int] = field(default_factory=dict)
    omitted_warnings: dict[str, int] = field(default_factory=dict)
    # Accounts of unknown `responsable`s the import creates (only when asked to create users).
    new_users: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_total(self) -> int:
        """Every error found, the omitted ones included (errors holds one summary line per sheet)."""
        return len(self.errors) - len(self.omitted) + sum(self.omitted.values())

    @property
    def warning_total(self) -> int:
        return len(self.warnings) - len(self.omitted_warnings) + sum(self.omitted_warnings.values())

    def count(self, sheet: str, outcome: str, n: int = 1) -> None:
        bucket = self.counts.setdefault(sheet, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        bucket[outcome] += n

    def summary_lines(self) -> list[str]:
        lines = []
        for sheet, c in self.counts.items():
            lines.append(
                f"{sheet}: {c[CREATED]} creadas, {c[UPDATED]} actualizadas, {c[UNCHANGED]} sin cambios"
            )
        return lines

    def new_users_line(self) -> str | None:
        if not self.new_users:
            return None
        verb = "Cuentas creadas" if self.written else "Cuentas que se crearán"
        return f"{verb} (inactivas, rol responsable): {', '.join(self.new_users)}"

    def as_dict(self) -> dict:
        return {
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "counts": self.counts,
            "written": self.written,
            "omitted": self.omitted,
            "omitted_warnings": self.omitted_warnings,
            "new_users": self.new_users,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Result:
        def issues(items):
            return [Issue(i["sheet"], i["row"], i["column"], i["message"]) for i in items or []]

        return cls(
            errors=issues(data.get("errors")),
            warnings=issues(data.get("warnings")),
            counts=data.get("counts") or {},
            written=bool(data.get("written")),
            omitted=data.get("omitted") or {},
            omitted_warnings=data.get("omitted_warnings") or {},
            new_users=data.get("new_users") or [],
        )


# --- References to records that may exist only once the workbook is written --------------


class Ref(NamedTuple):
    """A record defined by the workbook, whose id is known only after its sheet is written."""

    kind: str
    key: Any


class Row:
    """One data row: its number as Excel shows it and its values, read by column name. Small
    (slots, a tuple of values, one shared column index per sheet) since a sheet may have
    100,000 of them in memory at once."""

    __slots__ = ("n", "_values", "_index", "ok")

    def __init__(self, n: int, values, ok: bool = True, index: dict[str, int] | None = None):
        if isinstance(values, dict):
            index = {name: i for i, name in enumerate(values)}
            values = tuple(values.values())
        self.n = n
        self._values = values
        self._index = index or {}
        self.ok = ok  # False when a cell of the row could not be read

    def __getitem__(self, name: str):
        i = self._index.get(name)
        return None if i is None else self._values[i]


class Context:
    """What the sheets share during one import: look-ups, the plan, issues, counts."""

    def __init__(
        self, *, user=None, filename: str = "", progress: Callable[[int, str], None] | None = None,
        create_users: bool = False,
    ):
        self.user = user
        self.create_users = create_users  # an unknown `responsable` gets an account instead of an error
        self._cap = max_issues_per_sheet()
        self._issues: dict[tuple[str, str], int] = {}
        self.filename = filename
        who = user.username if user is not None else "línea de comandos"
        self.reason = f"Importado de {filename} por {who}"[:100]
        self.result = Result()
        self.ids: dict[str, dict[Any, int]] = {}
        self.defined: dict[str, set] = {}
        self.data: dict[str, Any] = {}  # free-form shared facts (e.g. indicator kinds)
        self.plan = None  # the DevelopmentPlan in the database, if any
        self.plan_first_year: int | None = None
        self.sheets_present: set[str] = set()
        self.now = timezone.now()
        self._progress = progress
        self._year_error_sheets: set[str] = set()

        # A sheet continued on `<name> 2`, `<name> 3`… (continuation sheets) is one sheet for the
        # handlers: the rows of its part k are numbered from the last row number of part k - 1
        # on, and an issue is reported on the part and row the user sees (see `place`).
        self._offsets: dict[str, list[int]] = {}  # logical sheet → first row number of each part, minus 1
        self._part_names: dict[str, list[str]] = {}  # logical sheet → its parts' names, in order
        self._logical: dict[str, str] = {}  # a part's name → its logical sheet

    # continuation sheets
    def add_part(self, sheet: str, name: str, offset: int) -> None:
        """Rows numbered `offset + n` of `sheet` are row n of the part `name`."""
        self._offsets.setdefault(sheet, []).append(offset)
        self._part_names.setdefault(sheet, []).append(name)
        self._logical[name] = sheet

    def logical(self, name: str) -> str:
        """The sheet a part belongs to (`distribucion_territorial 2` → `distribucion_territorial`)."""
        return self._logical.get(name, name)

    def place(self, sheet: str, row: int | None) -> tuple[str, int | None]:
        """(the part's name, its row number) of the row `row` of `sheet` as the handlers number it."""
        offsets = self._offsets.get(sheet)
        if row is None or not offsets or len(offsets) == 1:
            return sheet, row
        index = max(0, bisect_left(offsets, row) - 1)
        return self._part_names[sheet][index], row - offsets[index]

    def row_reference(self, sheet: str, row: int, at: int | None = None) -> str:
        """«la fila N», naming the part too («la fila N de la hoja «X 2»») when the row `at` an
        issue is reported on is on another part."""
        name, n = self.place(sheet, row)
        if at is None or self.place(sheet, at)[0] == name:
            return f"la fila {n}"
        return f"la fila {n} de la hoja «{name}»"

    # issues
    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if self._keep("error", sheet):
            self.result.errors.append(Issue(*self.place(sheet, row), column, message))
        else:
            logical = self.logical(sheet)
            self.result.omitted[logical] = self.result.omitted.get(logical, 0) + 1

    def warning(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if self._keep("warning", sheet):
            self.result.warnings.append(Issue(*self.place(sheet, row), column, message))
        else:
            logical = self.logical(sheet)
            self.result.omitted_warnings[logical] = self.result.omitted_warnings.get(logical, 0) + 1

    def _keep(self, kind: str, sheet: str) -> bool:
        """At most WORKBOOK_MAX_ERRORS_PER_SHEET issues of a kind per sheet, its continuations included."""
        key = (kind, self.logical(sheet))
        seen = self._issues.get(key, 0)
        self._issues[key] = seen + 1
        return seen < self._cap

    def progress(self, percent: int, label: str) -> None:
        if self._progress is not None:
            self._progress(percent, label)

    # references
    def ids_of(self, kind: str) -> dict[Any, int]:
        return self.ids.setdefault(kind, {})

    def define(self, kind: str, key) -> None:
        self.defined.setdefault(kind, set()).add(key)

    def ref(self, kind: str, key):
        """The id of an existing record, a Ref to one defined in the workbook, or None."""
        pk = self.ids.get(kind, {}).get(key)
        if pk is not None:
            return pk
        if key in self.defined.get(kind, ()):
            return Ref(kind, key)
        return None

    def resolve(self, value):
        if isinstance(value, Ref):
            return self.ids[value.kind][value.key]
        return value

    # the plan's period
    @property
    def plan_years(self) -> range | None:
        if self.plan_first_year is None:
            return None
        return range(self.plan_first_year, self.plan_first_year + 4)

    def check_year(self, sheet: str, row: int, column: str, year: int | None) -> bool:
        if year is None:
            return False
        years = self.plan_years
        if years is None:
            if sheet not in self._year_error_sheets:
                self._year_error_sheets.add(sheet)
                self.error(sheet, row, column, "no hay plan de desarrollo: incluya la hoja plan en el libro")
            return False
        if year not in years:
            self.error(
                sheet, row, column, f"el año {year} está fuera del periodo del plan ({years[0]}–{years[-1]})"
            )
            return False
        return True


# --- Keeping one model in step with the rows of a sheet ----------------------------------


def _same(old, new) -> bool:
    if isinstance(new, Ref):
        return False
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        if old is None or new is None:
            return old is new
        return Decimal(old) == Decimal(new)
    if old in (None, "") and new in (None, ""):
        return True
    return old == new


class Sync:
    """Rows of a sheet matched on their key against one model: what to create, update, keep."""

    def __init__(self, model, fields: Iterable[str], kind: str | None = None):
        self.model = model
        self.fields = tuple(fields)
        self.kind = kind
        self.existing: dict[Any, tuple[int, tuple]] = {}
        self.creates: list[tuple[Any, dict]] = []
        self.updates: list[tuple[int, dict]] = []

    def load(self, queryset, key_lookups: Iterable[str], key_fn: Callable[[tuple], Any] = tuple) -> None:
        """Existing records by key; when two share a key, the first in the queryset's order wins."""
        key_lookups = tuple(key_lookups)
        width = len(key_lookups)
        if not queryset.query.order_by:
            queryset = queryset.order_by()
        for values in queryset.values_list("pk", *key_lookups, *self.fields).iterator(chunk_size=5000):
            key = key_fn(values[1 : 1 + width])
            if key not in self.existing:
                self.existing[key] = (values[0], values[1 + width :])

    def plan(self, key, fields: dict) -> str:
        current = self.existing.get(key)
        if current is None:
            self.creates.append((key, fields))
            return CREATED
        pk, values = current
        old = dict(zip(self.fields, values, strict=True))
        changed = {name: value for name, value in fields.items() if name in old and not _same(old[name], value)}
        if changed:
            self.updates.append((pk, changed))
            return UPDATED
        return UNCHANGED

    def current(self, key) -> dict | None:
        found = self.existing.get(key)
        return dict(zip(self.fields, found[1], strict=True)) if found else None

    def write(self, ctx: Context, extra: Callable[[Any, dict], dict] | None = None) -> None:
        """Creates then updates, in batches, with history (who, and from which file)."""
        ids = ctx.ids_of(self.kind) if self.kind else None
        for start in range(0, len(self.creates), BATCH):
            chunk = self.creates[start : start + BATCH]
            objs = []
            for key, fields in chunk:
                values = {name: ctx.resolve(value) for name, value in fields.items()}
                if extra is not None:
                    values.update(extra(key, values))
                objs.append(self.model(**values))
            objs = bulk_create_with_history(
                objs, self.model, batch_size=BATCH, default_user=ctx.user, default_change_reason=ctx.reason,
                default_date=ctx.now,
            )
            if ids is not None:
                for (key, _), obj in zip(chunk, objs, strict=True):
                    ids[key] = obj.pk
        for start in range(0, len(self.updates), BATCH):
            chunk = self.updates[start : start + BATCH]
            objs = self.model._default_manager.in_bulk([pk for pk, _ in chunk])
            names: set[str] = set()
            changed = []
            for pk, fields in chunk:
                obj = objs[pk]
                for name, value in fields.items():
                    setattr(obj, name, ctx.resolve(value))
                    names.add(name)
                changed.append(obj)
            bulk_update_with_history(
                changed, self.model, fields=sorted(names), batch_size=BATCH, default_user=ctx.user,
                default_change_reason=ctx.reason, default_date=ctx.now,
            )
            if issubclass(self.model, Versioned):  # forms open on an older version must not overwrite the import
                lock = self.model.version_field
                self.model._base_manager.filter(pk__in=[o.pk for o in changed]).update(**{lock: F(lock) + 1})


# --- Sheets -------------------------------------------------------------------------------


class Sheet:
    """One sheet of the workbook. Subclasses set `name`, `columns`, `key` and implement the steps."""

    name: str = ""
    columns: list[Col] = []
    key: tuple[str, ...] = ()

    def prepare(self, ctx: Context) -> None:
        """Load what other sheets need to know from the database (always called, in order)."""

    def validate(self, ctx: Context, rows: list[Row]) -> None:
        """Check the rows (only called when the sheet is in the workbook)."""

    def finish(self, ctx: Context) -> None:
        """Checks that need every sheet validated (always called, in order)."""

    def write(self, ctx: Context) -> None:
        """Write what validate planned (only called when the whole workbook is valid)."""

    def export_rows(self, plan) -> Iterable[list]:
        """Rows of this sheet (in column order) for the export of `plan`'s data."""
        return []

    # helpers
    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def key_of(self, row: Row):
        values = tuple(row[name] for name in self.key)
        if any(v is None for v in values):
            return None
        return values if len(values) > 1 else values[0]

    def unique_rows(self, ctx: Context, rows: list[Row], kind: str | None = None) -> list[tuple[Any, Row]]:
        """(key, row) for each row with a complete key; a repeated key is an error."""
        seen: dict[Any, int] = {}
        out = []
        for row in rows:
            key = self.key_of(row)
            if key is None:
                continue
            if key in seen:
                ctx.error(
                    self.name, row.n, self.key[0],
                    f"clave repetida ({', '.join(self.key)}): ya aparece en "
                    f"{ctx.row_reference(self.name, seen[key], at=row.n)}",
                )
                continue
            seen[key] = row.n
            if kind:
                ctx.define(kind, key)
            out.append((key, row))
        return out

    def require_ref(self, ctx: Context, row: Row, column: str, kind: str, key, what: str):
        """The id or Ref of `key`, or an error «what «code» no existe»."""
        if key is None:
            return None
        found = ctx.ref(kind, key)
        if found is None:
            shown = key if not isinstance(key, tuple) else " / ".join(str(k) for k in key)
            ctx.error(self.name, row.n, column, f"{what} «{shown}» no existe (ni en el libro ni en la base de datos)")
        return found


class ModelSheet(Sheet):
    """A sheet whose rows map one-to-one onto records of one model."""

    model: type[Model]  # every subclass names its model
    kind: str | None = None  # the name other sheets refer to these records by
    fields: tuple[str, ...] = ()
    db_key: tuple[str, ...] = ()  # look-ups giving the key from a record

    def queryset(self, ctx: Context):
        return self.model._default_manager.all()

    def db_key_of(self, values: tuple):
        return values if len(values) > 1 else values[0]

    def build(self, ctx: Context, key, row: Row) -> dict | None:
        """The model field values of a row (Refs allowed), or None after reporting an error."""
        raise NotImplementedError

    def create_extra(self, ctx: Context, key, values: dict) -> dict:
        return {}

    def prepare(self, ctx: Context) -> None:
        self.sync = Sync(self.model, self.fields, self.kind)
        self.planned = False

    def load_existing(self, ctx: Context) -> None:
        self.sync.load(self.queryset(ctx), self.db_key, self.db_key_of)

    def validate(self, ctx: Context, rows: list[Row]) -> None:
        self.load_existing(ctx)
        self.planned = True
        for key, row in self.unique_rows(ctx, rows, self.kind):
            if not row.ok:
                continue
            values = self.build(ctx, key, row)
            if values is None:
                continue
            ctx.result.count(self.name, self.sync.plan(key, values))

    def write(self, ctx: Context) -> None:
        if self.planned:
            self.sync.write(ctx, lambda key, values: self.create_extra(ctx, key, values))


# --- The registry -------------------------------------------------------------------------

_SHEETS: list[type[Sheet]] = []

# The sheets in the order WORKBOOK.md lists them (export, template, summaries).
SHEET_ORDER = [
    "plan", "dependencias", "estructura", "indicadores", "metas_anuales", "proyectos", "productos",
    "metas_producto", "reprogramaciones", "vigencias", "fuentes", "asignaciones", "modificaciones",
    "programacion_financiera", "programacion_fisica", "avance_fisico", "ejecucion_financiera", "ejecucion_fuente",
    "distribucion_territorial", "mediciones_resultado",
]


# The order sheets validate and write in: what a sheet refers to comes first (ejecucion_financiera
# before the other monthly sheets, which check against it). Sheets not listed come last.
PROCESS_ORDER = [
    "plan", "dependencias", "estructura", "indicadores", "metas_anuales", "proyectos", "productos",
    "metas_producto", "reprogramaciones", "vigencias", "fuentes", "asignaciones", "modificaciones",
    "programacion_financiera", "programacion_fisica", "ejecucion_financiera", "ejecucion_fuente", "avance_fisico",
    "distribucion_territorial", "mediciones_resultado",
]


# Excel's limit on a sheet's name is 31 characters. A sheet past Excel's rows continues on
# `<name> 2`, `<name> 3`, … (WORKBOOK.md, as MATRICES.md for the matrices): a workbook sheet's name
# leaves room for ` 999` (999 sheets of 1,048,576 rows are a billion rows, far past any limit of
# the import), so no continuation's name is ever cut or renamed.
EXCEL_NAME_LENGTH = 31
MAX_NAME_LENGTH = EXCEL_NAME_LENGTH - len(" 999")
_PART = re.compile(r"^(?P<sheet>.+) (?P<part>[0-9]+)$")


def part_name(sheet: str, part: int) -> str:
    """The name of the `part`-th sheet (from 1) of a workbook sheet: `distribucion_territorial`,
    `distribucion_territorial 2`, …"""
    return sheet if part == 1 else f"{sheet} {part}"


def split_part(name: str, known: Iterable[str]) -> tuple[str, int | None] | None:
    """(sheet, part) of a sheet's name in a workbook: (`x`, 1) for a known sheet `x`, (`x`, n) for
    its continuation `x n` (n ≥ 2, written without leading zeros), (`x`, None) for a name that
    looks like one but is not numbered so (`x 1`, `x 02`); None for any other name."""
    known = set(known)
    if name in known:
        return name, 1
    found = _PART.match(name)
    if found is None or found["sheet"] not in known:
        return None
    digits = found["part"]
    part = int(digits)
    return found["sheet"], part if part >= 2 and str(part) == digits else None


def register(cls):
    """Class decorator: add a sheet (in the order the apps' workbook modules are imported)."""
    if not cls.name or len(cls.name) > MAX_NAME_LENGTH:
        raise ValueError(
            f"Sheet name {cls.name!r}: at most {MAX_NAME_LENGTH} characters, so that its continuation sheets "
            f"(«{cls.name} 2», …) fit Excel's {EXCEL_NAME_LENGTH}."
        )
    _SHEETS[:] = [c for c in _SHEETS if c.name != cls.name]
    _SHEETS.append(cls)
    return cls


def sheets() -> list[Sheet]:
    """Fresh instances of the registered sheets, strategy → projects → budget → monitoring
    (the order in which they validate and write)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workbook")
    ordered = sorted(
        _SHEETS,
        key=lambda c: PROCESS_ORDER.index(c.name) if c.name in PROCESS_ORDER else len(PROCESS_ORDER) + _SHEETS.index(c),
    )
    return [cls() for cls in ordered]


def workbook_sheet_names() -> list[str]:
    """The names of the workbook's sheets (WORKBOOK.md's and any other registered)."""
    return SHEET_ORDER + [c.name for c in _SHEETS if c.name not in SHEET_ORDER]


def sheets_in_spec_order() -> list[Sheet]:
    found = {s.name: s for s in sheets()}
    return [found[name] for name in SHEET_ORDER if name in found] + [
        s for name, s in found.items() if name not in SHEET_ORDER
    ]


def export_scope(key: int | None = None):
    """What an export covers (the development plan whose first year is `key`, or the newest), as
    the sheet that owns the scope says (strategy's "plan" sheet): the base names no app."""
    for sheet in sheets():
        finder = getattr(sheet, "export_scope", None)
        if finder is not None:
            return finder(key)
    return None
