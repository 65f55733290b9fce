"""Older Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice when it is installed."""

from __future__ import annotations

from pathlib import Path

from archive import office, partfiles
from archive.errors import ImportFailure
from archive.importers import limits


def convert_to_docx(name: str, data: bytes) -> bytes:
    """The .docx LibreOffice makes of `data`; ImportFailure when it is missing or gives up."""
    program = office.find_office()
    if program is None:
        raise ImportFailure(f"「{name}」是旧版 Word/WPS 文档，需要 LibreOffice 才能导入，但本机未安装。"
                            "请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再导入。")
    with partfiles.working_folder("convert") as work:  # a killed reader's is removed later
        # A fixed ASCII name: LibreOffice mishandles some characters in paths on some platforms.
        source = Path(work, "input" + Path(name).suffix.lower())
        source.write_bytes(data)
        try:
            office.convert(program, source, "docx", Path(work), Path(work, "profile"),
                           limits.CONVERSION_TIMEOUT_SECONDS)
        except office.OfficeTimeout:
            raise ImportFailure(f"「{name}」转换超时（超过 {limits.CONVERSION_TIMEOUT_SECONDS} 秒），"
                                "文件可能已损坏") from None
        converted = source.with_suffix(".docx")
        if not converted.is_file():
            raise ImportFailure(f"「{name}」已损坏或不是 Word/WPS 文档：LibreOffice 无法转换")
        return converted.read_bytes()
