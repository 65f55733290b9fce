"""The `casearchive` command line: the DESIGN.md contract, headless, over `archive.library`."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import difflib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from archive.library import (
    HOME_ENV,
    STORE_ORDERS,
    ArchiveError,
    BriefingRecord,
    Case,
    CaseDraft,
    KeptDraft,
    Library,
    OpenCancelled,
    SearchFilters,
    configure_logging,
    default_archive_folder,
    parse_range,
    unexpected_error_message,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl+C (128 + SIGINT)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the process exit status."""
    _utf8_output()
    parser = build_parser()
    args = parser.parse_args(_excerpts_in_place(_exclusions_as_text(sys.argv[1:] if argv is None else argv)))
    configure_logging(verbose=args.verbose)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    # A shared archive is named by its URL, which a Path would mangle (`//` becomes `/`).
    folder = (args.archive if Library.is_shared_location(args.archive) else Path(args.archive)) \
        if args.archive else default_archive_folder()
    try:
        status = args.handler(args, folder)
        sys.stdout.flush()
        return status
    except OpenCancelled as cancelled:
        print(f"已中断。{cancelled}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ArchiveError as error:
        print(f"错误：{error}".translate(_CONTROL_CHARACTERS), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`list | head`): nothing more to say, to anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as error:  # The last line of defence: never a traceback on a terminal.
        print(f"错误：{unexpected_error_message(error)}", file=sys.stderr)
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casearchive", description="典型案例库：导入、检索、汇编导出典型案例。",
        epilog=f"案例库文件夹默认为用户数据文件夹，可用 --archive 或环境变量 {HOME_ENV} 指定。")
    parser.add_argument("--archive", metavar="DIR", help="案例库文件夹，或共享案例库地址 postgresql://用户@服务器/数据库")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出诊断信息")
    commands = parser.add_subparsers(title="子命令", metavar="COMMAND")

    def command(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("import", _import, "导入文件或文件夹（txt、md、docx、doc、html、pdf …）")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--tag", action="append", default=[], help="给导入的案例加上标签（可多次）")
    sub.add_argument("--json", action="store_true")

    sub = command("search", _search, "全文检索（词前加 - 表示排除，如 search 防汛 -演练）")
    sub.add_argument("query", nargs="+", metavar="QUERY")
    sub.add_argument("--tag", action="append", default=[], help="只看带这些标签之一的案例")
    sub.add_argument("--unit", action="append", default=[], help="只看这些单位的案例")
    sub.add_argument("--from", dest="date_from", type=_date_argument, metavar="YYYY-MM-DD")
    sub.add_argument("--to", dest="date_to", type=_date_argument, metavar="YYYY-MM-DD")
    orders = [f"{column}:{direction}" for column in STORE_ORDERS for direction in ("asc", "desc")]
    sub.add_argument("--sort", choices=("relevance", "date", *orders), default="relevance", metavar="ORDER",
                     help="relevance、date（新的在前），或 title|date|unit|tags|updated 加 :asc 或 :desc")
    sub.add_argument("--limit", type=_positive_int, default=20, metavar="N")
    sub.add_argument("--json", action="store_true")

    sub = command("show", _show, "显示一个案例")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--json", action="store_true")

    sub = command("list", _list, "列出全部案例，最新的在前")
    sub.add_argument("--json", action="store_true")

    sub = command("export", _export,
                  "把案例按 GB/T 9704 版式导出为 Word 材料汇编或简报（文件名以 .pdf 结尾则导出 PDF）")
    sub.add_argument("ids", nargs="+", metavar="ID",
                     help="案例编号；可与 --excerpt 摘录交替排列，按给出的顺序导出")
    sub.add_argument("--excerpt", action="append", default=[], metavar="CASE:START-END",
                     help="摘录案例正文的第 START 至 END 段（从 1 数起），可多次")
    sub.add_argument("--out", required=True, metavar="FILE.docx")
    sub.add_argument("--title", default="", help="标题（默认：典型案例材料汇编 / 工作简报）")
    sub.add_argument("--layout", choices=("compilation", "briefing", "single"), default="compilation",
                     help="compilation 材料汇编（默认）；briefing 简报；single 单篇（无封面和目录）")
    sub.add_argument("--unit", default="", help="编印单位")
    sub.add_argument("--date", type=_date_argument, metavar="YYYY-MM-DD", help="印发日期（默认今天）")
    sub.add_argument("--issue", type=_positive_int, metavar="N",
                     help="简报期号（默认：同名简报上一期的下一期，每年从第1期起）")
    sub.add_argument("--template", metavar="FILE.docx", help="样式模板：用它的字体、字号、颜色")
    sub.add_argument("--cc", default="", help="版记中的抄送单位")

    sub = command("briefings", _briefings,
                  "导出过的简报与汇编：列出、查看、按今天的版式重新导出、删除、彻底删除")
    sub.add_argument("action", nargs="?", default="list",
                     choices=("list", "show", "reexport", "delete", "restore", "trash", "purge"),
                     help="list 列出（默认）；show 查看；reexport 重新导出；delete 移入回收站；"
                          "restore 从回收站恢复；trash 列出回收站中的记录；"
                          "purge 彻底删除回收站中的记录及其文件")
    sub.add_argument("id", nargs="?", metavar="ID")
    sub.add_argument("--out", metavar="FILE.docx", help="reexport：输出文件")
    sub.add_argument("--case", metavar="ID", help="list：只列出用到这个案例的记录（已用于）")
    sub.add_argument("--json", action="store_true")

    sub = command("pack", _pack, "把案例打包为交流包（zip），可按编号、标签或检索词选择")
    sub.add_argument("ids", nargs="*", metavar="ID")
    sub.add_argument("--tag", action="append", default=[], help="打包带这个标签的案例（可多次）")
    sub.add_argument("--query", default="", help="打包检索到的案例（与 --tag 同用时取交集）")
    sub.add_argument("--unit", default="", help="导出单位，写入交流包说明")
    sub.add_argument("--with-briefings", action="store_true",
                     help="同时带上用到这些案例的简报、汇编记录及其 Word 文件")
    sub.add_argument("--out", required=True, metavar="FILE.zip")
    sub.add_argument("--json", action="store_true")

    sub = command("unpack", _unpack, "把交流包并入案例库")
    sub.add_argument("package", metavar="FILE.zip")
    sub.add_argument("--json", action="store_true")

    command("reindex", _reindex, "从数据库重建搜索索引")

    sub = command("check", _check, "检查数据库、附件和索引是否完好")
    sub.add_argument("--repair", action="store_true", help="修复不会丢失数据的问题")
    sub.add_argument("--json", action="store_true")

    sub = command("backup", _backup, "备份数据库（或列出、恢复备份）")
    group = sub.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="列出已有备份")
    group.add_argument("--restore", metavar="FILE", help="用这个备份替换当前数据库")

    sub = command("trash", _trash, "回收站：删除、恢复、彻底删除")
    sub.add_argument("action", nargs="?", default="list",
                     choices=("list", "add", "restore", "purge", "empty"),
                     help="list 列出（默认）；add 移入回收站；restore 恢复；purge 彻底删除；empty 清空")
    sub.add_argument("ids", nargs="*", metavar="ID")
    sub.add_argument("--json", action="store_true")

    sub = command("history", _history, "案例的修改历史；--restore N 恢复第 N 版")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--restore", type=_positive_int, metavar="N")

    sub = command("edit", _edit, "修改一个案例（未给出的项保持不变）；原状态保存为历史版本")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--title")
    sub.add_argument("--body-file", metavar="FILE", help="新的正文（Markdown 文本文件，UTF-8）")
    sub.add_argument("--unit")
    sub.add_argument("--tag", action="append", help="案例的全部标签（可多次；给出即替换原有标签）")
    sub.add_argument("--base-version", type=_positive_int, metavar="N",
                     help="修改基于的版本（show --json 的 version）；案例已被他人改到更新版本时拒绝保存")
    sub.add_argument("--json", action="store_true")

    sub = command("drafts", _drafts, "共享案例库里因冲突未保存的草稿：列出、对照查看、合并到最新版本、删除")
    sub.add_argument("action", nargs="?", default="list", choices=("list", "show", "merge", "discard"),
                     help="list 列出（默认）；show 与最新版本对照；merge 保存到最新版本之上；discard 删除")
    sub.add_argument("id", nargs="?", type=_positive_int, metavar="N", help="草稿编号")
    sub.add_argument("--case", metavar="ID", help="list：只列出这个案例的草稿")
    choice = sub.add_mutually_exclusive_group()
    choice.add_argument("--use", choices=("mine", "theirs", "both"),
                        help="merge：mine 用草稿；theirs 保留最新版本、删除草稿；both 合并双方对各字段的修改"
                             "（正文有双方都改过的段落时拒绝，请改用 --body-file）")
    choice.add_argument("--body-file", metavar="FILE",
                        help="merge：正文用这个文件（合并后的正文，UTF-8），其他字段合并双方的修改")
    sub.add_argument("--json", action="store_true")

    sub = command("server", _server, "共享案例库（PostgreSQL）：init 建库和角色；migrate 升级")
    sub.add_argument("action", choices=("init", "migrate"))
    sub.add_argument("url", metavar="postgresql://…")

    sub = command("tags", _tags, "标签：列出、添加、改名、合并、删除")
    sub.add_argument("action", nargs="?", default="list",
                     choices=("list", "add", "rename", "merge", "delete"))
    sub.add_argument("names", nargs="*", metavar="NAME")
    sub.add_argument("--parent", help="add：上级标签组")
    sub.add_argument("--color", help="add：颜色，如 #d9534f")
    sub.add_argument("--json", action="store_true")
    return parser


