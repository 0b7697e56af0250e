#!/usr/bin/env bash
# Builds the document fixtures of tests/corpus-add from excerpts of the seed texts, with real writers.
# Needs LibreOffice and a Japanese font, once, on a developer machine:
#   apt-get install -y --no-install-recommends libreoffice-writer fonts-ipafont
# The output is committed, so tests and CI need neither.
# Usage: scripts/make-fixtures.sh [seeds-dir]   (default: ../shared/seeds, relative to the repo root)
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo_root"
seeds="${1:-${SEEDS_DIR:-../shared/seeds}}"
out="tests/corpus-add/fixtures"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for tool in soffice iconv awk; do
  command -v "$tool" >/dev/null || { echo "make-fixtures: $tool is missing (see the header of this script)" >&2; exit 1; }
done
seed() { # seed <number>: the seed file whose name starts with that number
  local f
  f="$(ls "$seeds"/"$1"_*.txt 2>/dev/null | head -n 1)"
  [ -n "$f" ] || { echo "make-fixtures: no seed $1 in $seeds" >&2; exit 1; }
  printf '%s' "$f"
}
excerpt() { # excerpt <seed> <first-line-regex> <last-line-regex>
  awk -v a="$2" -v b="$3" '$0 ~ a { on = 1 } on { print } on && $0 ~ b { exit }' "$(seed "$1")"
}

# Seed lines -> a plain HTML page: first line h1, numbered lines h2/h3, tab rows as a table, "- " as a list.
to_html() { # to_html <title>
  awk -v title="$1" '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
    function close_blocks() { if (tbl) print "</table>"; if (ul) print "</ul>"; tbl = 0; ul = 0 }
    BEGIN {
      print "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" esc(title) "</title>"
      print "<style>body{font-family:\"IPAGothic\";font-size:10.5pt} table{border-collapse:collapse} td{border:1px solid #000;padding:2px}</style></head><body>"
    }
    NR == 1 { print "<h1>" esc($0) "</h1>"; next }
    /^[ \t\xe3\x80\x80]*$/ { close_blocks(); next }
    /\t/ {
      if (ul) { print "</ul>"; ul = 0 }
      if (!tbl) { print "<table>"; tbl = 1 }
      n = split($0, cells, "\t"); row = "<tr>"
      for (i = 1; i <= n; i++) row = row "<td>" esc(cells[i]) "</td>"
      print row "</tr>"; next
    }
    /^- / {
      if (tbl) { print "</table>"; tbl = 0 }
      if (!ul) { print "<ul>"; ul = 1 }
      print "<li>" esc(substr($0, 3)) "</li>"; next
    }
    { close_blocks() }
    /^[0-9]+(-[0-9]+)? / { print "<h2>" esc($0) "</h2>"; next }
    /^\([0-9]+\) / { print "<h3>" esc($0) "</h3>"; next }
    { print "<p>" esc($0) "</p>" }
    END { close_blocks(); print "</body></html>" }
  '
}

convert_with_writer() { # convert_with_writer <html> <format> <target>
  local profile="$work/lo-profile"
  soffice -env:UserInstallation="file://$profile" --headless --infilter="HTML (StarWriter)" \
    --convert-to "$2" --outdir "$work/converted" "$1" >/dev/null 2>&1
  local produced
  produced="$work/converted/$(basename "${1%.*}").${2%%:*}"
  [ -s "$produced" ] || { echo "make-fixtures: LibreOffice produced no $2 for $1" >&2; exit 1; }
  mv "$produced" "$3"
}

mkdir -p "$out"

# PDF: the international exchange and long-stay sections of the general affairs report (003).
excerpt 003 '^11 港街友好都市' '^長期滞在者1,525組' | to_html '国際交流・長期滞在' >"$work/kushiro-kokusai.html"
convert_with_writer "$work/kushiro-kokusai.html" 'pdf:writer_pdf_Export' "$out/kushiro-kokusai.pdf"

# DOCX: the Tokyo office block, with its activity table and access list (003).
excerpt 003 '^釧路市東京事務所' '麹町駅' | to_html '釧路市東京事務所' >"$work/kushiro-tokyo.html"
convert_with_writer "$work/kushiro-tokyo.html" 'docx:MS Word 2007 XML' "$out/kushiro-tokyo.docx"

