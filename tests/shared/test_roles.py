"""只读 / 编辑 / 管理 on the server: what a role may not do, the server refuses, whatever the client."""

from __future__ import annotations

import itertools

import pytest

from archive.backends.postgresql import SharedStore
from archive.errors import PermissionDeniedError
from archive.model import CaseDraft

_names = itertools.count(1)


@pytest.fixture
def login(postgres_server, shared_url):
    """A store connected as a new login role that is a member of `role`."""
    opened: list[SharedStore] = []

    def connect(role: str) -> SharedStore:
        user = f"{role.split('_')[1]}_user_{next(_names)}"
        postgres_server.execute(f"CREATE ROLE {user} LOGIN IN ROLE {role}")
        opened.append(SharedStore.open(shared_url.replace("postgres@", f"{user}@")))
        return opened[-1]

    yield connect
    for store in opened:
        store.close()


def test_each_role_reports_its_name(login):
    assert [login(r).current_role() for r in ("casearchive_read", "casearchive_edit", "casearchive_admin")] \
        == ["只读", "编辑", "管理"]


def test_a_reader_cannot_add_cases(login):
    reader = login("casearchive_read")
    assert reader.list_tags()
    with pytest.raises(PermissionDeniedError, match="权限不足：您的账户不能添加案例"):
        reader.add_case(CaseDraft("只读用户的案例"))


def test_an_editor_edits_and_trashes_but_cannot_restore_purge_or_change_the_taxonomy(login):
    editor = login("casearchive_edit")
    case_id = editor.add_case(CaseDraft("编辑的案例", tags=("新标签",)))
    assert editor.update_case(case_id, CaseDraft("编辑的案例（修订）", tags=("新标签",)))
    editor.trash_case(case_id)
    with pytest.raises(PermissionDeniedError, match="管理"):
        editor.restore_case(case_id)
    with pytest.raises(PermissionDeniedError, match="管理"):
        editor.purge_case(case_id)
    for change in (lambda: editor.rename_tag("新标签", "改名"), lambda: editor.delete_tag("新标签"),
                   lambda: editor.recolor_tag("新标签", "#000000")):
        with pytest.raises(PermissionDeniedError, match="管理"):
            change()

    admin = login("casearchive_admin")
    admin.restore_case(case_id)
    admin.rename_tag("新标签", "改名")
    admin.trash_case(case_id)
    admin.purge_case(case_id)
    assert not admin.exists(case_id)
