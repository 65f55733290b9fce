"""History: a version reads title first, then its rendered body; an edit's changes show inline."""

from __future__ import annotations

from ui.roles import IdRole
from ui.text_diff import inline_diff_html


def test_a_changed_character_shows_as_that_character_in_the_cases_script():
    diff = inline_diff_html("標題\n氣象部門鞏固拓展工作\n不變的一段", "標題\n氣象部門鞏固擴展工作\n不變的一段\n新增一段")
    assert "line-through'>拓</span>" in diff and "underline'>擴</span>" in diff
    assert "<p>不變的一段</p>" in diff
    assert "underline'>新增一段</span>" in diff
    assert "<p>标题</p>" not in diff  # never converted to another script


def test_the_history_previews_title_then_body_and_shows_the_changes(qtbot, window, library):
    case_id = window.searching.results.index(0).data(IdRole)
    before = library.get_case(case_id)
    editor = window.reading.edit_case(case_id)
    editor.title_edit.setText("改过的标题")
    editor.body_edit.setMarkdown("## 一、做法\n\n**分级**叫应。")
    assert editor.save()
    dialog = window.dialogs.show_history(case_id)
    qtbot.addWidget(dialog)
    preview = dialog.preview.toPlainText()
    assert preview.startswith(before.title)
    assert "#" not in preview.splitlines()[0]
    assert "**" not in preview
    changes = dialog.changes.toHtml()
    assert "从第 1 版到当前内容的改动" in dialog.changes.toPlainText()
    assert "改过的标题" in dialog.changes.toPlainText() and "line-through" in changes
