"""The window on a shared archive, against a real PostgreSQL server (skipped without one): connecting
(password in the keyring, clear errors), the recent list, what each role may do, a refused save
compared and merged, and another desktop's saves showing up."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from archive.library import CaseDraft, Library, ServerAddress
from ui.app import demo_drafts
from ui.dialogs.connect_dialog import ConnectDialog
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner

CASES = Path(__file__).with_name("cases.json")


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield keyring.get_keyring()
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def desktop_cache(tmp_path, monkeypatch):
    """This desktop's cache folder; `other()` switches to another desktop's for the next open."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-here"))
    return lambda: monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-there"))


@pytest.fixture
def shared_window(qtbot, settings, desktop_cache, monkeypatch, tmp_path):
    monkeypatch.setattr("ui.dialogs.editor.drafts_folder", lambda: tmp_path / "drafts")
    window = MainWindow(settings, TaskRunner(synchronous=True))
    window.show()
    yield window
    window.runner.wait()
    # An editor a failed test left open gives up its text rather than asking.
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def _fill(dialog: ConnectDialog, url: str, password: str = "") -> None:
    address = ServerAddress.from_url(url)
    dialog.host_edit.setText(address.host)
    dialog.port_box.setValue(address.port)
    dialog.database_edit.setText(address.database)
    dialog.user_edit.setText(address.user)
    dialog.password_edit.setText(password)


def _connect(window: MainWindow, url: str, password: str = "") -> ConnectDialog:
    dialog = window.archives.connect_shared()
    _fill(dialog, url, password)
    dialog.connect_button.click()
    return dialog


def test_connecting_keeps_the_password_in_the_keyring_and_shows_server_database_and_role(
        shared_window, new_login, memory_keyring, settings):
    url = new_login("casearchive_edit", password="geheim 密码")
    dialog = _connect(shared_window, url, "wrong")
    assert dialog.isVisible() and "用户名或密码不对" in dialog.status.text()
    assert shared_window.library is None

    dialog.test_button.click()  # the wrong password is still there
    assert "用户名或密码不对" in dialog.status.text()
    dialog.password_edit.setText("geheim 密码")
    dialog.test_button.click()
    assert "连接成功" in dialog.status.text() and "编辑" in dialog.status.text()
    dialog.connect_button.click()
    assert not dialog.isVisible()

    library, address = shared_window.library, ServerAddress.from_url(url)
    assert library.server == address and library.role == "编辑"
    assert address.database in shared_window.windowTitle() and "编辑" in shared_window.windowTitle()
    status = shared_window.status.path_label.text()
    assert address.host in status and address.database in status and address.user in status
    assert memory_keyring.saved == {("CaseArchive", address.key): "geheim 密码"}
    assert settings.get(Settings.RECENT_ARCHIVES)[0] == address.url()
    settings.sync()
    assert "geheim" not in Path(settings._store.fileName()).read_text(encoding="utf-8")


def test_the_recent_list_reopens_a_shared_archive_with_the_keyring_password(
        shared_window, new_login, memory_keyring, tmp_path):
    url = new_login("casearchive_read", password="pw1")
    _connect(shared_window, url, "pw1")
    shared_window.archives.open(tmp_path / "personal")
    assert shared_window.library.server is None and shared_window.windowTitle() == "典型案例库"

    shared_window.archives.fill_recent_menu()
    entries = shared_window.archives.recent_menu.actions()
    address = ServerAddress.from_url(url)
    assert entries[1].text() == f"共享：{address}（用户 {address.user}）"
    entries[1].trigger()
    assert shared_window.library.server == address and shared_window.library.role == "只读"


def test_without_a_keyring_the_dialog_says_so_and_the_password_is_asked_again(
        shared_window, new_login, no_keyring, tmp_path):
    url = new_login("casearchive_read", password="pw2")
    dialog = _connect(shared_window, url, "pw2")
    assert not dialog.remember_box.isEnabled() and not dialog.keyring_note.isHidden()
    assert shared_window.library.role == "只读"
    shared_window.archives.open(tmp_path / "personal")

    shared_window.archives.open(ServerAddress.from_url(url).url())
    asking = shared_window.findChildren(ConnectDialog)[-1]
    assert asking.isVisible() and asking.user_edit.text() == ServerAddress.from_url(url).user
    assert "请输入密码" in asking.status.text()
    asking.password_edit.setText("pw2")
    asking.connect_button.click()
    assert shared_window.library.server == ServerAddress.from_url(url)


