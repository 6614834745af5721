; Inno Setup script for the Windows installer of Counterdraft (Inno Setup 6.2 or later).
;
; First build the one-folder app on Windows (see packaging/README.md):
;     pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\counterdraft.spec
; then, from the checkout's root:
;     iscc /DAppVersion=0.1.0 packaging\windows\counterdraft.iss
; which writes dist\Counterdraft-0.1.0-setup.exe.
;
; The installer is per-user by default (no administrator rights needed, as in most law firms'
; locked-down desktops) and offers an all-users install to administrators.
; The user's database and backups live in %LOCALAPPDATA%\Counterdraft and are never removed
; by the uninstaller.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Counterdraft"
#define AppExe "Counterdraft.exe"
#define Root "..\.."

[Setup]
; A fixed GUID: upgrades replace the installed version instead of installing beside it.
AppId={{6B0E4F0A-3D0C-4C59-9F3E-5C2A8D41B7C1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Counterdraft
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=Counterdraft-{#AppVersion}-setup
SetupIconFile={#Root}\packaging\icons\counterdraft.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder app: Counterdraft.exe, counterdraft-cli.exe and _internal\.
Source: "{#Root}\dist\Counterdraft\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
