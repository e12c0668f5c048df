; NSIS script for the DTPlan installer (NSIS 3, built on Linux or Windows with makensis):
;   makensis -INPUTCHARSET UTF8 -DROOT=$PWD -DVERSION=0.1.0 -DBUNDLE=$PWD/dist-windows/dtplan \
;            -DOUTFILE=$PWD/dist-windows/DTPlan-0.1.0-setup.exe resources/installer/windows/dtplan.nsi
; (.ci/windows does this, then installs the result silently into a fresh Wine prefix and runs the
; installed self-test). A 64-bit installer: installs per user, without administrator rights, into
; %LOCALAPPDATA%\Programs\DTPlan; Start-menu and desktop shortcuts; .dtplan files open in DTPlan
; with its icon; Chinese pages; refuses Windows older than Windows 10 1809 (build 17763), which Qt 6
; needs (as the program itself does at start, ui/windows_check.py). Silent install: setup.exe /S
; (exit code 3 on an unsupported Windows). The uninstaller removes the program only: projects,
; settings (HKCU\Software\DTPlan) and logs (%LOCALAPPDATA%\DTPlan) stay.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
!ifndef COMPRESSION
  !define COMPRESSION lzma  ; release: ~53 MB, ~6 min on 2 cores; .ci/windows passes zlib: ~86 MB, <1 min
!endif
SetCompressor /SOLID ${COMPRESSION}

!include MUI2.nsh
!include WinVer.nsh
!include LogicLib.nsh

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE
  !error "define BUNDLE: the PyInstaller onedir bundle (dist-windows/dtplan)"
!endif
!ifndef OUTFILE
  !define OUTFILE "DTPlan-${VERSION}-setup.exe"
!endif
!ifndef ROOT
  !define ROOT "${__FILEDIR__}/../../.."  ; the repository (.ci/windows passes its absolute path)
!endif
!define APPNAME "DTPlan 数字化转型规划"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\DTPlan"
!define MINBUILD 17763
!define MINTEXT "64 位 Windows 10 版本 1809（内部版本 17763）或更高版本"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\DTPlan"
BrandingText "DTPlan ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "DTPlan"
VIAddVersionKey /LANG=2052 "FileDescription" "DTPlan 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "DTPlan"

!define MUI_ICON "${ROOT}/resources/icons/dtplan.ico"
!define MUI_UNICON "${ROOT}/resources/icons/dtplan.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\dtplan.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

!macro REFUSE_OLD_WINDOWS
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MINBUILD}
    MessageBox MB_OK|MB_ICONSTOP "DTPlan 需要${MINTEXT}。$\r$\n本机的 Windows 版本过旧，安装已取消。$\r$\n请升级 Windows，或在符合要求的电脑上安装。" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  ${IfNot} ${FileExists} "$SYSDIR\icuuc.dll"
    MessageBox MB_OK|MB_ICONSTOP "DTPlan 需要的 Windows 系统组件 icuuc.dll 缺失。$\r$\n请安装${MINTEXT}的全部更新后再安装。" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
!macroend

Function .onInit
  SetShellVarContext current
  !insertmacro REFUSE_OLD_WINDOWS
FunctionEnd

Section "DTPlan" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\DTPlan"
  CreateShortcut "$SMPROGRAMS\DTPlan\DTPlan.lnk" "$INSTDIR\dtplan.exe" "" "$INSTDIR\dtplan.exe" 0
  CreateShortcut "$SMPROGRAMS\DTPlan\DTPlan 自检.lnk" "$INSTDIR\dtplan-cli.exe" "--self-test" "$INSTDIR\dtplan.exe" 0
  CreateShortcut "$SMPROGRAMS\DTPlan\卸载 DTPlan.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\DTPlan.lnk" "$INSTDIR\dtplan.exe" "" "$INSTDIR\dtplan.exe" 0

  ; .dtplan files, for this user only (HKCU\Software\Classes needs no administrator rights)
  WriteRegStr HKCU "Software\Classes\.dtplan" "" "DTPlan.Project"
  WriteRegStr HKCU "Software\Classes\DTPlan.Project" "" "DTPlan 项目"
  WriteRegStr HKCU "Software\Classes\DTPlan.Project\DefaultIcon" "" '"$INSTDIR\dtplan.exe",0'
  WriteRegStr HKCU "Software\Classes\DTPlan.Project\shell\open\command" "" '"$INSTDIR\dtplan.exe" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "DTPlan"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\dtplan.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; Only what the installer put there: the program folder's own files, the shortcuts, the file type
; and the uninstall entry. A project saved into the program folder, the settings and the logs stay.
Section "Uninstall"
  SetShellVarContext current
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\dtplan.exe"
  Delete "$INSTDIR\dtplan-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\DTPlan\DTPlan.lnk"
  Delete "$SMPROGRAMS\DTPlan\DTPlan 自检.lnk"
  Delete "$SMPROGRAMS\DTPlan\卸载 DTPlan.lnk"
  RMDir "$SMPROGRAMS\DTPlan"
  Delete "$DESKTOP\DTPlan.lnk"
  ReadRegStr $0 HKCU "Software\Classes\.dtplan" ""
  ${If} $0 == "DTPlan.Project"
    DeleteRegKey HKCU "Software\Classes\.dtplan"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\DTPlan.Project"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
