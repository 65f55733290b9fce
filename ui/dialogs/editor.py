"""New case and edit case: a word-processor-like editor that reads and writes Markdown.

Unsaved edits are written to a draft file every few seconds, so a crash loses nothing; opening
the same case again offers the draft back. Closing with changes asks first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QDate, QIODevice, QMimeData, QStandardPaths, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QImage,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextDocument,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from archive.library import (
    ArchiveError,
    Case,
    CaseDraft,
    ConflictError,
    Library,
    NewFile,
    unexpected_error_message,
)
from ui.dialogs.merge_dialog import MERGED, MINE, MergeDialog
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.language import FollowsLanguage
from ui.operations import Operation
from ui.tasks import TaskRunner

AUTOSAVE_MS = 3000
SUGGEST_MS = 1200
_LINK_UNSAFE = re.compile(r"[\s()\[\]<>]")


def drafts_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".casearchive") / "drafts"


class BodyEdit(QTextEdit):
    """Rich text that pastes Word and web content cleaned, and takes pictures as attachments."""

    picture_added = Signal(str, bytes, str)

    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self._library = library
        self.setAcceptRichText(True)
        self._pictures = 0

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasImage():
            self._insert_picture(QImage(source.imageData()))
            return
        if source.hasUrls() and all(u.isLocalFile() for u in source.urls()):
            for url in source.urls():
                image = QImage(url.toLocalFile())
                if not image.isNull():
                    self._insert_picture(image, Path(url.toLocalFile()).name)
            return
        html = source.html() if source.hasHtml() else None
        cleaned = self._library.clean_pasted(html, source.text())
        self.textCursor().insertMarkdown(cleaned)

    def _insert_picture(self, image: QImage, name: str = "") -> None:
        if image.isNull():
            return
        self._pictures += 1
        name = name or f"粘贴图片{dt.datetime.now():%Y%m%d%H%M%S}-{self._pictures}.png"
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        data = bytes(buffer.data())
        # The name goes into a Markdown link: no spaces or brackets, which would break it.
        name = _LINK_UNSAFE.sub("_", Path(name).stem) + ".png"
        self.document().addResource(QTextDocument.ResourceType.ImageResource,
                                    QUrl(f"attachment:{name}"), image)
        self.textCursor().insertImage(f"attachment:{name}")
        self.picture_added.emit(name, data, "image/png")


def load_keyword_tables(_context: object = None) -> None:
    """The keyword suggestions need tables that take a second or two to load: the window runs
    this in a worker when the first editor opens, then refreshes the editors' suggestions."""
    Library.load_keyword_tables()


