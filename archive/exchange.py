"""Exchange packages: cases handed between units as one zip a person can also read.

`write_package` packs cases (Markdown body, metadata, attachments, originals) with a manifest of
checksums; `open_package` checks everything in a package — paths, sizes, compression ratios,
manifest, format version, checksums — before handing out its first case, then hands out the cases
as plain records (`IncomingCase`), reading each case's files again as it goes. This module knows
nothing of the archive it reads from or writes to: `archive.merging` merges what it hands out.
The format is in docs/exchange-format.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archive.errors import ArchiveError
from archive.model import (
    MAX_BODY_CHARS,
    MAX_TAGS_PER_CASE,
    Attachment,
    BriefingItem,
    BriefingRecord,
    Case,
    CaseDraft,
    NewFile,
)
from archive.paths import safe_file_name, unique_file_names
from archive.progress import Progress

log = logging.getLogger(__name__)

FORMAT = "casearchive-exchange"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
README = "README.txt"

_CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")
_BRIEFING_ID = re.compile(r"[0-9a-f]{32}")
_DRIVE = re.compile(r"[A-Za-z]:")
_MAX_TAG_LENGTH = 40
_EARLIEST_YEAR = 1970


class PackageError(ArchiveError):
    """An exchange package cannot be written or is refused; nothing was written to the archive."""


@dataclass(frozen=True)
class PackageLimits:
    """Bounds that keep a hostile package (a zip bomb, a flood of entries) from the machine."""

    max_total_bytes: int = 8 << 30
    max_member_bytes: int = 1 << 30
    max_members: int = 200_000
    max_ratio: int = 200
    # Small members may compress extremely well (a page of spaces); only large ones can bomb.
    ratio_applies_from: int = 1 << 20
    max_text_bytes: int = 64 << 20


DEFAULT_LIMITS = PackageLimits()


@dataclass
class PackSummary:
    path: Path
    cases: list[dict] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    briefings: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"path": str(self.path), "cases": self.cases, "briefings": self.briefings,
                "files": self.files, "bytes": self.bytes}


@dataclass
class UnpackSummary:
    package: Path
    exporting_unit: str = ""
    exported_at: dt.datetime | None = None
    added: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    briefings_added: list[dict] = field(default_factory=list)
    briefings_skipped: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        shape = {"added": self.added, "updated": self.updated, "skipped": self.skipped}
        if self.briefings_added or self.briefings_skipped:
            shape["briefings"] = {"added": self.briefings_added, "skipped": self.briefings_skipped}
        return shape


# -- writing ---------------------------------------------------------------------------------------

def write_package(cases: Sequence[Case], file_path: Callable[[Attachment], Path], out: Path, *,
                  exporting_unit: str = "", progress: Progress | None = None,
                  briefings: Sequence[tuple[BriefingRecord, Path]] = ()) -> PackSummary:
    """Pack the cases into the zip `out`, written atomically (a temporary file, then a rename);
    `file_path` says where an attachment's bytes are. `briefings`: kept briefing records to carry
    along, each with the path of its kept file."""
    if not cases:
        raise PackageError("没有指定要打包的案例。")
    out = Path(out)
    exported_at = dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in out.parent.glob(f".{glob.escape(out.name)}.*.partial"):
            leftover.unlink(missing_ok=True)  # from a pack of the same name that was killed
        handle, temp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    except OSError as error:
        raise PackageError(f"无法写入交流包 {out}：{error.strerror or error}") from error
    temp = Path(temp_name)
    summary = PackSummary(out)
    try:
        with os.fdopen(handle, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                writer = _MemberWriter(archive, exported_at)
                for done, case in enumerate(cases, 1):
                    _write_case(file_path, writer, case)
                    summary.cases.append({"id": case.id, "title": case.title})
                    if progress:
                        progress(done, len(cases), case.title)
                for record, kept in briefings:
                    _write_briefing(writer, record, kept)
                    summary.briefings.append({"id": record.id, "title": record.title})
                writer.text(README, _readme(cases, exporting_unit, exported_at, len(briefings)))
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "exported_at": exported_at.isoformat(),
                    "exporting_unit": exporting_unit.strip(),
                    "app_version": _app_version(),
                    "cases": [{"id": c.id, "title": c.title, "path": f"cases/{c.id}",
                               "updated_at": _iso(c.updated_at)} for c in cases],
                    "files": writer.files,
                }
                if briefings:
                    manifest["briefings"] = [{"id": r.id, "title": r.title, "path": _briefing_member(r)}
                                             for r, _ in briefings]
                # Written last: it lists the checksums of everything before it.
                writer.text(MANIFEST, _json_text(manifest), listed=False)
            raw.flush()
            os.fsync(raw.fileno())
        summary.files = len(writer.files)
        summary.bytes = sum(entry["size"] for entry in writer.files.values())
        os.replace(temp, out)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise PackageError(f"无法写入交流包 {out}：{error.strerror or error}") from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    log.info("packed %d cases into %s", len(cases), out)
    return summary


class _MemberWriter:
    """Writes zip members and remembers each one's checksum and size for the manifest."""

    def __init__(self, archive: zipfile.ZipFile, moment: dt.datetime) -> None:
        self._archive = archive
        self._date_time = moment.timetuple()[:6]
        self.files: dict[str, dict] = {}

    def text(self, name: str, text: str, *, listed: bool = True) -> None:
        data = text.encode("utf-8")
        self._archive.writestr(self._info(name, len(data)), data)
        if listed:
            self.files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def copy(self, name: str, source: Path, expected: Attachment, what: str) -> None:
        """Stream a stored file into the package, checking it is still the file the case names."""
        digest = hashlib.sha256()
        size = 0
        try:
            with source.open("rb") as handle, \
                    self._archive.open(self._info(name, expected.size), "w") as sink:
                for chunk in iter(lambda: handle.read(_CHUNK), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    sink.write(chunk)
        except FileNotFoundError:
            raise PackageError(f"{what}的文件缺失，无法打包。请先运行「casearchive check」。") from None
        if digest.hexdigest() != expected.sha256 or size != expected.size:
            raise PackageError(f"{what}的文件已损坏（校验值不符），无法打包。请先运行「casearchive check」。")
        self.files[name] = {"sha256": expected.sha256, "size": size}

    def _info(self, name: str, size: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        info.file_size = size  # known in advance, so zipfile picks ZIP64 for large files by itself
        return info


def _write_case(file_path: Callable[[Attachment], Path], writer: _MemberWriter, case: Case) -> None:
    folder = f"cases/{case.id}"
    files: dict[str, dict | None] = {"original": None}
    # Portable, unique member paths; the real names are in case.json.
    paths = [f"attachments/{name}" for name in unique_file_names([a.name for a in case.attachments])]
    attachments = []
    for attachment, path in zip(case.attachments, paths, strict=True):
        writer.copy(f"{folder}/{path}", file_path(attachment), attachment,
                    f"案例「{case.title}」的附件「{attachment.name}」")
        attachments.append(_file_entry(attachment, path))
    if case.original:
        path = f"original/{safe_file_name(case.original.name)}"
        writer.copy(f"{folder}/{path}", file_path(case.original), case.original,
                    f"案例「{case.title}」的原始文件「{case.original.name}」")
        files["original"] = _file_entry(case.original, path)
    metadata = {
        "id": case.id, "title": case.title, "unit": case.unit, "source": case.source,
        "author": case.author, "date": case.date.isoformat() if case.date else None,
        "tags": list(case.tags), "created_at": _iso(case.created_at),
        "updated_at": _iso(case.updated_at), "provenance": case.provenance,
        "body": "case.md", "attachments": attachments, "original": files["original"],
    }
    writer.text(f"{folder}/case.md", _case_markdown(case))
    writer.text(f"{folder}/case.json", _json_text(metadata))


def _briefing_member(record: BriefingRecord) -> str:
    return f"briefings/{record.id}.json"


def _write_briefing(writer: _MemberWriter, record: BriefingRecord, kept: Path) -> None:
    """A kept briefing: its record, and its file once per content (`briefings/files/<sha256>`)."""
    member = f"briefings/files/{record.sha256}"
    if member not in writer.files:
        writer.copy(member, kept, Attachment(record.file_name, record.sha256, record.size),
                    f"简报记录「{record.title}」（{record.id[:8]}）的文件「{record.file_name}」")
    shape = {key: value for key, value in record.to_json().items() if key not in ("deleted", "deleted_at")}
    writer.text(_briefing_member(record), _json_text({**shape, "file": member}))


def _file_entry(attachment: Attachment, path: str) -> dict:
    return {"name": attachment.name, "path": path, "sha256": attachment.sha256,
            "size": attachment.size, "mime": attachment.mime}


def _case_markdown(case: Case) -> str:
    lines = ["---", f"编号：{case.id}", f"标题：{case.title}"]
    for label, value in (("单位", case.unit), ("来源", case.source), ("作者", case.author),
                         ("日期", case.date.isoformat() if case.date else ""),
                         ("标签", "、".join(case.tags)),
                         ("附件", "、".join(a.name for a in case.attachments)),
                         ("原始文件", case.original.name if case.original else "")):
        if value:
            # One line per field: a line break in a value would end the information block early.
            lines.append(f"{label}：{' '.join(value.split())}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + case.body


def _readme(cases: Sequence[Case], unit: str, moment: dt.datetime, briefings: int) -> str:
    lines = ["典型案例库交流包", "", f"导出单位：{unit.strip() or '（未填写）'}",
             f"导出时间：{moment:%Y-%m-%d %H:%M}", f"案例数：{len(cases)}", "",
             "每个案例在 cases/<编号>/ 文件夹里：",
             "  case.md       正文（Markdown，可用记事本打开），开头几行是案例信息",
             "  case.json     案例信息，供程序读取",
             "  attachments/  附件",
             "  original/     导入时的原始文件",
             *([f"briefings/     用到这些案例的 {briefings} 份简报、汇编的记录及其 Word 文件"]
               if briefings else []),
             "manifest.json 记录格式版本和每个文件的校验值（SHA-256）。",
             "包内文件被改动后，案例库会拒绝导入整个包。", "", "案例："]
    for number, case in enumerate(cases, 1):
        meta = "，".join(v for v in (case.unit, case.date.isoformat() if case.date else "") if v)
        lines.append(f"{number}. {case.title}" + (f"（{meta}）" if meta else "") + f"  cases/{case.id}/")
    return "\n".join(lines) + "\n"


# -- reading ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PackedFile:
    name: str
    member: str
    sha256: str
    size: int
    mime: str


@dataclass(frozen=True)
class _PackedCase:
    id: str
    title: str
    body_member: str
    body_sha256: str
    draft_fields: dict
    created_at: dt.datetime | None
    updated_at: dt.datetime
    attachments: tuple[_PackedFile, ...]
    original: _PackedFile | None


@dataclass(frozen=True)
class IncomingCase:
    """One case of a checked package, as an archive merges it."""

    id: str
    draft: CaseDraft
    created_at: dt.datetime | None
    updated_at: dt.datetime
    attachments: tuple[NewFile, ...]
    original: NewFile | None


@dataclass(frozen=True)
class _PackedBriefing:
    record: BriefingRecord
    file_member: str


@dataclass(frozen=True)
class IncomingBriefing:
    """One kept briefing of a checked package: its record and its Word file, streamed when stored."""

    record: BriefingRecord
    file: NewFile


class OpenedPackage:
    """A package that passed every check; `cases()` hands out its cases one at a time, then
    `briefings()` its kept briefings."""

    def __init__(self, package: Path, archive: zipfile.ZipFile, manifest: dict,
                 cases: list[_PackedCase], refuse: _Refusal, progress: Progress | None) -> None:
        self.package = package
        self.exporting_unit: str = manifest["exporting_unit"]
        self.exported_at: dt.datetime = manifest["exported_at"]
        self._briefings: list[_PackedBriefing] = manifest["briefings"]
        self._archive, self._cases, self._refuse, self._progress = archive, cases, refuse, progress

    @property
    def provenance(self) -> str:
        """Where merged cases came from, as the archive records it."""
        moment = f"{self.exported_at.astimezone():%Y-%m-%d %H:%M} 导出"
        details = f"{self.exporting_unit}，{moment}" if self.exporting_unit else moment
        return f"交流包 {self.package.name}（{details}）"

    def cases(self) -> Iterator[IncomingCase]:
        """The cases in package order; progress is reported once the caller is done with each."""
        for done, packed in enumerate(self._cases, 1):
            yield self._incoming(packed)
            if self._progress:
                self._progress(done, len(self._cases), packed.title)

    def briefings(self) -> Iterator[IncomingBriefing]:
        archive, refuse = self._archive, self._refuse
        for packed in self._briefings:
            record, member = packed.record, packed.file_member
            yield IncomingBriefing(record, NewFile(
                record.file_name, stream_size=archive.getinfo(member).file_size, stream_sha256=record.sha256,
                stream=lambda m=member, h=record.sha256: _verified_chunks(archive, m, h, refuse)))

    def _incoming(self, packed: _PackedCase) -> IncomingCase:
        archive, refuse = self._archive, self._refuse
        text = b"".join(_verified_chunks(archive, packed.body_member, packed.body_sha256,
                                         refuse)).decode("utf-8")
        return IncomingCase(
            id=packed.id, draft=CaseDraft(body=_body_of(text), **packed.draft_fields),
            created_at=packed.created_at, updated_at=packed.updated_at,
            attachments=tuple(_new_file(archive, f, refuse) for f in packed.attachments),
            original=_new_file(archive, packed.original, refuse) if packed.original else None)


@contextlib.contextmanager
def open_package(package: Path, *, progress: Progress | None = None,
                 limits: PackageLimits = DEFAULT_LIMITS) -> Iterator[OpenedPackage]:
    """Check all of a package (PackageError, naming it and the reason, if it is refused)."""
    package = Path(package)
    refuse = _Refusal(package)
    try:
        if not stat.S_ISREG(package.stat().st_mode):  # a FIFO would block the read forever
            raise refuse("不是普通文件（可能是管道或设备）")
        archive = zipfile.ZipFile(package)
    except FileNotFoundError:
        raise refuse("文件不存在") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as error:
        raise refuse(f"不是有效的 zip 文件（{error}）") from None
    except OSError as error:
        raise refuse(f"无法读取（{error.strerror or error}）") from None
    with archive:
        manifest, cases = _validate(archive, refuse, limits, progress)
        yield OpenedPackage(package, archive, manifest, cases, refuse, progress)


class _Refusal:
    """Builds the error for a refused package: its name and the reason, in one sentence."""

    def __init__(self, package: Path) -> None:
        self.package = package

    def __call__(self, reason: str) -> PackageError:
        return PackageError(f"交流包「{self.package.name}」被拒绝：{reason}。案例库没有任何改动。")


def _validate(archive: zipfile.ZipFile, refuse: _Refusal, limits: PackageLimits,
              progress: Progress | None) -> tuple[dict, list[_PackedCase]]:
    members = _check_members(archive, refuse, limits)
    if MANIFEST not in members:
        raise refuse(f"缺少清单文件 {MANIFEST}，这不是案例库导出的交流包")
    manifest = _parse_manifest(_read_json(archive, members[MANIFEST], refuse, limits), refuse)
    listed = manifest["files"]
    unlisted = sorted(set(members) - set(listed) - {MANIFEST})
    if unlisted:
        raise refuse(f"包内文件「{unlisted[0]}」不在清单中")
    for name, entry in listed.items():
        info = members.get(name)
        if info is None:
            raise refuse(f"清单中的文件「{name}」不在包内")
        if info.file_size != entry["size"]:
            raise refuse(f"文件「{name}」的大小与清单不符")
    for done, name in enumerate(listed, 1):
        if _hash_member(archive, members[name], refuse) != listed[name]["sha256"]:
            raise refuse(f"文件「{name}」的校验值与清单不符（文件已损坏或被改动）")
        if progress:
            progress(done, len(listed), "校验交流包")
    cases = [_parse_case(archive, entry, members, listed, refuse, limits) for entry in manifest["cases"]]
    manifest["briefings"] = [_parse_briefing(archive, entry, members, listed, refuse, limits)
                             for entry in manifest["briefings"]]
    return manifest, cases


def _check_members(archive: zipfile.ZipFile, refuse: _Refusal,
                   limits: PackageLimits) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise refuse(f"包内文件过多（{len(infos)} 个，最多 {limits.max_members} 个）")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        problem = _path_problem(info.filename)
        if problem:
            raise refuse(f"包内路径「{info.filename}」{problem}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refuse(f"包内「{info.filename}」是链接")
        if info.flag_bits & 0x1:
            raise refuse(f"包内「{info.filename}」已加密")
        if info.filename in members or info.filename.rstrip("/") in members:
            raise refuse(f"包内「{info.filename}」重复出现")
        if info.is_dir():
            continue
        if info.file_size > limits.max_member_bytes:
            raise refuse(f"包内「{info.filename}」过大（{_megabytes(info.file_size)}）")
        if info.file_size >= limits.ratio_applies_from and \
                info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise refuse(f"包内「{info.filename}」压缩比异常（疑似压缩炸弹）")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise refuse(f"解压后总大小超过上限 {_megabytes(limits.max_total_bytes)}（疑似压缩炸弹）")
        members[info.filename] = info
    return members


def _path_problem(name: str) -> str | None:
    """Why a member path may not be used, or None: it must stay inside the package."""
    if not name or "\x00" in name:
        return "为空或含非法字符"
    if "\\" in name:
        return "含反斜杠（可能越出目标文件夹）"
    if name.startswith("/"):
        return "是绝对路径"
    if _DRIVE.match(name):
        return "含盘符"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "含“..”，会越出目标文件夹"
    if any(part in ("", ".") for part in parts):
        return "不规范"
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse: _Refusal) -> Iterator[bytes]:
    # zipfile stops at the declared size and checks the CRC at the end: a lying header fails here.
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, NotImplementedError, RuntimeError) as error:
        raise refuse(f"文件「{info.filename}」无法解压（{error}）") from None
    except OSError as error:
        raise refuse(f"读取「{info.filename}」失败（{error.strerror or error}）") from None


def _hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse: _Refusal) -> str:
    digest = hashlib.sha256()
    for chunk in _read_member(archive, info, refuse):
        digest.update(chunk)
    return digest.hexdigest()


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse: _Refusal,
                limits: PackageLimits) -> bytes:
    if info.file_size > limits.max_text_bytes:
        raise refuse(f"文件「{info.filename}」过大（{_megabytes(info.file_size)}）")
    return b"".join(_read_member(archive, info, refuse))


