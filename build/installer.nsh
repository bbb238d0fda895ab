; Custom steps for the NSIS installer (electron-builder `nsis.include`). UTF-8 with BOM so the
; Chinese names survive. $LANGUAGE is the language the user picked: 2052 = 简体中文.

; Shortcuts carry the product's name in the installer's language. An update (--updated) keeps
; whatever shortcuts the user already has.
!macro customInstall
  ${ifNot} ${isUpdated}
    ${if} $LANGUAGE == 2052
      StrCpy $R9 "短信助手"
    ${else}
      StrCpy $R9 "SMS Desk"
    ${endIf}
    CreateShortCut "$SMPROGRAMS\$R9.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
    CreateShortCut "$DESKTOP\$R9.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
  ${endIf}
!macroend

!macro customUnInstall
  ${ifNot} ${isUpdated}
    Delete "$SMPROGRAMS\短信助手.lnk"
    Delete "$SMPROGRAMS\SMS Desk.lnk"
    Delete "$DESKTOP\短信助手.lnk"
    Delete "$DESKTOP\SMS Desk.lnk"
  ${endIf}
!macroend

; The uninstaller keeps the user's data (database, settings, logs in %APPDATA%\SMS Desk) unless
; this box, unticked by default, is ticked. The key in Windows Credential Manager is removed by
; the app's own "remove key" action, not here.
!macro customUnInstallSection
  Section /o "un.删除我的数据（发送记录、设置）/ Also delete my data (history, settings)" unRemoveData
    ${ifNot} ${isUpdated}
      SetShellVarContext current
      RMDir /r "$APPDATA\${APP_FILENAME}"
      !ifdef APP_PRODUCT_FILENAME
        RMDir /r "$APPDATA\${APP_PRODUCT_FILENAME}"
      !endif
    ${endIf}
  SectionEnd
!macroend
