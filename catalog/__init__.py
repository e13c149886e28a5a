"""The catalog (事项库): service items, materials, situations and halls."""

from .loader import (
    SHIPPED_CATALOG,
    Catalog,
    CatalogError,
    LoadReport,
    ensure_catalog,
    load_catalog,
    read_catalog_file,
    read_loaded_catalog,
)
from .schema import CatalogFile, Hall, Item, Material, Situation

__all__ = [
    "SHIPPED_CATALOG", "Catalog", "CatalogError", "CatalogFile", "Hall", "Item", "LoadReport",
    "Material", "Situation", "ensure_catalog", "load_catalog", "read_catalog_file", "read_loaded_catalog",
]