def _read_json(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse: _Refusal,
               limits: PackageLimits) -> dict:
    try:
        value = json.loads(_read_small(archive, info, refuse, limits).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise refuse(f"「{info.filename}」不是有效的 JSON（{error}）") from None
    if not isinstance(value, dict):
        raise refuse(f"「{info.filename}」的内容不是一个对象")
    try:  # JSON escapes can spell lone surrogates, which no file or database can store
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise refuse(f"「{info.filename}」中有无效的字符（孤立的代理码位）") from None
    return value


def _parse_manifest(value: dict, refuse: _Refusal) -> dict:
    if value.get("format") != FORMAT:
        raise refuse(f"{MANIFEST} 不是案例库交流包的清单（format 应为 {FORMAT}）")
    version = value.get("format_version")
    if type(version) is not int or version < 1:
        raise refuse(f"{MANIFEST} 中的格式版本「{version}」无效")
    if version > FORMAT_VERSION:
        raise refuse(f"它由更新版本的程序导出（格式版本 {version}，本程序支持到 {FORMAT_VERSION}），"
                     "请升级本程序后再导入")
    schema = _Schema(MANIFEST, refuse)
    files = schema.field(value, "files", dict)
    for name, entry in files.items():
        problem = _path_problem(name)
        if problem or name == MANIFEST:
            raise refuse(f"{MANIFEST} 中的路径「{name}」{problem or '不能列出清单自身'}")
        schema.checksum(entry, name)
    cases = schema.field(value, "cases", list)
    ids = set()
    for entry in cases:
        if not isinstance(entry, dict):
            raise refuse(f"{MANIFEST} 的 cases 中有一项不是对象")
        case_id = schema.case_id(entry.get("id"))
        if case_id in ids:
            raise refuse(f"{MANIFEST} 中案例 {case_id} 出现了两次")
        ids.add(case_id)
        schema.field(entry, "path", str)
    briefings = schema.field(value, "briefings", list, optional=True) or []
    if not all(isinstance(entry, dict) and isinstance(entry.get("path"), str) for entry in briefings):
        raise refuse(f"{MANIFEST} 的 briefings 中有一项不是带 path 的对象")
    return {"files": files, "cases": cases, "briefings": briefings,
            "exporting_unit": schema.field(value, "exporting_unit", str, optional=True) or "",
            "exported_at": schema.moment(value.get("exported_at"), "exported_at")}


class _Schema:
    """Field checks for one JSON document; each failure names the document and the field."""

    def __init__(self, document: str, refuse: _Refusal) -> None:
        self.document, self.refuse = document, refuse

    def field(self, value: dict, key: str, kind: type, *, optional: bool = False):
        item = value.get(key)
        if item is None and optional:
            return None
        if not isinstance(item, kind) or isinstance(item, bool):
            raise self.refuse(f"{self.document} 缺少字段 {key} 或类型不对")
        return item

    def checksum(self, entry: object, name: str) -> None:
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) \
                or not _SHA256.fullmatch(entry["sha256"]) or type(entry.get("size")) is not int \
                or entry["size"] < 0:
            raise self.refuse(f"{self.document} 中「{name}」的校验值或大小无效")

    def case_id(self, value: object) -> str:
        try:
            if isinstance(value, str) and str(uuid.UUID(value)) == value:
                return value
        except ValueError:
            pass
        raise self.refuse(f"{self.document} 中的案例编号「{value}」无效")

    def moment(self, value: object, key: str) -> dt.datetime:
        try:
            moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        # Within years the archive can count from and add to (year 1 or 9999 overflows).
        if moment is None or not _EARLIEST_YEAR <= moment.year <= dt.date.today().year + 1:
            raise self.refuse(f"{self.document} 中的 {key}「{value}」不是有效的时间")
        # A time without zone is taken as local time, so it compares with the archive's times.
        return moment if moment.tzinfo else moment.astimezone()

    def date(self, value: object) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    def text(self, value: dict, key: str) -> str:
        return self.field(value, key, str, optional=True) or ""


