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
from .versions import (
    ChangedMeanwhile,
    NothingChanged,
    VersionError,
    VersionNotFound,
    changes_between,
    content_of,
    in_force_number,
    list_versions,
    publish,
    publish_item,
    roll_back,
    version_of,
    with_item,
)

__all__ = [
    "SHIPPED_CATALOG", "Catalog", "CatalogError", "CatalogFile", "ChangedMeanwhile", "Hall", "Item", "LoadReport",
    "Material", "NothingChanged", "Situation", "VersionError", "VersionNotFound", "changes_between", "content_of",
    "ensure_catalog", "in_force_number", "list_versions", "load_catalog", "publish", "publish_item",
    "read_catalog_file", "read_loaded_catalog", "roll_back", "version_of", "with_item",
]
