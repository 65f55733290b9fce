"""Bounds that keep a hostile or broken file from exhausting the machine."""

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_PDF_PAGES = 2000
CONVERSION_TIMEOUT_SECONDS = 120