def _excerpts_in_place(argv: Sequence[str]) -> list[str]:
    """`export A --excerpt B:2-3 C`: an excerpt keeps its place among the ids, so `--excerpt X`
    becomes the positional `X` (a case id has no colon, so it reads back as an excerpt). One
    without a colon stays an option, for `_export` to refuse with the reason."""
    if "export" not in argv:
        return list(argv)
    start = argv.index("export")
    out = list(argv[:start])
    tokens = iter(argv[start:])
    for token in tokens:
        value = next(tokens, None) if token == "--excerpt" else (
            token.split("=", 1)[1] if token.startswith("--excerpt=") else None)
        if value is not None and (":" in value or "：" in value):
            out.append(value)
        elif value is not None:
            out.extend(["--excerpt", value])
        else:
            out.append(token)
    return out


def _exclusions_as_text(argv: Sequence[str]) -> list[str]:
    """`search 防汛 -演练`: a word to leave out starts with "-", which argparse takes for an option.

    `search` has no short options but -h, so after it a word with a single leading "-" is query
    text; a leading space makes argparse read it as one (the query parser ignores the space).
    """
    words = list(argv)
    position = 0
    while position < len(words) and words[position].startswith("-"):
        position += 2 if words[position] == "--archive" else 1
    if position >= len(words) or words[position] != "search":
        return words
    for index in range(position + 1, len(words)):
        word = words[index]
        if word == "--":
            break
        if word.startswith("-") and not word.startswith("--") and word != "-h" and len(word) > 1:
            words[index] = " " + word
    return words