class CaseEditor(FollowsLanguage, QDialog):
    """Edits one case (or a new one). Emits `case_saved` with the saved case."""

    case_saved = Signal(object)

    def __init__(self, library: Library, case: Case | None = None, suggestions: list[str] | None = None,
                 parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        """`runner`: the window's, which saves run on (one of the editor's own without it)."""
        super().__init__(parent)
        self._library, self._case = library, case
        self._new_files: dict[str, NewFile] = {}
        self._dirty = False
        # The version the edit starts from: a save over a newer one (someone else's) is refused.
        self._base_version = library.case_version(case.id) if case else None
        self._kept_draft: int | None = None
        """The server's copy of a refused save, discarded once the merge is saved."""
        self.merge_dialog: MergeDialog | None = None
        self._runner = runner or TaskRunner(self)
        self._saving: Operation | None = None
        self.setWindowTitle(self.tr("编辑案例") if case else self.tr("新建案例"))
        fit_to_screen(self, 900, 760)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("案例标题"))
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText(self.tr("报送单位"))
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText(self.tr("稿件来源，如某报"))
        self.author_edit = QLineEdit()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_known = QCheckBox(self.tr("日期已知"))
        self.date_known.toggled.connect(self.date_edit.setEnabled)
        self.date_known.toggled.connect(self._propose_date)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("用逗号分隔，如：防汛，防灾减灾"))
        known_tags = [t.name for t in library.tags()]
        completer = QCompleter(known_tags, self)
        self.tags_edit.setCompleter(completer)

        date_row = QHBoxLayout()
        date_row.addWidget(self.date_known)
        date_row.addWidget(self.date_edit)
        date_row.addStretch()
        self._suggest_tags = library.tags.suggester()
        self._suggestion_buttons: list[QPushButton] = []
        self.suggestion_row = QHBoxLayout()
        self.suggestion_label = QLabel(self.tr("建议标签："))
        self.suggestion_row.addWidget(self.suggestion_label)
        self.suggestion_row.addStretch()
        self._initial_suggestions = list(suggestions or [])

        form = QFormLayout()
        form.addRow(self.tr("标题"), self.title_edit)
        form.addRow(self.tr("单位"), self.unit_edit)
        form.addRow(self.tr("来源"), self.source_edit)
        form.addRow(self.tr("作者"), self.author_edit)
        form.addRow(self.tr("日期"), date_row)
        form.addRow(self.tr("标签"), self.tags_edit)
        form.addRow("", self.suggestion_row)

        self.body_edit = BodyEdit(library)
        self.body_edit.picture_added.connect(
            lambda name, data, mime: self._new_files.__setitem__(name, NewFile(name, data, mime)))
        toolbar = QToolBar()
        for label, handler, keys in (
            (self.tr("加粗"), lambda: self._toggle_weight(), QKeySequence.StandardKey.Bold),
            (self.tr("倾斜"), lambda: self.body_edit.setFontItalic(not self.body_edit.fontItalic()),
             QKeySequence.StandardKey.Italic),
        ):
            action = toolbar.addAction(label, handler)
            action.setShortcut(keys)
        toolbar.addAction(self.tr("一级标题"), lambda: self._heading(2))
        toolbar.addAction(self.tr("二级标题"), lambda: self._heading(3))
        toolbar.addAction(self.tr("正文"), lambda: self._heading(0))
        toolbar.addAction(self.tr("项目列表"), self._bullets)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(toolbar)
        layout.addWidget(self.body_edit, 1)
        self.status = QLabel()
        self.status.setStyleSheet("color:#888")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self._load(case)
        self._offer_draft()
        for widget in (self.title_edit, self.unit_edit, self.source_edit, self.author_edit,
                       self.tags_edit):
            widget.textEdited.connect(self._changed)
        self.date_edit.dateChanged.connect(self._changed)
        self.date_known.toggled.connect(self._changed)
        self.body_edit.textChanged.connect(self._changed)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS, timeout=self._write_draft)
        self._suggest_timer = QTimer(self, singleShot=True, interval=SUGGEST_MS,
                                     timeout=self.refresh_suggestions)
        self.body_edit.textChanged.connect(self._suggest_timer.start)
        self.title_edit.textEdited.connect(self._suggest_timer.start)
        self.tags_edit.textEdited.connect(self._suggest_timer.start)
        self.refresh_suggestions()

    # -- state ------------------------------------------------------------------------------

    def draft(self) -> CaseDraft:
        tags = tuple(self._tags())
        date = self.date_edit.date().toPython() if self.date_known.isChecked() else None
        return CaseDraft(title=self.title_edit.text(), body=self.body_edit.toMarkdown(),
                         unit=self.unit_edit.text(), source=self.source_edit.text(),
                         author=self.author_edit.text(), date=date, tags=tags)

    def _propose_date(self, known: bool) -> None:
        """Ticking 日期已知 offers the date written in the text, not today's."""
        found = self._library.finder.date_in_text(self.body_edit.toPlainText()) if known else None
        if found is not None and self.date_edit.date() == QDate.currentDate():
            self.date_edit.setDate(QDate(found))

    def _load(self, case: Case | None) -> None:
        self._show_fields(case)
        if case is None:
            return
        for attachment in case.attachments:
            image = QImage(str(self._library.file_path(attachment)))
            if not image.isNull():
                self.body_edit.document().addResource(QTextDocument.ResourceType.ImageResource,
                                                      QUrl(f"attachment:{attachment.name}"), image)
        self.body_edit.setMarkdown(case.body)

    def _show_fields(self, case: Case | CaseDraft | None) -> None:
        """Every field but the body: a case's, a merge's, or a new case's (empty, today's date)."""
        self.date_known.setChecked(bool(case and case.date))
        self.date_edit.setEnabled(bool(case and case.date))
        self.date_edit.setDate(QDate(case.date) if case and case.date else QDate.currentDate())
        if case is None:
            return
        self.title_edit.setText(case.title)
        self.unit_edit.setText(case.unit)
        self.source_edit.setText(case.source)
        self.author_edit.setText(case.author)
        self.tags_edit.setText("，".join(case.tags))

    def _changed(self, *_args) -> None:
        self._dirty = True
        self.keep_filled("status", lambda: self.status.setText(self.tr("有未保存的修改")))
        self._autosave.start()

    def suggested_tags(self) -> list[str]:
        """What the importer would tag this text with, taxonomy tags named in it, then its keywords."""
        # The importers are heavy to load; ui.app loads them in a worker while opening the archive,
        # and the keyword tables load in a worker too (see load_keyword_tables).
        text = f"{self.title_edit.text()}\n{self.body_edit.toPlainText()}"
        chosen = set(self._tags())
        return [t for t in dict.fromkeys([*self._initial_suggestions, *self._suggest_tags(text)])
                if t not in chosen][:8]

    def refresh_suggestions(self) -> None:
        for button in self._suggestion_buttons:
            self.suggestion_row.removeWidget(button)
            button.deleteLater()
        self._suggestion_buttons = []
        suggestions = self.suggested_tags()
        self.suggestion_label.setVisible(bool(suggestions))
        for position, tag in enumerate(suggestions, 1):
            button = QPushButton("+ " + tag)
            button.setObjectName("chip")
            button.setFlat(True)
            button.clicked.connect(lambda _=False, t=tag: self._add_tag(t))
            self.suggestion_row.insertWidget(position, button)
            self._suggestion_buttons.append(button)

    def _tags(self) -> list[str]:
        return [t.strip() for t in self.tags_edit.text().replace("，", ",").split(",") if t.strip()]

    def _add_tag(self, tag: str) -> None:
        current = self._tags()
        if tag not in current:
            self.tags_edit.setText("，".join([*current, tag]))
            self._changed()
            self.refresh_suggestions()

    # -- formatting -------------------------------------------------------------------------

    def _toggle_weight(self) -> None:
        bold = self.body_edit.fontWeight() > QFont.Weight.Normal
        self.body_edit.setFontWeight(QFont.Weight.Normal if bold else QFont.Weight.Bold)

    def _heading(self, level: int) -> None:
        cursor = self.body_edit.textCursor()
        block_format = cursor.blockFormat()
        block_format.setHeadingLevel(level)
        cursor.setBlockFormat(block_format)
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        heading.setProperty(QTextCharFormat.Property.FontSizeAdjustment, max(0, 3 - level) if level else 0)
        cursor.select(cursor.SelectionType.BlockUnderCursor)
        cursor.mergeCharFormat(heading)

    def _bullets(self) -> None:
        self.body_edit.textCursor().createList(QTextListFormat.Style.ListDisc)

    # -- drafts -----------------------------------------------------------------------------

    def _draft_file(self) -> Path:
        return drafts_folder() / f"{self._case.id if self._case else 'new'}.json"

    def _write_draft(self) -> None:
        if not self._dirty:
            return
        draft = self.draft()
        payload = {**draft.__dict__, "date": draft.date.isoformat() if draft.date else None,
                   "tags": list(draft.tags), "saved_at": dt.datetime.now().isoformat()}
        path = self._draft_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
        saved_at = dt.datetime.now().strftime("%H:%M:%S")
        self.keep_filled("status", lambda: self.status.setText(fill(self.tr("草稿已自动保存 %1"), saved_at)))

    def _offer_draft(self) -> None:
        path = self._draft_file()
        if not path.is_file():
            return
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        answer = QMessageBox.question(
            self, self.tr("恢复草稿"),
            fill(self.tr("发现 %1 自动保存的未保存修改，要恢复吗？"), payload.get("saved_at", "")[:16]))
        if answer != QMessageBox.StandardButton.Yes:
            path.unlink(missing_ok=True)
            return
        self.title_edit.setText(payload.get("title", ""))
        self.unit_edit.setText(payload.get("unit", ""))
        self.source_edit.setText(payload.get("source", ""))
        self.author_edit.setText(payload.get("author", ""))
        self.tags_edit.setText("，".join(payload.get("tags", [])))
        if payload.get("date"):
            self.date_known.setChecked(True)
            self.date_edit.setDate(QDate.fromString(payload["date"], "yyyy-MM-dd"))
        self.body_edit.setMarkdown(payload.get("body", ""))
        self._dirty = True

    # -- saving and closing -----------------------------------------------------------------

    def save(self) -> bool:
        """Start saving on the runner: the window stays responsive meanwhile, and the editor closes
        once the case is saved. False when no save started (no title, or one is under way)."""
        if self._saving is not None:
            return False
        draft = self.draft()
        if not draft.title.strip():
            QMessageBox.warning(self, self.tr("无法保存"), self.tr("请填写案例标题。"))
            self.title_edit.setFocus()
            return False
        used = [f for name, f in self._new_files.items() if f"attachment:{name}" in draft.body]
        library, case, base_version = self._library, self._case, self._base_version

        def store(_context: object) -> Case:
            if case is None:
                return library.cases.add(draft, attachments=used)
            return library.cases.update(case.id, draft, new_attachments=used, base_version=base_version)

        self._saving = Operation(self._runner, store, name="save-case", on_success=self._saved,
                                 on_failure=lambda error: self._not_saved(error, draft))
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))
        self._saving.start()
        return True

    def _saved(self, saved: Case) -> None:
        self._saving = None
        self.save_button.setEnabled(True)
        self._forget_kept_draft()
        self._case = saved
        self._dirty = False
        self._draft_file().unlink(missing_ok=True)
        (drafts_folder() / "new.json").unlink(missing_ok=True)
        self.status.clear()
        self.case_saved.emit(saved)
        self.accept()

    def _not_saved(self, error: Exception, draft: CaseDraft) -> None:
        self._saving = None
        self.save_button.setEnabled(True)
        if isinstance(error, ConflictError):  # The text stays here (and on the server): compare, merge.
            self._compare(error, draft)
            return
        self.status.setText(self.tr("未保存。"))
        # The editor stays open with the text; the library's errors are sentences for the user.
        message = str(error) if isinstance(error, ArchiveError) else unexpected_error_message(error)
        QMessageBox.critical(self, self.tr("保存失败"), message)

    # -- a save refused over a newer version --------------------------------------------------

    def _compare(self, conflict: ConflictError, draft: CaseDraft) -> None:
        case_id = self._case.id
        newest = self._library.get_case(case_id)
        base = next((r for r in self._library.revisions(case_id) if r.number == self._base_version), None)
        self._kept_draft = conflict.draft_id if conflict.draft_id is not None else self._kept_draft
        self.status.setText(self.tr("冲突：未保存，您的文本仍在编辑器中。"))
        self.merge_dialog = MergeDialog(str(conflict), newest, conflict.version, draft, base, self)
        self.merge_dialog.chosen.connect(lambda choice: self._merge(choice, newest, conflict.version))
        self.merge_dialog.open()

    def _merge(self, choice: str, newest: Case, version: int) -> None:
        """用我的 saves this text on the newest version; 编辑合并结果 puts both sides' changes here to
        check and save; 用他们的 keeps the newest and closes."""
        merged = self.merge_dialog.merged()
        self._base_version = version
        if choice == MINE:
            self.save()
        elif choice == MERGED:
            self._show_fields(merged)
            self.body_edit.setMarkdown(merged.body)
            self._changed()
            self.status.setText(self.tr("已合并双方的修改：请检查〔冲突〕标记处，再保存。"))
        else:
            self._forget_kept_draft()
            self._dirty = False
            self._draft_file().unlink(missing_ok=True)
            self.case_saved.emit(newest)
            self.accept()

    def _forget_kept_draft(self) -> None:
        if self._kept_draft is None:
            return
        try:
            self._library.drafts.discard(self._kept_draft)
        except ArchiveError as error:  # It stays listed in `drafts list`: harmless.
            self.status.setText(str(error))
        self._kept_draft = None

    def reject(self) -> None:
        if self._saving is not None:  # It closes by itself once saved; a failure keeps the text here.
            self.status.setText(self.tr("正在保存，保存完成后自动关闭。"))
            return
        if self._dirty:
            answer = QMessageBox.question(
                self, self.tr("未保存的修改"), self.tr("这个案例有未保存的修改。要保存吗？"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
            self._draft_file().unlink(missing_ok=True)
        super().reject()

    def closeEvent(self, event) -> None:
        if self._dirty or self._saving is not None:
            event.ignore()
            self.reject()
        else:
            super().closeEvent(event)

