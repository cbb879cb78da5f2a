"""The 16 comunas and 5 corregimientos of Medellín with their official codes, plus code 0 for
investment that cannot be placed in one territory. Copied from the specification's
territories.csv so that a fresh clone needs nothing outside the repository."""

CITY_CODE = 0

TERRITORIES: list[tuple[int, str, str, str]] = [
    (0, "Ciudad (sin georreferenciar)", "city", ""),
    (1, "Popular", "comuna", "Nororiental"),
    (2, "Santa Cruz", "comuna", "Nororiental"),
    (3, "Manrique", "comuna", "Nororiental"),
    (4, "Aranjuez", "comuna", "Nororiental"),
    (5, "Castilla", "comuna", "Noroccidental"),
    (6, "Doce de Octubre", "comuna", "Noroccidental"),
    (7, "Robledo", "comuna", "Noroccidental"),
    (8, "Villa Hermosa", "comuna", "Centro Oriental"),
    (9, "Buenos Aires", "comuna", "Centro Oriental"),
    (10, "La Candelaria", "comuna", "Centro Oriental"),
    (11, "Laureles-Estadio", "comuna", "Centro Occidental"),
    (12, "La América", "comuna", "Centro Occidental"),
    (13, "San Javier", "comuna", "Centro Occidental"),
    (14, "El Poblado", "comuna", "Sur Oriental"),
    (15, "Guayabal", "comuna", "Sur Occidental"),
    (16, "Belén", "comuna", "Sur Occidental"),
    (50, "San Sebastián de Palmitas", "corregimiento", "Rural"),
    (60, "San Cristóbal", "corregimiento", "Rural"),
    (70, "Altavista", "corregimiento", "Rural"),
    (80, "San Antonio de Prado", "corregimiento", "Rural"),
    (90, "Santa Elena", "corregimiento", "Rural"),
]