def _parse_case(archive: zipfile.ZipFile, entry: dict, members: dict[str, zipfile.ZipInfo],
                listed: dict, refuse: _Refusal, limits: PackageLimits) -> _PackedCase:
    folder = entry["path"].rstrip("/")
    document = f"{folder}/case.json"
    if document not in listed:
        raise refuse(f"案例 {entry['id']} 缺少 {document}")
    schema = _Schema(document, refuse)
    meta = _read_json(archive, members[document], refuse, limits)
    if schema.case_id(meta.get("id")) != entry["id"]:
        raise refuse(f"{document} 中的编号与清单不符")
    title = " ".join(schema.field(meta, "title", str).split())
    if not title:
        raise refuse(f"{document} 中的标题为空")
    date = schema.date(meta.get("date"))
    if meta.get("date") is not None and date is None:
        raise refuse(f"{document} 中的日期「{meta.get('date')}」无效")
    tags = schema.field(meta, "tags", list)
    if not all(isinstance(t, str) and len(t.strip()) <= _MAX_TAG_LENGTH for t in tags):
        raise refuse(f"{document} 中的标签无效（应为不超过 {_MAX_TAG_LENGTH} 个字的文字）")
    body_member = _inside(folder, schema.field(meta, "body", str), listed, schema)
    body = _read_small(archive, members[body_member], refuse, limits)
    try:
        text = _body_of(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise refuse(f"「{body_member}」不是本程序写出的案例正文（{error}）") from None
    if len(text) > MAX_BODY_CHARS:
        raise refuse(f"「{body_member}」的正文过长（{len(text):,} 字，最多 {MAX_BODY_CHARS:,} 字）")
    if len(tags) > MAX_TAGS_PER_CASE:
        raise refuse(f"{document} 中的标签过多（{len(tags)} 个，最多 {MAX_TAGS_PER_CASE} 个）")
    attachments = schema.field(meta, "attachments", list)
    packed = [_packed_file(folder, item, listed, schema) for item in attachments]
    if len({f.name for f in packed}) != len(packed):
        raise refuse(f"{document} 中有重名的附件")
    original = meta.get("original")
    created = meta.get("created_at")
    return _PackedCase(
        id=entry["id"], title=title, body_member=body_member,
        body_sha256=listed[body_member]["sha256"],
        draft_fields={"title": title, "unit": schema.text(meta, "unit"),
                      "source": schema.text(meta, "source"), "author": schema.text(meta, "author"),
                      "date": date, "tags": tuple(tags)},
        created_at=schema.moment(created, "created_at") if created is not None else None,
        updated_at=schema.moment(meta.get("updated_at"), "updated_at"),
        attachments=tuple(packed),
        original=_packed_file(folder, original, listed, schema) if original is not None else None)


def _parse_briefing(archive: zipfile.ZipFile, entry: dict, members: dict[str, zipfile.ZipInfo],
                    listed: dict, refuse: _Refusal, limits: PackageLimits) -> _PackedBriefing:
    """A kept briefing's record, every field checked, and the member holding its file."""
    document = entry["path"]
    if document not in listed:
        raise refuse(f"清单中的简报记录「{document}」不在包内")
    schema = _Schema(document, refuse)
    meta = _read_json(archive, members[document], refuse, limits)
    record_id = schema.field(meta, "id", str)
    if not _BRIEFING_ID.fullmatch(record_id):
        raise refuse(f"{document} 中的记录编号「{record_id}」无效")
    file_member = schema.field(meta, "file", str)
    sha256, size = schema.field(meta, "sha256", str), schema.field(meta, "size", int)
    if listed.get(file_member) != {"sha256": sha256, "size": size}:
        raise refuse(f"{document} 引用的文件「{file_member}」不在包内或校验值不符")
    issue = meta.get("issue")
    if issue is not None and (type(issue) is not int or issue < 1):
        raise refuse(f"{document} 中的期号「{issue}」无效")
    issue_date = schema.date(meta.get("issue_date"))
    if issue_date is None:
        raise refuse(f"{document} 中的日期「{meta.get('issue_date')}」无效")
    items = tuple(_briefing_item(item, schema) for item in schema.field(meta, "items", list))
    return _PackedBriefing(BriefingRecord(
        id=record_id, created_at=schema.moment(meta.get("created_at"), "created_at"),
        layout=schema.field(meta, "layout", str), title=schema.field(meta, "title", str),
        series=schema.text(meta, "series"), issue=issue, issue_date=issue_date,
        options=schema.field(meta, "options", dict), items=items,
        file_name=safe_file_name(schema.field(meta, "file_name", str), "简报.docx"),
        sha256=sha256, size=size), file_member)


def _briefing_item(item: object, schema: _Schema) -> BriefingItem:
    if not isinstance(item, dict):
        raise schema.refuse(f"{schema.document} 的 items 中有一项不是对象")
    schema.case_id(item.get("case_id"))
    revision, blocks = item.get("revision"), item.get("blocks")
    texts = [item.get(key, "") for key in ("title", "text", "source")]
    excerpt = blocks is not None
    if type(revision) is not int or revision < 1 or not all(isinstance(t, str) for t in texts) or (
            excerpt and not (isinstance(blocks, list) and len(blocks) == 2
                             and all(type(n) is int for n in blocks) and 1 <= blocks[0] <= blocks[1])):
        raise schema.refuse(f"{schema.document} 中有一项的版本、段落范围或文字无效")
    return BriefingItem.from_json(item)


def _inside(folder: str, relative: str, listed: dict, schema: _Schema) -> str:
    member = f"{folder}/{relative}"
    if _path_problem(relative) or member not in listed:
        raise schema.refuse(f"{schema.document} 引用的文件「{relative}」不在包内")
    return member


def _packed_file(folder: str, item: object, listed: dict, schema: _Schema) -> _PackedFile:
    if not isinstance(item, dict):
        raise schema.refuse(f"{schema.document} 中的文件项不是对象")
    name = schema.field(item, "name", str).strip()
    member = _inside(folder, schema.field(item, "path", str), listed, schema)
    declared = (item.get("sha256"), item.get("size"))
    if not name or declared != (listed[member]["sha256"], listed[member]["size"]):
        raise schema.refuse(f"{schema.document} 中文件「{name}」的名称、校验值或大小与清单不符")
    mime = schema.text(item, "mime") or "application/octet-stream"
    return _PackedFile(name, member, listed[member]["sha256"], listed[member]["size"], mime)


def _body_of(text: str) -> str:
    """The Markdown body of case.md: what follows the information block between two `---` lines."""
    if not text.startswith("---\n"):
        raise ValueError("开头没有信息块")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("信息块没有结束")
    body = text[end + len("\n---\n"):]
    return body[1:] if body.startswith("\n") else body


def _verified_chunks(archive: zipfile.ZipFile, member: str, sha256: str,
                     refuse: _Refusal) -> Iterator[bytes]:
    """The member's bytes, read again for the write (the package may sit on a USB stick that
    changed since the check): the last chunk is followed by an error if they differ now."""
    digest = hashlib.sha256()
    for chunk in _read_member(archive, archive.getinfo(member), refuse):
        digest.update(chunk)
        yield chunk
    if digest.hexdigest() != sha256:
        raise PackageError(f"交流包「{refuse.package.name}」在导入过程中被改动（{member}），已停止导入；"
                           "已并入的案例保留，重新导入同一个包会跳过它们。")


def _new_file(archive: zipfile.ZipFile, packed: _PackedFile, refuse: _Refusal) -> NewFile:
    """A file streamed into the archive when it is stored: a case's attachments are never all in
    memory at once (600 members of just under 1 MiB inflate from a small zip)."""
    return NewFile(packed.name, mime=packed.mime, stream_size=packed.size, stream_sha256=packed.sha256,
                   stream=lambda: _verified_chunks(archive, packed.member, packed.sha256, refuse))


# -- helpers ---------------------------------------------------------------------------------------

def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB"


def _app_version() -> str:
    import importlib.metadata  # half a second at import: only packing needs it

    try:
        return importlib.metadata.version("casearchive")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
