"""Font layer shared by composer and drawer: face keys → metrics, fallbacks, TrueType files."""
from .library import (PLACEHOLDER, ROLE_FACES, SHIPPED_FILES, FontLibrary, FontWarning,
                      default_library, fonts_dir)
from .metrics import FaceMetrics, cache_dir

__all__ = ["PLACEHOLDER", "ROLE_FACES", "SHIPPED_FILES", "FontLibrary", "FontWarning",
           "FaceMetrics", "cache_dir", "default_library", "fonts_dir"]
