#!/usr/bin/env bash
# Checks a report's report.html in a real browser, as the public will read it:
#
#   1. prints it to PDF in headless Chromium (Debian package `chromium`), logging every
#      network request, and fails if any request left the file;
#   2. checks the PDF (Debian package `poppler-utils`) is A4, has a sensible number of pages,
#      and has every chapter heading of the HTML in its text;
#   3. unless --no-axe, runs axe-core (npm package `axe-core`, installed into a cache folder)
#      in the page for WCAG 2.2 A and AA and fails on any violation.
#
#   scripts/check-report-html.sh [--no-axe] REPORT_DIR [OUT_DIR]
#
# OUT_DIR (default: a temporary folder) receives report.pdf, report.txt and axe.json, to look
# at. Exits 0 with a line starting "skipped:" when a tool it needs is absent.
set -euo pipefail

axe=1
if [ "${1-}" = "--no-axe" ]; then
    axe=0
    shift
fi
report=${1:?usage: scripts/check-report-html.sh [--no-axe] REPORT_DIR [OUT_DIR]}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
html=$(cd "$report" && pwd)/report.html
[ -f "$html" ] || { echo "no report.html in $report" >&2; exit 2; }

for tool in chromium:chromium pdftotext:poppler-utils pdfinfo:poppler-utils python3:python3; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        echo "skipped: ${tool%%:*} is absent (install the Debian package ${tool#*:})"
        exit 0
    fi
done

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browse() {
    timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --user-data-dir="$profile" "$@" 2>/dev/null
}

# 1. Print, logging the network.
browse --no-pdf-header-footer --log-net-log="$out/netlog.json" \
    --print-to-pdf="$out/report.pdf" "file://$html" >/dev/null
python3 - "$out/netlog.json" <<'PY'
import json, sys
# The page's own requests are those isolated under its site (file://); Chromium's background
# requests (updates, time) are isolated otherwise and are not the document's.
events = json.load(open(sys.argv[1], encoding="utf-8"))["events"]
page = [e["params"]["url"] for e in events
        if "file://" in str(e.get("params", {}).get("network_isolation_key", ""))]
outside = sorted({u for u in page if not u.startswith(("file://", "data:", "about:"))})
if outside:
    print("report.html made requests:", *outside, sep="\n  ")
    sys.exit(1)
print(f"no request left the file ({len(page)} request(s) by the page, all local)")
PY

# 2. The PDF: A4, pages, headings.
pages=$(pdfinfo "$out/report.pdf" | sed -n 's/^Pages: *//p')
size=$(pdfinfo "$out/report.pdf" | sed -n 's/^Page size: *//p')
case "$size" in
*"(A4)"*) ;;
*) echo "the PDF is not A4: $size"; exit 1 ;;
esac
if [ "$pages" -lt 5 ] || [ "$pages" -gt 80 ]; then
    echo "the PDF has $pages pages: not a sensible report"
    exit 1
fi
pdftotext -layout "$out/report.pdf" "$out/report.txt"
python3 - "$html" "$out/report.txt" <<'PY'
import html, re, sys
source = open(sys.argv[1], encoding="utf-8").read()
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
headings = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", source)]
missing = [h for h in headings if " ".join(h.split()) not in text]
if missing:
    print("chapter headings missing from the PDF text:", *missing, sep="\n  ")
    sys.exit(1)
print(f"{len(headings)} chapter headings all in the PDF's text")
PY
echo "report.pdf: $pages A4 pages"

# 3. axe-core in the page.
[ "$axe" = 1 ] || exit 0
cache=${XDG_CACHE_HOME:-$HOME/.cache}/lscb-axe
if [ ! -f "$cache/node_modules/axe-core/axe.min.js" ]; then
    if ! command -v npm >/dev/null 2>&1 || ! npm install --silent --prefix "$cache" axe-core@4 >/dev/null 2>&1; then
        echo "skipped: the accessibility check needs the npm package axe-core (npm install failed or npm is absent)"
        exit 0
    fi
fi
page="$out/axe.html"
python3 - "$html" "$cache/node_modules/axe-core/axe.min.js" "$page" <<'PY'
import sys
source = open(sys.argv[1], encoding="utf-8").read()
axe = open(sys.argv[2], encoding="utf-8").read()
runner = """<script>%s</script>
<script>
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
  .then(function (r) { done({ violations: r.violations, passes: r.passes.length, incomplete: r.incomplete.map(function (i) { return { id: i.id, nodes: i.nodes.map(function (n) { return { target: n.target, why: (n.any[0] || {}).message }; }) }; }) }); })
  .catch(function (e) { done({ error: String(e) }); });
function done(result) {
  var pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
}
</script>
</body>""" % axe.replace("</script>", "<\\/script>")
open(sys.argv[3], "w", encoding="utf-8").write(source.replace("</body>", runner, 1))
PY
browse --dump-dom --virtual-time-budget=60000 "file://$page" >"$out/axe-dom.html"
python3 - "$out/axe-dom.html" "$out/axe.json" <<'PY'
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
if not found:
    print("axe-core did not finish in the page")
    sys.exit(1)
result = json.loads(html.unescape(found.group(1)))
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(result, indent=1))
if "error" in result:
    print("axe-core failed:", result["error"])
    sys.exit(1)
for v in result["violations"]:
    print(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']}")
if result["violations"]:
    sys.exit(1)
review = ", ".join(f"{i['id']} ({len(i['nodes'])} element(s))" for i in result["incomplete"]) or "none"
print(f"axe-core: no WCAG 2.2 A/AA violations ({result['passes']} rules passed; for a person to review: {review})")
PY
