; Inno Setup 6 script for the CXR Triage Windows installer (setup.exe).
;
; Build the PyInstaller bundle first (dist\cxr-triage\ with CXRTriage.exe, cxr-triage.exe and
; _internal\), then, from the repository root:
;
;   iscc /DAppVersion=0.1.0 /DIconFile=..\..\build\cxr-triage.ico installer\windows\cxr_triage.iss
;
; Output: dist\cxr-triage-<version>-setup.exe. Relative paths below are relative to this file.
; The installer asks whether to install for all users (Program Files, needs admin) or only the
; current user (%LOCALAPPDATA%\Programs, no admin); /ALLUSERS or /CURRENTUSER choose silently.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\cxr-triage"
#endif
#define AppName "CXR Triage"
#define AppGuiExe "CXRTriage.exe"
#define AppCliExe "cxr-triage.exe"

[Setup]
; AppId identifies the program for upgrades and the uninstaller: never change it.
AppId={{6D1B7C3E-2F4A-4C8B-9E5D-A17F3B2C9D40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CXR Triage
AppComments=Offline chest X-ray pneumonia triage. Assistive, not a diagnosis.
; {autopf}: Program Files for all users, %LOCALAPPDATA%\Programs per user (see DefaultInstallDir).
DefaultDirName={code:DefaultInstallDir}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default; the dialog offers "install for all users" (admin).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=cxr-triage-{#AppVersion}-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\{#AppGuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
InfoBeforeFile=notice.txt
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole onedir bundle, recursively (PyInstaller 6 keeps its dependencies in _internal\).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "notice.txt"; DestDir: "{app}"; DestName: "NOTICE.txt"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppGuiExe}"; Comment: "Chest X-ray triage worklist (assistive, not a diagnosis)"
; The self-test opens a console that stays open so the PASS/FAIL lines can be read.
Name: "{autoprograms}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k """"{app}\{#AppCliExe}"" --selftest"""; WorkingDir: "{app}"; IconFilename: "{app}\{#AppGuiExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppGuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppGuiExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python may leave __pycache__ folders next to the bundle; settings live in the user profile.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
Type: dirifempty; Name: "{app}"

[Code]
// The install folder: what autopf gives, i.e. Program Files for an all-users install and
// %LOCALAPPDATA%\Programs for a per-user one. A system that cannot resolve the per-user known
// folder (FOLDERID_UserProgramFiles; seen under Wine, not on Windows 10/11) would otherwise stop
// setup with "Failed to expand shell folder constant": it gets the same folder spelt out.
function DefaultInstallDir(Param: String): String;
begin
  try
    Result := ExpandConstant('{autopf}');
  except
    if IsAdminInstallMode then
      Result := ExpandConstant('{commonpf}')
    else
      Result := ExpandConstant('{localappdata}') + '\Programs';
  end;
  Result := Result + '\{#AppName}';
end;