# -- subcommands ------------------------------------------------------------------------------

def _import(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args) as library:
        report = library.import_paths([Path(p) for p in args.paths], tags=args.tag,
                                      progress=_progress_printer())
    if args.json:
        _print_json(report.to_json())
    else:
        for item in report.imported:
            note = f"（与 {item['similar_to'][:8]} 相似）" if item.get("similar_to") else ""
            _say(f"已导入  {item['id'][:8]}  {item['title']}{note}")
            if item.get("keywords"):
                _say(f"          关键词：{'、'.join(item['keywords'])}")
        for item in report.skipped:
            _say(f"已跳过  {item['path']}：{item['reason']}（{item['duplicate_of'][:8]}）")
        for item in report.failed:
            _say(f"失败    {item['error']}")
        _say(f"共导入 {len(report.imported)} 个，跳过 {len(report.skipped)} 个，"
              f"失败 {len(report.failed)} 个。")
        if report.disk_full:
            _say("磁盘空间已满：请腾出空间后再导入其余文件（已导入的会自动跳过）。")
        if report.index_behind:
            _say("部分已导入的案例暂时搜不到：腾出磁盘空间后再打开案例库，索引会自动补上。")
    return EXIT_FAILED if report.failed else EXIT_OK


def _search(args: argparse.Namespace, folder: Path) -> int:
    filters = SearchFilters(tags_any=tuple(args.tag), units=tuple(args.unit),
                            date_from=args.date_from, date_to=args.date_to)
    with _open(folder, args, read_only=True, daily_backup=False) as library:
        result = library.search(" ".join(args.query), filters, sort=args.sort, limit=args.limit)
        hits = library.finder.hits_with_cases(result)
    if args.json:
        _print_json({
            "total": result.total,
            "hits": [{**case.summary_json(), "score": round(hit.score, 4),
                      "snippet": hit.snippet_html} for hit, case in hits],
            "facets": result.facets,
        })
        return EXIT_OK
    _say(f"找到 {result.total} 个案例。")
    for hit, case in hits:
        _say(f"\n{case.id[:8]}  {case.title}")
        _say(f"          {_meta_line(case)}")
        if hit.snippet_html:
            print(f"          {_terminal_highlight(hit.snippet_html)}")
    return EXIT_OK