def test_tls_required_and_an_uninitialised_database_are_said_in_the_dialog(
        shared_window, new_login, empty_database_url, memory_keyring):
    dialog = _connect(shared_window, new_login("casearchive_edit", tls_only=True))
    assert "服务器要求加密连接" in dialog.status.text()
    dialog = _connect(shared_window, empty_database_url())
    assert "还不是共享案例库" in dialog.status.text() and "server init" in dialog.status.text()
    dialog = _connect(shared_window, "postgresql://nobody@127.0.0.1:1/none")
    assert "连不上服务器" in dialog.status.text()
    dialog.host_edit.clear()
    dialog.connect_button.click()
    assert dialog.status.text() == "请填写服务器地址。"


@pytest.mark.parametrize(("role", "writes", "administers"), [
    ("casearchive_read", False, False), ("casearchive_edit", True, False), ("casearchive_admin", True, True)])
def test_each_role_sees_only_what_it_may_do(shared_window, new_login, shared_url, memory_keyring,
                                            role, writes, administers):
    with Library.open(shared_url) as owner:
        owner.cases.add_many(demo_drafts(CASES)[:3])
    _connect(shared_window, new_login(role))
    window = shared_window
    assert window.searching.results.rowCount() == 3
    for action in (window.menus.new_action, window.menus.import_action, window.menus.edit_action, window.menus.trash_action,
                   window.menus.unpack_action, window.menus.batch_action):
        assert action.isEnabled() == writes, action.text()
    assert window.menus.tags_action.isEnabled() == administers
    assert window.menus.export_action.isEnabled()
    trash = window.dialogs.show_trash()
    assert all(not b.isEnabled() for b in (trash.restore_button, trash.purge_button))  # empty
    trash.close()


def test_an_editor_trashes_without_undo_and_cannot_restore(shared_window, new_login, shared_url,
                                                           memory_keyring, monkeypatch):
    with Library.open(shared_url) as owner:
        owner.cases.add_many(demo_drafts(CASES)[:2])
    _connect(shared_window, new_login("casearchive_edit"))
    window = shared_window
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    window.reading.trash_selected()
    assert window.searching.results.rowCount() == 1 and window.status.undo_offer.button.isHidden()
    assert "只有管理员可以恢复" in window.statusBar().currentMessage()
    trash = window.dialogs.show_trash()
    assert trash.list.count() == 1 and "只有管理员可以恢复或彻底删除" in trash.hint.text()
    assert not any(b.isEnabled() for b in (trash.restore_button, trash.purge_button, trash.empty_button))
    trash.close()


def test_a_refusal_by_the_server_reaches_the_user_as_a_sentence(shared_window, new_login, shared_url,
                                                                 memory_keyring, monkeypatch):
    with Library.open(shared_url) as owner:
        owner.cases.add_many(demo_drafts(CASES)[:1])
        owner.tags.add("待改名")
    _connect(shared_window, new_login("casearchive_edit"))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text)))
    library = shared_window.library
    shared_window.status.run_with_progress("改名", lambda _context: library.tags.rename("待改名", "新名"))
    assert len(shown) == 1 and shown[0][1].startswith("权限不足：") and "管理" in shown[0][1]


def _conflict(window, desktop_cache, shared_url, new_login, their_title: str | None = None):
    """A case in the shared archive; this window's editor open on it, and another desktop's save
    of it meanwhile (its body, and its title when given): returns the case's id and the editor."""
    with Library.open(shared_url) as owner:
        owner.cases.add_many(demo_drafts(CASES)[:1])
    url = new_login("casearchive_edit")
    _connect(window, url)
    case_id = window.searching.results.case_id(0)
    editor = window.reading.edit_case(case_id)
    desktop_cache()
    with Library.open(url) as other:
        case = other.get_case(case_id)
        other.cases.update(case_id, CaseDraft(their_title or case.title,
                                              case.body.replace("一、", "一、（他人改过）", 1),
                                              case.unit, case.source, case.author, case.date, case.tags))
    editor.body_edit.setMarkdown(editor.body_edit.toMarkdown() + "\n我补充的一段。\n")
    return case_id, editor


