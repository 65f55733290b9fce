"""Word files: .docx through mammoth; .doc and .wps converted to .docx by LibreOffice first."""

from __future__ import annotations

import io
import logging
import mimetypes
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import mammoth

from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.textual import TextualContent, from_lines, html_to_markdown
from archive.model import NewFile

log = logging.getLogger(__name__)


def read_docx(path: Path, data: bytes) -> TextualContent:
    _check_zip(path, data)
    pictures: list[NewFile] = []

    def keep_picture(image) -> dict[str, str]:
        extension = mimetypes.guess_extension(image.content_type or "") or ".bin"
        name = f"图{len(pictures) + 1}{extension}"
        with image.open() as stream:
            pictures.append(NewFile(name, stream.read(), image.content_type or ""))
        return {"src": f"attachment:{name}", "alt": image.alt_text or name}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(keep_picture),
            external_file_access=False)
    except Exception as error:  # mammoth raises whatever its XML and zip readers raise.
        raise ImportFailure(f"「{path.name}」不是有效的 Word 文档或已损坏：{error}") from error
    return from_lines(html_to_markdown(result.value).splitlines(), fallback_title=path.stem,
                      markdown=True, attachments=pictures)


def read_legacy(path: Path, data: bytes) -> TextualContent:
    """.doc / .wps: LibreOffice converts them to .docx, which is then read as above."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ImportFailure(f"「{path.name}」是旧版 Word/WPS 文档，需要 LibreOffice 才能导入，"
                            "但本机未安装。请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再导入。")
    with tempfile.TemporaryDirectory(prefix="casearchive-convert-") as work:
        source = Path(work) / f"input{path.suffix.lower()}"
        source.write_bytes(data)
        profile = Path(work, "profile").as_uri()
        try:
            subprocess.run(
                [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                 "--outdir", work, str(source)],
                capture_output=True, timeout=limits.CONVERSION_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ImportFailure(f"「{path.name}」转换超时，文件可能已损坏") from None
        converted = source.with_suffix(".docx")
        if not converted.is_file():
            raise ImportFailure(f"「{path.name}」无法转换，文件可能已损坏或不是 Word/WPS 文档")
        return read_docx(path, converted.read_bytes())


def _check_zip(path: Path, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFailure(f"「{path.name}」不是有效的 Word 文档（文件已损坏或被截断）") from None
    with archive:
        total = sum(member.file_size for member in archive.infolist())
        if total > limits.MAX_UNZIPPED_BYTES or total > limits.MAX_COMPRESSION_RATIO * max(len(data), 1):
            raise ImportFailure(
                f"「{path.name}」解压后过大（{total // 1024 // 1024} MB），疑似压缩炸弹，已拒绝")
        if "word/document.xml" not in archive.namelist():
            raise ImportFailure(f"「{path.name}」不是 Word 文档（缺少正文部分）")