def _show(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args, read_only=True, daily_backup=False) as library:
        case = library.get_case(args.id)
    if args.json:
        _print_json(case.to_json())
        return EXIT_OK
    _say(case.title)
    _say(_meta_line(case))
    for label, value in (("来源", case.source), ("作者", case.author)):
        if value:
            _say(f"{label}：{value}")
    _say(f"编号：{case.id}\n")
    _say(case.body)
    if case.attachments:
        _say("附件：" + "、".join(a.name for a in case.attachments))
    if case.original:
        _say(f"原始文件：{case.original.name}")
    return EXIT_OK


def _list(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args, read_only=True, daily_backup=False) as library:
        cases = library.list_cases()
    if args.json:
        _print_json({"cases": [c.summary_json() for c in cases]})
        return EXIT_OK
    if not cases:
        _say("案例库里还没有案例。用 import 导入文件。")
    for case in cases:
        _say(f"{case.id[:8]}  {_date_text(case)}  {case.title}  {case.unit}")
    return EXIT_OK


def _export(args: argparse.Namespace, folder: Path) -> int:
    from archive.library import BriefingOptions

    options = BriefingOptions(layout=args.layout, unit=args.unit, date=args.date, issue_number=args.issue,
                              cc=args.cc,
                              template=Path(args.template) if args.template else None,
                              **({"title": args.title} if args.title.strip() else {}))
    for malformed in args.excerpt:
        parse_range(malformed)
    with _open(folder, args, read_only=True) as library:
        if options.layout == "briefing" and options.issue_number is None:
            options = dataclasses.replace(options, issue_number=library.word.next_issue(
                options.display_title, options.issue_date()))
        items = [library.excerpt(*parse_range(item)) if ":" in item or "：" in item else item
                 for item in args.ids]
        written = library.word.export(items, Path(args.out), options, progress=_progress_printer())
        kept = "" if library.read_only else f"，已记入简报记录 {library.briefings.list()[0].id[:8]}"
    issue = f"（第{options.issue_number}期）" if options.layout == "briefing" else ""
    excerpts = sum(not isinstance(item, str) for item in items)
    parts = f"{len(items) - excerpts} 个案例" + (f"、{excerpts} 段摘录" if excerpts else "")
    _say(f"已导出 {parts}到 {written}{issue}{kept}。")
    return EXIT_OK


def _briefings(args: argparse.Namespace, folder: Path) -> int:
    needs_id = args.action in ("show", "reexport", "delete", "restore", "purge")
    if needs_id != bool(args.id):
        wanted = "需要一个简报记录编号。" if needs_id else "不接受编号。"
        raise ArchiveError(f"briefings {args.action} {wanted}")
    if args.action == "reexport" and not args.out:
        raise ArchiveError("briefings reexport 需要 --out 输出文件。")
    writes = args.action in ("reexport", "delete", "restore", "purge")
    with _open(folder, args, read_only=not writes) as library:
        if args.action in ("list", "trash"):
            case_id = library.resolve_id(args.case, include_trashed=True) if args.case else None
            records = library.briefings.list(deleted=args.action == "trash", case_id=case_id)
            if args.json:
                _print_json({"briefings": [r.summary_json() for r in records]})
                return EXIT_OK
            if not records:
                _say("还没有导出过简报或汇编。" if args.action == "list" else "回收站中没有简报记录。")
            for record in records:
                _say(_record_line(record))
            return EXIT_OK
        if args.action == "show":
            record = library.briefings.get(args.id)
            if args.json:
                _print_json(record.to_json())
                return EXIT_OK
            _say(_record_line(record))
            _say(f"文件：{record.file_name}（SHA-256 {record.sha256}，{record.size} 字节）")
            _say(f"保存于：{library.briefings.file_path(record)}")
            for number, item in enumerate(record.items, 1):
                what = (f"摘录第 {item.start}-{item.end} 段「{item.title or item.source}」" if item.is_excerpt
                        else "全文")
                _say(f"  {number}. {item.case_id[:8]} 第{item.revision}版 {what}")
            return EXIT_OK
        if args.action == "reexport":
            written = library.word.reexport(args.id, Path(args.out), progress=_progress_printer())
            _say(f"已按今天的版式重新导出到 {written}。")
        elif args.action == "delete":
            record = library.briefings.delete(args.id)
            _say(f"已把简报记录「{record.title}」移入回收站（briefings restore {record.id[:8]} 可恢复）。")
        elif args.action == "purge":
            record = library.briefings.purge(args.id)
            _say(f"已彻底删除简报记录「{record.title}」。")
        else:
            record = library.briefings.restore(args.id)
            _say(f"已恢复简报记录「{record.title}」。")
    return EXIT_OK