def test_a_refused_save_keeps_the_text_and_is_merged_onto_the_newest_version(
        shared_window, new_login, shared_url, memory_keyring, desktop_cache):
    case_id, editor = _conflict(shared_window, desktop_cache, shared_url, new_login)
    editor.save()
    assert editor.isVisible()
    dialog = editor.merge_dialog
    assert dialog.isVisible() and dialog.message.text().startswith("冲突：该案例已被他人修改（第 2 版）")
    assert "我补充的一段" in dialog.mine_view.toPlainText() and "他人改过" in dialog.theirs_view.toPlainText()
    assert "background-color:#fdebd0" in dialog.theirs_view.toHtml()  # what mine lacks, marked
    assert "background-color:#e3f4e1" in dialog.mine_view.toHtml()
    library = shared_window.library
    assert [d.based_on for d in library.drafts.list(case_id)] == [1]

    dialog.merge_button.click()
    merged = editor.body_edit.toMarkdown()
    assert "他人改过" in merged and "我补充的一段" in merged and "〔冲突" not in merged
    assert editor.save() is True
    saved = library.get_case(case_id)
    assert "他人改过" in saved.body and "我补充的一段" in saved.body
    assert library.case_version(case_id) == 3 and library.drafts.list(case_id) == []


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_use_mine_or_theirs(shared_window, new_login, shared_url, memory_keyring, desktop_cache, choice):
    case_id, editor = _conflict(shared_window, desktop_cache, shared_url, new_login)
    editor.save()
    (editor.merge_dialog.mine_button if choice == "mine" else editor.merge_dialog.theirs_button).click()
    assert not editor.isVisible()
    library = shared_window.library
    body = library.get_case(case_id).body
    assert ("我补充的一段" in body) == (choice == "mine") and ("他人改过" in body) == (choice == "theirs")
    assert library.case_version(case_id) == (3 if choice == "mine" else 2)
    assert library.drafts.list(case_id) == []
    assert ("我补充的一段" in shared_window.reading.reader.toPlainText()) == (choice == "mine")


def test_the_other_fields_that_differ_are_compared_and_merged_too(
        shared_window, new_login, shared_url, memory_keyring, desktop_cache):
    case_id, editor = _conflict(shared_window, desktop_cache, shared_url, new_login,
                                their_title="他人改过的标题")
    editor.unit_edit.setText("我填的单位")
    editor.save()
    dialog = editor.merge_dialog
    assert set(dialog.field_choices) == {"title", "unit"}
    title_box, _ = dialog.field_choices["title"]
    assert title_box.currentText() == "合并双方：他人改过的标题"
    dialog.merge_button.click()
    assert editor.title_edit.text() == "他人改过的标题" and editor.unit_edit.text() == "我填的单位"
    assert editor.save() is True
    saved = shared_window.library.get_case(case_id)
    assert (saved.title, saved.unit) == ("他人改过的标题", "我填的单位")
    assert "他人改过" in saved.body and "我补充的一段" in saved.body


def test_another_desktop_s_save_shows_in_the_results_reader_and_tags(
        qtbot, shared_window, new_login, shared_url, memory_keyring, desktop_cache):
    with Library.open(shared_url) as owner:
        owner.cases.add_many(demo_drafts(CASES)[:2])
    url = new_login("casearchive_edit")
    _connect(shared_window, url)
    window = shared_window
    case_id = window.searching.results.case_id(0)
    window.reading.open_case(case_id)
    threads = []
    window.library.subscribe(lambda _event: threads.append(threading.current_thread()))
    desktop_cache()
    with Library.open(url) as other:
        case = other.get_case(case_id)
        other.cases.update(case_id, CaseDraft("远程修改的标题", case.body, case.unit, case.source, case.author,
                                             case.date, (*case.tags, "远程新标签")))

    def shown() -> bool:
        row = window.searching.results.row_of(case_id)
        return (row >= 0 and window.searching.results.index(row).data() == "远程修改的标题"
                and "远程修改的标题" in window.reading.reader.toPlainText() and "远程新标签" in window.searching.results.tag_colors)

    # Nobody touches this window: the server's notice reaches it on the follower's thread, and the
    # window takes it on its own.
    qtbot.waitUntil(shown, timeout=15_000)
    assert threads and all(t is not threading.main_thread() for t in threads)