# HTML: a city web page with header, navigation, side bar and footer around the finance section (004).
{
  cat <<'HEAD'
<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><title>財政の健全性の確保 | 釜石市</title>
<script>window.dataLayer = [{ page: "zaisei" }];</script>
<style>.skip { position: absolute; }</style></head>
<body>
<header><a class="skip" href="#main">本文へ移動</a><p class="logo">釜石市 Kamaishi City</p>
<form><input type="search" placeholder="サイト内検索"></form></header>
<nav><ul><li><a href="/">ホーム</a></li><li><a href="/kurashi/">くらし・手続き</a></li>
<li><a href="/kanko/">観光・イベント</a></li><li><a href="/shisei/">市政情報</a></li></ul></nav>
<div class="breadcrumb">ホーム &gt; 市政情報 &gt; 総合計画</div>
<main id="main">
HEAD
  excerpt 004 '^3-3 財政の健全性の確保' '^男女別育児休業取得率' | to_html '財政' | sed -n '/<body>/,/<\/body>/p' | sed '1s/.*<body>//; $s/<\/body>.*//'
  cat <<'TAIL'
<p>このページに関するお問い合わせ：総務企画部 財政課</p>
</main>
<aside><h2>よく見られているページ</h2><ul><li>ごみの分別</li><li>各種証明書の交付</li></ul></aside>
<footer><p>釜石市役所 〒026-8686 岩手県釜石市只越町3丁目9番13号</p><p>Copyright © Kamaishi City. All Rights Reserved.</p></footer>
</body>
</html>
TAIL
} >"$out/kamaishi-zaisei.html"

# Plain text as Windows staff save it: Shift_JIS (CP932), CRLF (000).
{ excerpt 000 '^釧路市まちづくり基本構想' '^ることが必要です'; echo; excerpt 000 '^・位置' '^平成27年'; } | sed 's/$/\r/' | iconv -f UTF-8 -t CP932 >"$out/kushiro-gaikyo-sjis.txt"

# Plain text in EUC-JP, as older Unix systems export it (002).
excerpt 002 '^1 都市経営戦略プラン' '^地域の人口減少により' | iconv -f UTF-8 -t EUC-JP >"$out/kushiro-ikinai-eucjp.txt"

# Markdown in UTF-8 with a heading and a list (002).
excerpt 002 '^6 域内連関' 'できることを考える' | awk 'NR == 1 { print "# " $0; next } /^[0-9]+ / { print "## " $0; next } { print }' |
  sed 's/[[:space:]]*$//' | cat -s >"$out/kushiro-renkan.md"

# A scanned page: a PDF whose only content is an image, so it has no text layer.
node -e '
const zlib = require("node:zlib");
const [w, h] = [600, 300];
const raw = Buffer.alloc((w + 1) * h, 0xee);
for (let y = 0; y < h; y++) {
  raw[y * (w + 1)] = 0;
  for (let x = 0; x < w; x++) if (y % 24 < 10 && x > 40 && x < 560 && (x * 7 + y) % 13 > 3) raw[y * (w + 1) + 1 + x] = 0x30;
}
const crc = (b) => { let c = ~0; for (const v of b) { c ^= v; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); } return ~c >>> 0; };
const chunk = (type, data) => { const t = Buffer.concat([Buffer.from(type), data]); const out = Buffer.alloc(12 + data.length); out.writeUInt32BE(data.length, 0); t.copy(out, 4); out.writeUInt32BE(crc(t), 8 + data.length); return out; };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 0;
process.stdout.write(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]));
' >"$work/scan.png"
printf '<!DOCTYPE html><html><body><p><img src="data:image/png;base64,%s" width="600" height="300"></p></body></html>' \
  "$(base64 -w0 "$work/scan.png")" >"$work/scanned.html"
convert_with_writer "$work/scanned.html" 'pdf:writer_pdf_Export' "$out/scanned.pdf"

# Three pages, the middle one a scanned image: the text pages are kept, the image page is reported.
{
  printf '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>くしろ国際交流プラザ</title></head><body>\n'
  excerpt 003 '^12 国際化推進事業' '^令和7年度来館者数実績' | sed 's/.*/<p>&<\/p>/'
  printf '<p style="page-break-before: always"><img src="data:image/png;base64,%s" width="600" height="300"></p>\n' "$(base64 -w0 "$work/scan.png")"
  printf '<p style="page-break-before: always">'
  excerpt 003 '^\(3\) 令和7年度滞在実績' '^長期滞在者1,525組' | grep -v '^$' | sed 's/$/<br>/'
  printf '</p></body></html>\n'
} >"$work/mixed-pages.html"
convert_with_writer "$work/mixed-pages.html" 'pdf:writer_pdf_Export' "$out/mixed-pages.pdf"

# Refusal cases: an empty file and binary junk (deterministic bytes, with NULs).
: >"$out/empty.txt"
node -e 'const b = Buffer.alloc(2048); let s = 7; for (let i = 0; i < b.length; i++) { s = (s * 1103515245 + 12345) & 0x7fffffff; b[i] = s >> 16; } process.stdout.write(b);' \
  >"$out/junk.bin"

ls -l "$out"