def _record_line(record: BriefingRecord) -> str:
    issue = f" 第{record.issue}期" if record.issue else ""
    kind = {"compilation": "汇编", "briefing": "简报", "single": "单篇"}.get(record.layout, record.layout)
    return (f"{record.id[:8]}  {record.created_at:%Y-%m-%d %H:%M}  [{kind}] {record.title}{issue}"
            f"  {len(record.items)} 项  {record.file_name}")


def _pack(args: argparse.Namespace, folder: Path) -> int:
    if not (args.ids or args.tag or args.query.strip()):
        raise ArchiveError("pack 需要案例编号，或 --tag / --query 之一。")
    with _open(folder, args, read_only=True) as library:
        ids = library.packages.select(args.ids, tags=args.tag, query=args.query)
        if not ids:
            raise ArchiveError("没有符合条件的案例，未生成交流包。")
        summary = library.packages.pack(ids, Path(args.out), exporting_unit=args.unit,
                               progress=_progress_printer(), with_briefings=args.with_briefings)
    if args.json:
        _print_json(summary.to_json())
    else:
        records = f"、{len(summary.briefings)} 份简报记录" if summary.briefings else ""
        _say(f"已把 {len(summary.cases)} 个案例{records}（{summary.files} 个文件）打包到 {summary.path}。")
    return EXIT_OK


def _unpack(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args) as library:
        summary = library.packages.unpack(Path(args.package), progress=_progress_printer())
    if args.json:
        _print_json(summary.to_json())
        return EXIT_OK
    for label, entries in (("新增", summary.added), ("更新", summary.updated)):
        for entry in entries:
            _say(f"{label}  {entry['id'][:8]}  {entry['title']}")
    for entry in summary.skipped:
        _say(f"跳过  {entry['id'][:8]}  {entry['title']}：{entry.get('reason', '')}")
    _say(f"新增 {len(summary.added)} 个，更新 {len(summary.updated)} 个，跳过 {len(summary.skipped)} 个。")
    if summary.briefings_added or summary.briefings_skipped:
        _say(f"简报记录：新增 {len(summary.briefings_added)} 份，"
             f"已有而跳过 {len(summary.briefings_skipped)} 份。")
    return EXIT_OK


def _reindex(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args) as library:
        library.reindex(progress=_progress_printer())
        _say(f"搜索索引已重建，共 {library.case_count()} 个案例。")
    return EXIT_OK


def _check(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args, read_only=not args.repair, allow_damaged=True) as library:
        report = library.maintenance.check(repair=args.repair)
    if args.json:
        _print_json({
            "healthy": report.healthy, "cases": report.cases, "files": report.files_checked,
            "problems": [{"problem": p.what, "repair": p.repair, "repairable": p.repairable}
                         for p in report.problems],
            "repaired": report.repaired,
        })
    else:
        for line in report.repaired:
            _say(f"已修复：{line}")
        for problem in report.problems:
            _say(f"问题：{problem.what}\n  处理：{problem.repair}")
        if report.healthy:
            _say(f"案例库完好：{report.cases} 个案例，{report.files_checked} 个文件。")
    return EXIT_OK if report.healthy else EXIT_FAILED


def _backup(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args, read_only=args.list, allow_damaged=True) as library:
        if args.list:
            backups = library.maintenance.list_backups()
            if not backups:
                _say("还没有备份。")
            for path in backups:
                _say(str(path))
        elif args.restore:
            library.maintenance.restore_backup(Path(args.restore), progress=_progress_printer())
            _say(f"已从 {args.restore} 恢复，原数据库已另存在 {library.folder}。")
        else:
            _say(f"已备份到 {library.maintenance.backup()}")
    return EXIT_OK


