"""Bounds that keep a hostile or broken file from exhausting the machine."""

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# The XML of a .docx is parsed by mammoth's pure-Python DOM (~1 GB and minutes per 100 MB): the
# limit is one read in seconds. Pictures are not parsed and count only towards MAX_UNZIPPED_BYTES.
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 5000
MAX_PDF_PAGES = 2000
# A page's content streams: pages of text take tens of KB; pypdf reads about 1 MB per 2 s.
MAX_PDF_PAGE_CONTENT_BYTES = 512 << 10
CONVERSION_TIMEOUT_SECONDS = 120
# Each reader process (archive.importers.parallel) on POSIX: address space it may map beyond what it
# holds when it starts, and seconds for one file; past either the file fails with a clear message.
READER_MEMORY_BYTES = 1 << 30
READER_SECONDS = 150
