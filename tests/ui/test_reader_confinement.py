"""The reader reads no address outside the case's own files and opens copies only in its folder."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from archive.library import CaseDraft, NewFile
from ui.reader import CaseReader

PHOTO = NewFile("现场照片.png", b"\x89PNG\r\n\x1a\n not really a picture", "image/png")


def test_only_the_cases_own_images_are_loaded(qtbot, library):
    case = library.cases.add(CaseDraft("标题", "正文 ![照片](attachment:现场照片.png)\n"), attachments=[PHOTO])
    reader = CaseReader()
    qtbot.addWidget(reader)
    reader.show_case(library, case)
    own = QUrl.fromLocalFile(str(library.file_path(case.attachments[0])))
    image = QTextDocument.ResourceType.ImageResource.value
    assert reader.loadResource(image, own) is not None
    for address in ("http://example.com/a.png", "https://example.com/a.png", "file://server/share/a.png",
                    "//server/share/a.png", QUrl.fromLocalFile("/etc/hostname").toString()):
        assert reader.loadResource(image, QUrl(address)) is None, address


def test_a_stored_name_that_climbs_out_is_opened_inside_the_open_folder(library):
    case = library.cases.add(CaseDraft("标题", "正文"), attachments=[PHOTO])
    hostile = dataclasses.replace(case.attachments[0], name="../../../escape.png")
    copy = library.copy_to_open(hostile)
    assert copy.parent.parent.name == "casearchive-open" and copy.name == "escape.png"
    assert copy.read_bytes() == PHOTO.data