def _trash(args: argparse.Namespace, folder: Path) -> int:
    needs_ids = args.action in ("add", "restore", "purge")
    if needs_ids and not args.ids:
        raise ArchiveError(f"trash {args.action} 需要至少一个案例编号。")
    if not needs_ids and args.ids:
        raise ArchiveError(f"trash {args.action} 不接受案例编号。")
    with _open(folder, args, read_only=args.action == "list") as library:
        if args.action == "list":
            trashed = library.trash.list()
            if args.json:
                _print_json({"trash": [{"id": t.id, "title": t.title,
                                        "deleted_at": t.deleted_at.isoformat(timespec="seconds")}
                                       for t in trashed]})
            elif not trashed:
                _say("回收站是空的。")
            for item in [] if args.json else trashed:
                _say(f"{item.id[:8]}  {item.deleted_at:%Y-%m-%d %H:%M}  {item.title}")
            return EXIT_OK
        action = {"add": (library.trash, "已移入回收站"), "restore": (library.trash.restore, "已恢复"),
                  "purge": (library.trash.purge, "已彻底删除"),
                  "empty": (lambda _ids: library.trash.empty(), "已彻底删除")}[args.action]
        done = action[0](args.ids)
    _say(f"{action[1]} {len(done)} 个案例。")
    return EXIT_OK


def _history(args: argparse.Namespace, folder: Path) -> int:
    with _open(folder, args, read_only=args.restore is None) as library:
        if args.restore is not None:
            case = library.cases.restore_revision(args.id, args.restore)
            _say(f"已把「{case.title}」恢复为第 {args.restore} 版（当前版本已保存为历史）。")
            return EXIT_OK
        revisions = library.revisions(args.id)
    if not revisions:
        _say("这个案例还没有修改过。")
    for revision in revisions:
        _say(f"第 {revision.number} 版  {revision.saved_at:%Y-%m-%d %H:%M}  {revision.title}")
    return EXIT_OK


def _edit(args: argparse.Namespace, folder: Path) -> int:
    body = _read_body_file(args.body_file) if args.body_file else None
    with _open(folder, args) as library:
        case = library.get_case(args.id)
        draft = CaseDraft(title=case.title if args.title is None else args.title,
                          body=case.body if body is None else body,
                          unit=case.unit if args.unit is None else args.unit, source=case.source,
                          author=case.author, date=case.date,
                          tags=tuple(case.tags if args.tag is None else args.tag))
        case = library.cases.update(case.id, draft, base_version=args.base_version)
        return _saved(args, case, library.case_version(case.id), "已保存「{title}」（第 {version} 版）。")


def _saved(args: argparse.Namespace, case: Case, version: int, sentence: str) -> int:
    """What `edit` and `drafts merge` say of the version they saved."""
    if args.json:
        _print_json({"id": case.id, "title": case.title, "version": version})
    else:
        _say(sentence.format(title=case.title, version=version))
    return EXIT_OK


