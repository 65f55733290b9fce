"""文件 ▸ 连接共享案例库…: server, port, database, user, password and TLS mode, a 测试连接 that
changes nothing, and 连接, which the window carries out (`ArchiveSwitcher`) and reports back here:
the dialog stays open with the reason when it fails."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from archive.library import ROLES, SSL_MODES, ConnectionFailedError, Library, ServerAddress
from ui.i18n import fill
from ui.operations import Operation
from ui.tasks import TaskRunner

DEFAULT_PORT = 5432


def role_text(role: str) -> str:
    """只读, 编辑 or 管理 in the interface's language."""
    names = (QCoreApplication.translate("ConnectDialog", "只读"),
             QCoreApplication.translate("ConnectDialog", "编辑"),
             QCoreApplication.translate("ConnectDialog", "管理"))
    return dict(zip(ROLES, names, strict=True)).get(role, role)


class ConnectDialog(QDialog):
    connect_requested = Signal(object, str, bool)
    """(ServerAddress, password, whether to keep the password in the keyring)."""

    def __init__(self, runner: TaskRunner, address: ServerAddress | None, *, keyring_usable: bool,
                 message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._probe: Operation | None = None
        self.setWindowTitle(self.tr("连接共享案例库"))
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(self.tr("如 db.intranet 或 10.1.2.3"))
        self.port_box = QSpinBox()
        self.port_box.setRange(1, 65535)
        self.port_box.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText(self.tr("如 case_archive"))
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssl_box = QComboBox()
        descriptions = {
            "prefer": self.tr("服务器支持时加密（默认）"), "disable": self.tr("不加密"),
            "require": self.tr("必须加密（require）"), "verify-ca": self.tr("加密并校验证书（verify-ca）"),
            "verify-full": self.tr("加密并校验证书和服务器名（verify-full）")}
        for mode in SSL_MODES:
            self.ssl_box.addItem(descriptions[mode], mode)
        self.remember_box = QCheckBox(self.tr("在系统钥匙串中记住密码"))
        self.remember_box.setChecked(keyring_usable)
        self.remember_box.setEnabled(keyring_usable)
        self.keyring_note = QLabel(self.tr("本机没有可用的系统钥匙串：密码不会保存，每次连接都要输入。"))
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not keyring_usable)

        form = QFormLayout()
        form.addRow(self.tr("服务器"), self.host_edit)
        form.addRow(self.tr("端口"), self.port_box)
        form.addRow(self.tr("数据库"), self.database_edit)
        form.addRow(self.tr("用户名"), self.user_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow(self.tr("加密连接"), self.ssl_box)
        form.addRow("", self.remember_box)

        self.status = QLabel(message)
        self.status.setWordWrap(True)
        self.status.setObjectName("connectStatus")
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.clicked.connect(self.test_connection)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("连接"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.request_connection)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        if address is not None:
            self._fill(address)
        (self.password_edit if address is not None else self.host_edit).setFocus()

    def _fill(self, address: ServerAddress) -> None:
        self.host_edit.setText(address.host)
        self.port_box.setValue(address.port)
        self.database_edit.setText(address.database)
        self.user_edit.setText(address.user)
        self.ssl_box.setCurrentIndex(max(0, self.ssl_box.findData(address.sslmode)))

    def address(self) -> ServerAddress:
        return ServerAddress(self.host_edit.text().strip(), self.database_edit.text().strip(),
                             self.user_edit.text().strip(), self.port_box.value(),
                             self.ssl_box.currentData())

    def _checked_address(self) -> ServerAddress | None:
        address = self.address()
        problems = address.problems()
        if problems:
            self.show_error(problems[0])
            return None
        return address

    def test_connection(self) -> None:
        """Connect and check the archive in a worker, changing nothing; say the role found."""
        address = self._checked_address()
        if address is None:
            return
        url = address.url(self.password_edit.text())
        self.set_busy(True, self.tr("正在连接…"))
        self._probe = Operation(self._runner, lambda _context: Library.probe_server(url), name="probe",
                                on_success=self._tested, on_failure=self.show_error).start()

    def _tested(self, role: str) -> None:
        self.set_busy(False)
        self.status.setStyleSheet("color:#1e7b34")
        self.status.setText(fill(self.tr("连接成功：这是一个共享案例库，您的权限是「%1」。"),
                                 role_text(role)))

    def request_connection(self) -> None:
        address = self._checked_address()
        if address is not None:
            self.set_busy(True, self.tr("正在连接…"))
            self.connect_requested.emit(address, self.password_edit.text(), self.remember_box.isChecked())

    def show_error(self, error: Exception | str) -> None:
        """Why connecting failed; the dialog stays open to correct it."""
        self.set_busy(False)
        self.status.setStyleSheet("color:#b03a2e")
        self.status.setText(str(error))
        if isinstance(error, ConnectionFailedError) and "密码" in str(error):
            self.password_edit.selectAll()
            self.password_edit.setFocus()

    def set_busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.test_button, self.connect_button):
            widget.setEnabled(not busy)
        if busy:
            self.status.setStyleSheet("")
            self.status.setText(text)
