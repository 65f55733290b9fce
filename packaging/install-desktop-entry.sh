#!/bin/sh
# Put 典型案例库 in this user's application menu, starting the program in this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps"
cp "$here/casearchive.png" "$data/icons/hicolor/256x256/apps/casearchive.png"
sed "s|^Exec=.*|Exec=\"$here/casearchive\"|" "$here/casearchive.desktop" >"$data/applications/casearchive.desktop"
echo "已加入应用菜单：$data/applications/casearchive.desktop"