def _drafts(args: argparse.Namespace, folder: Path) -> int:
    if (args.action != "list") != (args.id is not None):
        raise ArchiveError(f"drafts {args.action} " + ("不接受草稿编号。" if args.action == "list"
                                                        else "需要一个草稿编号（drafts list 可查）。"))
    if args.action == "merge" and not (args.use or args.body_file):
        raise ArchiveError("drafts merge 需要 --use mine、--use theirs、--use both "
                           "或 --body-file 合并后的正文文件。")
    body = _read_body_file(args.body_file) if args.body_file else None
    with _open(folder, args, read_only=args.action in ("list", "show")) as library:
        if args.action == "list":
            kept = library.drafts.list(args.case)
            if args.json:
                _print_json({"drafts": [_draft_json(k) for k in kept]})
            elif not kept:
                _say("没有因冲突未保存的草稿。")
            for k in [] if args.json else kept:
                _say(f"{k.id:>4}  {k.saved_at:%Y-%m-%d %H:%M}  {k.saved_by}  {k.case_id[:8]} "
                     f"基于第 {k.based_on} 版  {k.draft.title}")
            return EXIT_OK
        kept = library.drafts.get(args.id)
        if args.action == "discard" or args.use == "theirs":
            library.drafts.discard(kept.id)
            _say(f"已删除草稿 {kept.id}，案例保持最新版本。")
            return EXIT_OK
        merged, current, version = library.drafts.combined(kept.id)
        if args.action == "show":
            if args.json:
                _print_json({**_draft_json(kept), **_fields_json(kept.draft),
                             "current": {"version": version, **_fields_json(current)},
                             "differing": list(merged.differing), "conflicting": list(merged.conflicting)})
                return EXIT_OK
            _say(f"草稿 {kept.id}：「{kept.draft.title}」，{kept.saved_by} 于 {kept.saved_at:%Y-%m-%d %H:%M} "
                 f"基于第 {kept.based_on} 版修改；最新为第 {version} 版。")
            for field in merged.differing:
                if field != "body":
                    _say(f"{_FIELD_NAMES[field]}：最新「{_field_text(current, field)}」，"
                         f"草稿「{_field_text(kept.draft, field)}」"
                         + ("（双方都改过）" if field in merged.conflicting else ""))
            _say("正文差异（- 最新版本，+ 草稿）：")
            for line in difflib.unified_diff(current.body.splitlines(), kept.draft.body.splitlines(),
                                             f"第 {version} 版", f"草稿 {kept.id}", lineterm=""):
                _say(line)
            return EXIT_OK
        if args.use == "both" and "body" in merged.conflicting:
            raise ArchiveError(f"草稿 {kept.id} 和最新版本改了正文的同一处：请用「drafts show {kept.id}」"
                               "对照，把合并后的正文存成文件，再用 --body-file 文件 合并。")
        chosen = (kept.draft if args.use == "mine" else merged.draft if body is None
                  else dataclasses.replace(merged.draft, body=body))
        case = library.drafts.merge(kept.id, chosen)
        kept_mine = [] if args.use == "mine" else [_FIELD_NAMES[f] for f in merged.conflicting if f != "body"]
        return _saved(args, case, library.case_version(case.id),
                      f"已把草稿 {kept.id} 保存为「{{title}}」第 {{version}} 版，草稿已删除。"
                      + (f"双方都改过的{'、'.join(kept_mine)}用了草稿的。" if kept_mine else ""))


_FIELD_NAMES = {"title": "标题", "unit": "报送单位", "source": "来源", "author": "作者", "date": "日期",
                "tags": "标签", "body": "正文"}


def _field_text(case: Case | CaseDraft, field: str) -> str:
    value = getattr(case, field)
    return "、".join(value) if field == "tags" else "" if value is None else str(value)


def _fields_json(case: Case | CaseDraft) -> dict:
    return {**{field: _field_text(case, field) for field in _FIELD_NAMES}, "tags": list(case.tags),
            "date": case.date.isoformat() if case.date else None}


def _draft_json(kept: KeptDraft) -> dict:
    return {"id": kept.id, "case_id": kept.case_id, "title": kept.draft.title, "based_on": kept.based_on,
            "saved_by": kept.saved_by, "saved_at": kept.saved_at.isoformat(timespec="seconds")}


def _read_body_file(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"无法读取正文文件「{name}」：{error}") from error


def _server(args: argparse.Namespace, _folder: Path) -> int:
    if args.action == "init":
        applied = Library.init_server(args.url)
        _say("共享案例库已就绪：已建好数据表和角色 casearchive_read（只读）、casearchive_edit（编辑）、"
             "casearchive_admin（管理）。" if applied else "共享案例库已经初始化过，没有改动。")
    else:
        applied = Library.migrate_server(args.url)
        _say(f"已升级到版本 {applied[-1]}。" if applied else "共享案例库已是最新版本。")
    return EXIT_OK


def _tags(args: argparse.Namespace, folder: Path) -> int:
    wanted = {"list": 0, "add": 1, "rename": 2, "merge": 2, "delete": 1}[args.action]
    if len(args.names) != wanted:
        raise ArchiveError(f"tags {args.action} 需要 {wanted} 个标签名。")
    with _open(folder, args, read_only=args.action == "list") as library:
        if args.action == "list":
            tags = library.tags()
            if args.json:
                _print_json({"tags": [{"name": t.name, "color": t.color, "parent": t.parent,
                                       "cases": t.case_count} for t in tags]})
            for tag in [] if args.json else tags:
                indent = "    " if tag.parent else ""
                _say(f"{indent}{tag.name}（{tag.case_count}）")
        elif args.action == "add":
            library.tags.add(args.names[0], args.color, args.parent)
            _say(f"已添加标签「{args.names[0]}」。")
        elif args.action == "rename":
            library.tags.rename(*args.names)
            _say(f"已把标签「{args.names[0]}」改名为「{args.names[1]}」。")
        elif args.action == "merge":
            library.tags.merge(*args.names)
            _say(f"已把标签「{args.names[0]}」合并到「{args.names[1]}」。")
        else:
            affected = library.tags.delete(args.names[0])
            _say(f"已删除标签「{args.names[0]}」，{affected} 个案例受影响。")
    return EXIT_OK


