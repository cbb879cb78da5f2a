"""How a product's DNP code relates to its program's and its indicator's (MATRICES.md "DNP codes"):
a product's 7 digits start with its program's 4 when both are set; a product indicator's 9 digits
start with the 7 of every product linked to it that has one. The format of each code is strategy.dnp's."""
from __future__ import annotations

from typing import TYPE_CHECKING

from strategy import dnp as strategy_dnp

if TYPE_CHECKING:
    from strategy.models import Indicator, Program

    from .models import Product

PRODUCT_OUTSIDE_PROGRAM = (
    "el código de producto MGA {product_code} del producto {product} debe empezar por el código de programa "
    "presupuestal {program_code} de su programa {program}"
)
INDICATOR_OUTSIDE_PRODUCT = (
    "el código de indicador MGA {indicator_code} del indicador {indicator} debe empezar por el código de producto "
    "MGA {product_code} del producto {product}"
)


def product_label(code: str, bpin: str | None) -> str:
    return f"{code} del proyecto {bpin}" if bpin else code


def product_outside_program(*, product_code: str, product: str, program_code: str, program: str) -> str | None:
    """The message when a product's code is not within its program's (both set), else None."""
    if product_code and program_code and not product_code.startswith(program_code):
        return PRODUCT_OUTSIDE_PROGRAM.format(
            product_code=product_code, product=product, program_code=program_code, program=program
        )
    return None


def indicator_outside_product(*, indicator_code: str, indicator: str, product_code: str, product: str) -> str | None:
    """The message when an indicator's code is not within a linked product's (both set), else None."""
    if indicator_code and product_code and not indicator_code.startswith(product_code):
        return INDICATOR_OUTSIDE_PRODUCT.format(
            indicator_code=indicator_code, indicator=indicator, product_code=product_code, product=product
        )
    return None


def product_code_errors(product: Product, code: str, *, program: Program | None = None,
                        indicator: Indicator | None = None) -> list[str]:
    """Every DNP rule `code` breaks as `product`'s code (format first), importer-worded."""
    message = strategy_dnp.mga_product_code_error(code)
    if message:
        return [message]
    if not code:
        return []
    program = program or product.project.program
    indicator = indicator or product.indicator
    label = product_label(product.code, product.project.bank_code if product.project_id else None)
    found = [
        product_outside_program(
            product_code=code, product=label, program_code=program.budget_program_code, program=program.code
        ),
        indicator_outside_product(
            indicator_code=indicator.mga_indicator_code, indicator=indicator.code, product_code=code, product=label
        ),
    ]
    return [m for m in found if m]


def _program_check(program: Program, code: str) -> list[str]:
    from .models import Product

    products = Product.objects.filter(project__program=program).exclude(mga_product_code="").select_related("project")
    found = (
        product_outside_program(
            product_code=p.mga_product_code, product=product_label(p.code, p.project.bank_code),
            program_code=code, program=program.code,
        )
        for p in products.order_by("project__bank_code", "code")
    )
    return [m for m in found if m]


def _indicator_check(indicator: Indicator, code: str) -> list[str]:
    from .models import Product

    products = Product.objects.filter(indicator=indicator).exclude(mga_product_code="").select_related("project")
    found = (
        indicator_outside_product(
            indicator_code=code, indicator=indicator.code, product_code=p.mga_product_code,
            product=product_label(p.code, p.project.bank_code),
        )
        for p in products.order_by("project__bank_code", "code")
    )
    return [m for m in found if m]


def register() -> None:
    """Let strategy check a program's or an indicator's new code against the products below it."""
    if _program_check not in strategy_dnp.program_code_checks:
        strategy_dnp.program_code_checks.append(_program_check)
    if _indicator_check not in strategy_dnp.indicator_code_checks:
        strategy_dnp.indicator_code_checks.append(_indicator_check)
