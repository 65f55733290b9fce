"""Write the fontconfig file that lets a machine's own LibreOffice draw exported briefings with a
serif body and sans 黑体 when the GB faces are missing (统信/麒麟/Debian):

    python -m tools.gb_fontconfig ~/.config/fontconfig/conf.d/65-casearchive-gb-faces.conf
    python -m tools.gb_fontconfig /etc/fonts/conf.d/65-casearchive-gb-faces.conf   # every user
"""

from __future__ import annotations

import sys
from pathlib import Path

from archive.briefing.pdf import fontconfig_aliases


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    target = Path(sys.argv[1]).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(fontconfig_aliases(), encoding="utf-8")
    print(f"wrote {target}; LibreOffice picks it up when next started")
    return 0


if __name__ == "__main__":
    sys.exit(main())
