; Inno Setup script for DTPlan on Windows (Inno Setup 6). Build the bundle first:
;   .venv-build\Scripts\pyinstaller --noconfirm --clean build.spec
; then compile this script from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" resources\installer\windows\dtplan.iss
; The installer needs no network: everything is in dist\dtplan. It installs per user by default
; (no administrator rights needed in most offices), registers .dtplan files and adds shortcuts.

#define AppName "DTPlan 数字化转型规划"
#define AppVersion "0.1.0"
#define Root "..\..\.."

[Setup]
AppId={{8C1B6F4E-2D7A-4E3B-9B8E-44545031D7A1}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=DTPlan
DefaultDirName={autopf}\DTPlan
DefaultGroupName=DTPlan
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#Root}\dist
OutputBaseFilename=DTPlan-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\dtplan.ico
UninstallDisplayIcon={app}\dtplan.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#Root}\dist\dtplan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\DTPlan"; Filename: "{app}\dtplan.exe"
Name: "{group}\DTPlan 自检 (self-test)"; Filename: "{app}\dtplan-cli.exe"; Parameters: "--self-test"
Name: "{autodesktop}\DTPlan"; Filename: "{app}\dtplan.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Registry]
Root: HKA; Subkey: "Software\Classes\.dtplan"; ValueType: string; ValueName: ""; ValueData: "DTPlan.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\DTPlan.Project"; ValueType: string; ValueName: ""; ValueData: "DTPlan 项目"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\DTPlan.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\dtplan.exe,0"
Root: HKA; Subkey: "Software\Classes\DTPlan.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\dtplan.exe"" ""%1"""

[Run]
Filename: "{app}\dtplan-cli.exe"; Parameters: "--self-test"; Description: "运行自检 / Run the self-test"; Flags: postinstall skipifsilent unchecked
Filename: "{app}\dtplan.exe"; Description: "{cm:LaunchProgram,DTPlan}"; Flags: nowait postinstall skipifsilent