# -- helpers ----------------------------------------------------------------------------------

class _open:
    """Open the library for one command; reading commands fall back to read-only when locked. A
    command that never writes (`daily_backup=False`) leaves the day's backup to the next that may:
    the database it would copy is the one that opening finds, and the copy cost a cold `search`
    seconds on a slow disk."""

    def __init__(self, folder: Path, args: argparse.Namespace, *, read_only: bool = False,
                 allow_damaged: bool = False, daily_backup: bool = True) -> None:
        self._folder, self._args = folder, args
        self._read_only, self._allow_damaged, self._daily_backup = read_only, allow_damaged, daily_backup

    def __enter__(self) -> Library:
        with _ctrl_c_cancels() as cancelled:
            self._library = Library.open(self._folder, allow_read_only=self._read_only,
                                         progress=_progress_printer(), is_cancelled=cancelled,
                                         daily_backup=self._daily_backup)
        if cancelled is not None and cancelled():  # pressed after the last check: the command stops
            self._library.close()
            raise KeyboardInterrupt
        if self._library.damage and not self._allow_damaged and not self._read_only:
            self._library.close()
            raise ArchiveError(f"{self._library.damage}\n请先运行「casearchive check」，"
                               "再用「casearchive backup --restore 备份文件」从备份恢复。")
        return self._library

    def __exit__(self, *exc_info: object) -> None:
        self._library.close()


@contextlib.contextmanager
def _ctrl_c_cancels() -> Iterator[Callable[[], bool] | None]:
    """While opening: Ctrl+C cancels the opening (a shared archive's first sync, which may take
    minutes) through a cancel flag, rather than raising KeyboardInterrupt wherever it lands.

    A terminal's Ctrl+C reaches every process of the group, the index builder's worker processes
    too, where it would print their tracebacks: this thread blocks SIGINT, which the workers it
    starts meanwhile inherit (their parent stops them), and a thread waits for it; a thread started
    earlier may take it instead, whose handler then sets the flag. Where signals cannot be blocked
    (Windows) or off the main thread, Ctrl+C interrupts as elsewhere."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield None
        return
    pressed, finished = threading.Event(), threading.Event()

    def wait_for_ctrl_c() -> None:
        while not finished.is_set():
            signal.sigwait({signal.SIGINT})
            if not finished.is_set():
                pressed.set()

    handler = signal.signal(signal.SIGINT, lambda _signal, _frame: pressed.set())
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    waiter = threading.Thread(target=wait_for_ctrl_c, name="ctrl-c-cancels-opening", daemon=True)
    waiter.start()
    try:
        yield pressed.is_set
    finally:
        finished.set()
        signal.pthread_kill(waiter.ident, signal.SIGINT)  # ends its wait
        waiter.join()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, handler)


def _progress_printer() -> Callable[[int, int, str], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        width = 30
        filled = width * done // total if total else width
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{what[:24]:<24} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{total}{end}")
        sys.stderr.flush()

    return show


def _date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期「{text}」格式不对，应为 YYYY-MM-DD") from None


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"「{text}」不是正整数")
    return int(text)


def _date_text(case: Case) -> str:
    return case.date.isoformat() if case.date else "日期不详  "


def _meta_line(case: Case) -> str:
    parts = [_date_text(case).strip(), case.unit, " ".join(f"#{t}" for t in case.tags)]
    return " · ".join(p for p in parts if p)


def _terminal_highlight(snippet_html: str) -> str:
    import html

    bold = sys.stdout.isatty()
    text = snippet_html.translate(_CONTROL_CHARACTERS).replace("<b>", "\033[1m" if bold else "【").replace(
        "</b>", "\033[0m" if bold else "】")
    return html.unescape(text)


_CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def _say(line: str = "") -> None:
    """Print a line of human output. Text from packages or imported files may carry terminal
    control sequences (ESC …); they are dropped so they cannot move the cursor or rewrite the screen."""
    print(line.translate(_CONTROL_CHARACTERS))


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _utf8_output() -> None:
    # Pipes on a Chinese Windows default to GBK; scripts reading our JSON expect UTF-8.
    for stream in (sys.stdout, sys.stderr):
        if not stream.isatty() and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
