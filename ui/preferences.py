"""The preferences dialog: language, interface scale, autosave interval. Language and scale apply
at the next start."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from .settings import LANGUAGES, UI_SCALES, Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in zip(LANGUAGES, ("简体中文", "English")):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.scale = QComboBox()
        for code in UI_SCALES:
            self.scale.addItem(self.tr("Automatic") if code == "auto" else f"{float(code):.0%}", code)
        self.scale.setCurrentIndex(max(0, self.scale.findData(settings.ui_scale)))
        self.autosave = QSpinBox()
        self.autosave.setRange(1, 60)
        self.autosave.setSuffix(self.tr(" min"))
        self.autosave.setValue(settings.autosave_minutes)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Interface scale:"), self.scale)
        form.addRow(self.tr("Autosave every:"), self.autosave)
        self.reopen_last = QCheckBox(self.tr("Open the most recent project at start (else the sample)"))
        self.reopen_last.setChecked(settings.reopen_last)
        form.addRow(self.reopen_last)
        note = QLabel(self.tr("Language and scale take effect when DTPlan starts again."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #595959")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def restart_needed(self) -> bool:
        return (self.language.currentData() != self.settings.language
                or self.scale.currentData() != self.settings.ui_scale)

    def save(self) -> bool:
        """Store the choices; True when a restart is needed for them to show."""
        restart = self.restart_needed()
        self.settings.language = self.language.currentData()
        self.settings.ui_scale = self.scale.currentData()
        self.settings.autosave_minutes = self.autosave.value()
        self.settings.reopen_last = self.reopen_last.isChecked()
        self.settings.sync()
        return restart
