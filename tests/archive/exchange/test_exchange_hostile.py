"""Hostile and broken packages are refused before anything is written, with the reason named."""

from __future__ import annotations

import json
import stat
import warnings
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import forge, snapshot

from archive import exchange


def member(name: str, *, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def case_member(package: Path, suffix: str, index: int = 0) -> str:
    with zipfile.ZipFile(package) as archive:
        case_id = json.loads(archive.read("manifest.json"))["cases"][index]["id"]
    return f"cases/{case_id}/{suffix}"


def edit_case_json(package: Path, change, index: int = 0) -> dict[str, bytes]:
    name = case_member(package, "case.json", index)
    with zipfile.ZipFile(package) as archive:
        data = json.loads(archive.read(name))
    change(data)
    return {name: json.dumps(data, ensure_ascii=False).encode()}


def refused(target, package: Path, reason: str) -> None:
    """Unpacking is refused naming the package and `reason`, and the archive is untouched."""
    before = snapshot(target)
    with pytest.raises(exchange.PackageError) as raised:
        target.packages.unpack(package, limits=exchange.PackageLimits(
            max_total_bytes=64 << 20, ratio_applies_from=1 << 16))
    message = str(raised.value)
    assert message.startswith(f"交流包「{package.name}」被拒绝："), message
    assert reason in message, message
    assert message.endswith("案例库没有任何改动。")
    assert snapshot(target) == before


def test_a_file_that_is_not_a_zip(target, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes("这不是压缩包".encode())
    refused(target, bad, "不是有效的 zip 文件")


def test_a_zip_of_a_version_zipfile_cannot_read(target, package, tmp_path):
    data = bytearray(package.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 84  # "version needed to extract" 8.4: zipfile raises NotImplementedError
    future = tmp_path / "future.zip"
    future.write_bytes(bytes(data))
    refused(target, future, "不是有效的 zip 文件")


def test_a_missing_file(target, tmp_path):
    refused(target, tmp_path / "nowhere.zip", "文件不存在")


def test_an_empty_zip(target, tmp_path):
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    refused(target, empty, "缺少清单文件 manifest.json")


def test_a_missing_manifest(target, package, tmp_path):
    refused(target, forge(package, tmp_path / "f.zip", manifest=lambda m: None), "缺少清单文件 manifest.json")


def test_a_manifest_that_is_not_json(target, package, tmp_path):
    refused(target, forge(package, tmp_path / "f.zip", manifest=lambda m: b"{not json"),
            "manifest.json」不是有效的 JSON")


def test_a_manifest_of_another_format(target, package, tmp_path):
    refused(target, forge(package, tmp_path / "f.zip", manifest=lambda m: {**m, "format": "other"}),
            "不是案例库交流包的清单")


def test_an_unknown_future_format_version(target, package, tmp_path):
    refused(target, forge(package, tmp_path / "f.zip", manifest=lambda m: {**m, "format_version": 2}),
            "它由更新版本的程序导出（格式版本 2，本程序支持到 1），请升级本程序后再导入")


@pytest.mark.parametrize("version", ["1", 0, 1.0, None, True])
def test_a_format_version_that_is_not_a_positive_integer(target, package, tmp_path, version):
    refused(target, forge(package, tmp_path / "f.zip", manifest=lambda m: {**m, "format_version": version}),
            "中的格式版本")


@pytest.mark.parametrize("field", ["files", "cases", "exported_at"])
def test_a_manifest_missing_a_field(target, package, tmp_path, field):
    def drop(manifest: dict) -> dict:
        del manifest[field]
        return manifest
    refused(target, forge(package, tmp_path / "f.zip", manifest=drop), "manifest.json")


@pytest.mark.parametrize(("name", "reason"), [
    ("../evil.txt", "含“..”，会越出目标文件夹"),
    ("cases/../../evil.txt", "含“..”，会越出目标文件夹"),
    ("/etc/evil.txt", "是绝对路径"),
    ("C:/Windows/evil.txt", "含盘符"),
    ("c:evil.txt", "含盘符"),
    ("..\\evil.txt", "含反斜杠"),
    ("cases//evil.txt", "不规范"),
])
def test_a_path_that_escapes(target, package, tmp_path, name, reason):
    refused(target, forge(package, tmp_path / "f.zip", add=[(member(name), b"x")]), reason)


def test_a_path_that_escapes_even_when_listed_in_the_manifest(target, package, tmp_path):
    def list_it(manifest: dict) -> dict:
        manifest["files"]["../evil.txt"] = {"sha256": "0" * 64, "size": 1}
        return manifest
    refused(target, forge(package, tmp_path / "f.zip", manifest=list_it), "含“..”")


def test_a_symbolic_link(target, package, tmp_path):
    link = member("cases/link", mode=stat.S_IFLNK | 0o777)
    refused(target, forge(package, tmp_path / "f.zip", add=[(link, b"/etc/passwd")]), "是链接")


def test_a_zip_bomb_by_ratio(target, package, tmp_path):
    bomb = forge(package, tmp_path / "f.zip", add=[(member("cases/zeros.bin"), bytes(8 << 20))])
    refused(target, bomb, "压缩比异常（疑似压缩炸弹）")


def test_a_zip_bomb_by_total_size(target, package, tmp_path):
    # Random-looking bytes compress badly: only the total size gives this one away.
    chunk = bytes((i * 7919 + i // 256) % 251 for i in range(1 << 16))
    big = [(member(f"cases/part{n}.bin"), chunk * 200) for n in range(6)]
    refused(target, forge(package, tmp_path / "f.zip", add=big), "解压后总大小超过上限")


def test_too_many_members(target, package, tmp_path):
    with pytest.raises(exchange.PackageError, match="包内文件过多"):
        target.packages.unpack(package, limits=exchange.PackageLimits(max_members=3))


def test_a_checksum_mismatch(target, package, tmp_path):
    body = case_member(package, "case.md")
    with zipfile.ZipFile(package) as archive:
        text = archive.read(body).decode().replace("暴雨", "大风").encode()
    forged = forge(package, tmp_path / "f.zip", replace={body: text}, recompute=False)
    refused(target, forged, f"文件「{body}」的校验值与清单不符（文件已损坏或被改动）")


def test_an_altered_attachment(target, package, tmp_path):
    picture = case_member(package, "attachments/现场照片.png")
    forged = forge(package, tmp_path / "f.zip", replace={picture: b"\x89PNG altered"}, recompute=False)
    refused(target, forged, f"文件「{picture}」的大小与清单不符")


def test_a_member_not_in_the_manifest(target, package, tmp_path):
    refused(target, forge(package, tmp_path / "f.zip", add=[(member("cases/extra.txt"), b"x")],
                          recompute=False), "包内文件「cases/extra.txt」不在清单中")


def test_a_listed_file_that_is_missing(target, package, tmp_path):
    picture = case_member(package, "attachments/现场照片.png")
    forged = forge(package, tmp_path / "f.zip", replace={picture: None}, recompute=False)
    refused(target, forged, f"清单中的文件「{picture}」不在包内")


def test_a_name_that_appears_twice(target, package, tmp_path):
    readme = member("README.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate we want
        forged = forge(package, tmp_path / "f.zip", add=[(readme, b"second")])
    refused(target, forged, "「README.txt」重复出现")


def test_an_encrypted_member(target, package, tmp_path):
    forged = forge(package, tmp_path / "f.zip")
    data = bytearray(forged.read_bytes())
    # Set the "encrypted" flag bit in the central directory entry of the first member.
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x01
    forged.write_bytes(bytes(data))
    refused(target, forged, "已加密")


def test_a_truncated_package(target, package, tmp_path):
    truncated = tmp_path / "f.zip"
    truncated.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    refused(target, truncated, "不是有效的 zip 文件")


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d.update(id="3f1e0000-0000-4000-8000-000000000000"), "中的编号与清单不符"),
    (lambda d: d.update(title="   "), "中的标题为空"),
    (lambda d: d.update(title=None), "缺少字段 title 或类型不对"),
    (lambda d: d.update(date="2024-13-45"), "中的日期「2024-13-45」无效"),
    (lambda d: d.update(tags=["x" * 41]), "中的标签无效"),
    (lambda d: d.update(tags="防汛"), "缺少字段 tags 或类型不对"),
    (lambda d: d.update(tags=[f"标签{n}" for n in range(50_000)]), "中的标签过多（50000 个"),
    (lambda d: d.update(updated_at="昨天"), "中的 updated_at「昨天」不是有效的时间"),
    (lambda d: d.update(updated_at="9999-12-31T23:59:59"), "中的 updated_at「9999-12-31T23:59:59」不是有效"),
    (lambda d: d.update(created_at="0001-01-01T00:00:00"), "中的 created_at「0001-01-01T00:00:00」不是有效"),
    (lambda d: d.update(body="../../manifest.json"), "引用的文件「../../manifest.json」不在包内"),
    (lambda d: d["attachments"][0].update(path="../../README.txt"), "引用的文件「../../README.txt」不在包内"),
    (lambda d: d["attachments"][0].update(sha256="0" * 64), "的名称、校验值或大小与清单不符"),
    (lambda d: d["attachments"].append(dict(d["attachments"][0])), "中有重名的附件"),
    (lambda d: d.update(original="original.docx"), "中的文件项不是对象"),
])
def test_a_broken_case_document(target, package, tmp_path, change, reason):
    forged = forge(package, tmp_path / "f.zip", replace=edit_case_json(package, change))
    refused(target, forged, reason)


def test_a_case_body_without_its_information_block(target, package, tmp_path):
    body = case_member(package, "case.md")
    forged = forge(package, tmp_path / "f.zip", replace={body: "只有正文".encode()})
    refused(target, forged, "不是本程序写出的案例正文（开头没有信息块）")


def test_a_case_body_that_is_not_utf8(target, package, tmp_path):
    body = case_member(package, "case.md")
    forged = forge(package, tmp_path / "f.zip", replace={body: "---\n标题：甲\n---\n\n正文".encode("gbk")})
    refused(target, forged, "不是本程序写出的案例正文")


def test_a_broken_last_case_keeps_the_valid_first_case_out_too(target, package, tmp_path):
    forged = forge(package, tmp_path / "f.zip",
                   replace=edit_case_json(package, lambda d: d.update(date="never"), index=1))
    refused(target, forged, "无效")
    assert target.case_count() == 0


def test_a_case_listed_twice(target, package, tmp_path):
    def twice(manifest: dict) -> dict:
        manifest["cases"].append(manifest["cases"][0])
        return manifest
    refused(target, forge(package, tmp_path / "f.zip", manifest=twice), "出现了两次")


def test_an_invalid_case_id(target, package, tmp_path):
    def bad_id(manifest: dict) -> dict:
        manifest["cases"][0]["id"] = "../x"
        return manifest
    refused(target, forge(package, tmp_path / "f.zip", manifest=bad_id), "中的案例编号「../x」无效")


def test_a_forged_but_consistent_package_is_accepted(target, package, tmp_path):
    # The forge itself makes valid packages: every refusal above is due to its one defect.
    summary = target.packages.unpack(forge(package, tmp_path / "f.zip"))
    assert len(summary.added) == 2


def test_an_export_time_the_archive_cannot_count_from(target, package, tmp_path):
    def far_future(manifest: dict) -> dict:
        manifest["exported_at"] = "9999-12-31T23:59:59+14:00"
        return manifest
    refused(target, forge(package, tmp_path / "f.zip", manifest=far_future), "exported_at")


def test_a_lone_surrogate_in_the_last_case_keeps_every_case_out(target, package, tmp_path):
    name = case_member(package, "case.json", 1)
    with zipfile.ZipFile(package) as archive:
        text = archive.read(name).decode()
    forged = forge(package, tmp_path / "f.zip", replace={
        name: text.replace('"title": "', '"title": "\\ud800', 1).encode()})
    refused(target, forged, "孤立的代理码位")
    assert target.case_count() == 0


def test_hostile_names_in_a_package_are_stored_as_plain_names(target, package, tmp_path):
    hostile = ["../../../../tmp/evil.sh", "/etc/passwd", "C:\\Windows\\evil.dll", "a\x00b.txt", "\x1b]0;x\x07.png"]

    def rename(data: dict) -> None:
        data["attachments"] = [dict(data["attachments"][0], name=name) for name in hostile]
    target.packages.unpack(forge(package, tmp_path / "f.zip", replace=edit_case_json(package, rename)))
    case = next(c for c in target.list_cases() if c.attachments)
    names = sorted(a.name for a in case.attachments)
    assert names == sorted(["evil.sh", "passwd", "evil.dll", "ab.txt", "]0;x.png"])
    for attachment in case.attachments:
        copy = target.copy_to_open(attachment)
        assert copy.parent.parent.name == "casearchive-open" and copy.name == attachment.name
