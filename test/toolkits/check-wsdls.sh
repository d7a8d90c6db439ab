#!/usr/bin/env bash
# Checks every wsdl/*.wsdl against the SOAP toolkits the contract names, and every golden
# fixture under test/fixtures/<number>/ against its WSDL's schema and the header conventions.
#
#   lint        xmllint --noout on each WSDL and each wsdl/common/*.xsd
#   zeep        /usr/bin/python3 -m zeep <wsdl> (Debian python3-zeep) loads it
#   node-soap   node-soap (node_modules/soap) createClientAsync + describe()
#   gsoap       wsdl2h + soapcpp2 -C -j -x, per WSDL, and once more on all WSDLs together;
#               any "warning" or "error" in their output counts as a failure
#   coverage    every WSDL has test/fixtures/<number>/ok.request.xml and ok.response.xml
#   schema      each fixture: the inline xs:schema of wsdl/<number>-*.wsdl is extracted (next
#               to a copy of wsdl/, so relative includes resolve) and the SOAP Body child (or
#               a Fault's detail entries) and each Header entry in the schema's namespace are
#               validated with xmllint --schema. Fixtures whose case name starts with
#               "invalid" are negative fixtures: their request must FAIL validation (the response, a Fault, must pass).
#   conventions each non-fault, non-invalid fixture: Body element = the operation's input
#               (.request.xml) or output (.response.xml) element; UniBSSHead BIPCode,
#               ActivityCode, ActionCode, domains vs MsgSender/MsgReceiver, RspType/RspCode/
#               RspDesc only on responses, TransIDH on responses and on H->P requests (an H->P
#               WSDL is one whose soap:address contains /province/), RouteValue shape; and a
#               response matches its request (ProcID, TransIDO, TransIDH, route, swapped ends).
#
# Prints one line per check and a final "toolkits: N checks passed, M failed"; exits 1 on any
# failure. A missing tool is a failure, never a skip.
# Env: GSOAP_IMPORT (default /usr/share/gsoap/import), PYTHON (default /usr/bin/python3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WSDL_DIR=$ROOT/wsdl
FIX_DIR=$ROOT/test/fixtures
PY=${PYTHON:-/usr/bin/python3}
GSOAP_IMPORT=${GSOAP_IMPORT:-/usr/share/gsoap/import}
WORK=$(mktemp -d /tmp/check-wsdls.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0

# check <label> <command...>: runs the command, prints PASS/FAIL and, on failure, its output.
check() {
  local label=$1; shift
  local log=$WORK/check.log
  if "$@" >"$log" 2>&1; then
    echo "PASS $label"
    passed=$((passed + 1))
  else
    echo "FAIL $label"
    tail -n 25 "$log" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
}

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing tool: $1 ($2)"
    return 1
  fi
}

rel() { echo "${1#"$ROOT"/}"; }

# ---------------------------------------------------------------- per-WSDL checks

do_lint() {
  need xmllint "apt-get install libxml2-utils" || return 1
  xmllint --noout "$1"
}

do_zeep() {
  need "$PY" "Debian python3" || return 1
  "$PY" -c 'import zeep' 2>/dev/null || { echo "missing tool: zeep for $PY (apt-get install python3-zeep)"; return 1; }
  "$PY" -m zeep "$1" >"$WORK/zeep.out" || return 1
}

do_node_soap() {
  need node "Node.js 20" || return 1
  [ -d "$ROOT/node_modules/soap" ] || { echo "missing tool: node-soap ($ROOT/node_modules/soap; run npm ci)"; return 1; }
  node -e '
    require(process.argv[1]).createClientAsync(process.argv[2]).then((c) => {
      const d = c.describe(); const s = Object.keys(d);
      if (s.length === 0) throw new Error("no service described");
      console.log(s.join(","));
    }).catch((e) => { console.error(e && e.stack || e); process.exit(1); });
  ' "$ROOT/node_modules/soap" "$1"
}

# do_gsoap <outdir> <wsdl...>
do_gsoap() {
  local out=$1; shift
  need wsdl2h "apt-get install gsoap" || return 1
  need soapcpp2 "apt-get install gsoap" || return 1
  [ -d "$GSOAP_IMPORT" ] || { echo "missing gSOAP import directory $GSOAP_IMPORT (set GSOAP_IMPORT)"; return 1; }
  mkdir -p "$out"
  wsdl2h -o "$out/x.h" "$@" >"$out/wsdl2h.log" 2>&1 || { cat "$out/wsdl2h.log"; return 1; }
  if grep -iE 'warning|error' "$out/wsdl2h.log"; then return 1; fi
  soapcpp2 -C -j -x -d "$out" -I"$GSOAP_IMPORT" "$out/x.h" >"$out/soapcpp2.log" 2>&1 || { cat "$out/soapcpp2.log"; return 1; }
  if grep -iE 'warning|error' "$out/soapcpp2.log"; then return 1; fi
}

# ---------------------------------------------------------------- fixture helper (stdlib only)

cat >"$WORK/fixture.py" <<'PY'
import os, re, subprocess, sys
from xml.dom import minidom

SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/'
XS = 'http://www.w3.org/2001/XMLSchema'
WSDL = 'http://schemas.xmlsoap.org/wsdl/'
SOAPB = 'http://schemas.xmlsoap.org/wsdl/soap/'

def parse(path):
    raw = open(path, 'rb').read()
    m = re.match(rb'<\?xml[^>]*encoding=["\']([A-Za-z0-9_.\-]+)["\']', raw)
    enc = m.group(1).decode('ascii') if m else 'utf-8'
    return minidom.parseString(raw.decode(enc))  # str input: expat takes it as UTF-8

def elems(node, ns=None, local=None):
    return [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE
            and (ns is None or c.namespaceURI == ns) and (local is None or c.localName == local)]

def standalone(el):
    """The element as a document of its own, with every namespace declaration in scope."""
    clone = el.cloneNode(True)
    node = el
    while node is not None and node.nodeType == node.ELEMENT_NODE:
        for i in range(node.attributes.length):
            a = node.attributes.item(i)
            if (a.name == 'xmlns' or a.name.startswith('xmlns:')) and not clone.hasAttribute(a.name):
                clone.setAttribute(a.name, a.value)
        node = node.parentNode
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + clone.toxml() + '\n'

def text(el):
    return ''.join(c.data for c in el.childNodes if c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE)).strip()

def wsdl_info(wsdl_path):
    d = parse(wsdl_path).documentElement
    schemas = {}
    for types in elems(d, WSDL, 'types'):
        for s in elems(types, XS, 'schema'):
            schemas.setdefault(s.getAttribute('targetNamespace'), []).append(s)
    def qname_local(q): return q.split(':')[-1]
    msgs = {m.getAttribute('name'): [p.getAttribute('element') for p in elems(m, WSDL, 'part')]
            for m in elems(d, WSDL, 'message')}
    inputs, outputs = set(), set()
    for pt in elems(d, WSDL, 'portType'):
        for op in elems(pt, WSDL, 'operation'):
            for io, acc in (('input', inputs), ('output', outputs)):
                for x in elems(op, WSDL, io):
                    for e in msgs.get(qname_local(x.getAttribute('message')), []):
                        acc.add(qname_local(e))
    addresses = [a.getAttribute('location') for s in elems(d, WSDL, 'service')
                 for p in elems(s, WSDL, 'port') for a in elems(p, SOAPB, 'address')]
    return schemas, inputs, outputs, addresses

def envelope(fixture):
    env = parse(fixture).documentElement
    if env.namespaceURI != SOAPENV or env.localName != 'Envelope':
        raise SystemExit(f'not a SOAP 1.1 Envelope: {{{env.namespaceURI}}}{env.localName}')
    headers = elems(env, SOAPENV, 'Header')
    bodies = elems(env, SOAPENV, 'Body')
    if len(bodies) != 1:
        raise SystemExit('expected exactly one soapenv:Body')
    body = elems(bodies[0])
    if len(body) != 1:
        raise SystemExit(f'expected exactly one element in soapenv:Body, found {len(body)}')
    return (elems(headers[0]) if headers else []), body[0]

def cmd_schema(wsdl_path, fixture, work):
    schemas, _, _, _ = wsdl_info(wsdl_path)
    case = os.path.basename(fixture).split('.')[0]
    negative = case.startswith("invalid") and fixture.endswith(".request.xml")  # its answer, a Fault, must be valid
    hdr, body = envelope(fixture)
    parts = []
    if body.namespaceURI == SOAPENV and body.localName == 'Fault':
        for need in ('faultcode', 'faultstring'):
            if not elems(body, None, need):
                print(f'Fault without {need}'); return 1
        for det in elems(body, None, 'detail'):
            parts += [('Fault detail', e) for e in elems(det)]
    else:
        parts.append(('Body', body))
    heads = [e for e in hdr if e.localName == 'UniBSSHead']
    if not heads and not negative and not (body.namespaceURI == SOAPENV and body.localName == 'Fault'):
        print('no UniBSSHead in soapenv:Header'); return 1
    for e in hdr:
        if e.namespaceURI in schemas:
            parts.append(('Header', e))
        else:
            print(f'note: header entry {{{e.namespaceURI}}}{e.localName} is not described by the WSDL; not validated')
    bad = 0
    for n, (where, el) in enumerate(parts):
        ss = schemas.get(el.namespaceURI)
        if not ss:
            print(f'{where} {el.localName}: no inline schema for namespace {el.namespaceURI!r}'); bad += 1; continue
        if len(ss) != 1:
            print(f'{where} {el.localName}: {len(ss)} inline schemas for {el.namespaceURI!r}'); bad += 1; continue
        xsd = os.path.join(work, 'inline-schema.xsd')   # next to the copy of wsdl/
        open(xsd, 'w', encoding='utf-8').write(standalone(ss[0]))
        part = os.path.join(work, f'part{n}.xml')
        open(part, 'w', encoding='utf-8').write(standalone(el))
        r = subprocess.run(['xmllint', '--noout', '--schema', xsd, part], capture_output=True, text=True)
        ok = r.returncode == 0
        print(f'{where} {el.localName}: {"valid" if ok else "INVALID"}')
        if not ok:
            print(r.stderr.strip()); bad += 1
    if negative:
        if bad == 0:
            print('negative fixture (case name starts with "invalid") unexpectedly validated'); return 1
        print('negative fixture: rejected as expected'); return 0
    return 1 if bad else 0

def head_fields(hdr):
    for e in hdr:
        if e.localName == 'UniBSSHead':
            return {c.localName: text(c) for c in elems(e)}
    return None

def cmd_conventions(wsdl_path, fixture, number):
    case, kind = os.path.basename(fixture).split('.')[:2]
    if case.startswith('invalid'):
        print('negative fixture: conventions not checked'); return 0
    if kind not in ('request', 'response'):
        print(f'fixture name must be <case>.request.xml or <case>.response.xml, not {os.path.basename(fixture)}'); return 1
    _, inputs, outputs, addresses = wsdl_info(wsdl_path)
    hdr, body = envelope(fixture)
    if body.namespaceURI == SOAPENV and body.localName == 'Fault':
        print('SOAP Fault: body conventions not checked'); return 0
    errs = []
    want = inputs if kind == 'request' else outputs
    if body.localName not in want:
        errs.append(f'Body element {body.localName}, expected one of {sorted(want)}')
    h = head_fields(hdr)
    if h is None:
        print('no UniBSSHead'); return 1
    p = number.split('.')
    ch = int(p[0])
    hp = any('/province/' in a for a in addresses)
    exp = {'BIPCode': f'BIP10{ch:02d}', 'ActivityCode': f'T10{ch:02d}{p[1]}{p[2]}',
           'ActionCode': '0' if kind == 'request' else '1', 'BIPVer': '0100'}
    for k, v in exp.items():
        if h.get(k) != v:
            errs.append(f'{k} {h.get(k)!r}, expected {v!r}')
    for side, dom in (('MsgSender', 'OrigDomain'), ('MsgReceiver', 'HomeDomain')):
        want_dom = 'UCRM' if h.get(side) == 'UCRM' else 'PBSS'
        if h.get(dom) != want_dom:
            errs.append(f'{dom} {h.get(dom)!r} does not fit {side} {h.get(side)!r}')
    # who sends: P->H requests come from a province to UCRM, H->P requests from UCRM
    req_from_hq = hp
    from_hq = req_from_hq if kind == 'request' else not req_from_hq
    if (h.get('MsgSender') == 'UCRM') != from_hq:
        errs.append(f'MsgSender {h.get("MsgSender")!r}: this {"H-P" if hp else "P-H"} {kind} should come from '
                    f'{"UCRM" if from_hq else "a province (BILLnn)"}')
    if (h.get('MsgReceiver') == 'UCRM') == from_hq:
        errs.append(f'MsgReceiver {h.get("MsgReceiver")!r} should be {"a province (BILLnn)" if from_hq else "UCRM"}')
    rsp = [k for k in ('RspType', 'RspCode', 'RspDesc') if k in h]
    if kind == 'response' and len(rsp) != 3:
        errs.append('a response carries RspType, RspCode and RspDesc')
    if kind == 'request' and rsp:
        errs.append(f'a request carries no {", ".join(rsp)}')
    if (kind == 'response' or hp) and 'TransIDH' not in h:
        errs.append('TransIDH missing (set on every response and every H-P request)')
    if kind == 'request' and not hp and 'TransIDH' in h:
        errs.append('a P-H request carries no TransIDH (HQ sets it)')
    rt, rv = h.get('RouteType'), h.get('RouteValue', '')
    if rt == '00' and not re.fullmatch(r'[0-9]{2}', rv):
        errs.append(f'RouteType 00 needs a 2-digit province code, got {rv!r}')
    if rt == '01' and not re.fullmatch(r'[0-9]{10,12}', rv):
        errs.append(f'RouteType 01 needs a service number, got {rv!r}')
    if kind == 'response':
        req_path = os.path.join(os.path.dirname(fixture), f'{case}.request.xml')
        if not os.path.exists(req_path):
            errs.append(f'no matching {case}.request.xml')
        else:
            rh = head_fields(envelope(req_path)[0]) or {}
            for k in ('ProcID', 'TransIDO', 'RouteType', 'RouteValue', 'BIPCode', 'ActivityCode', 'TestFlag'):
                if rh.get(k) != h.get(k):
                    errs.append(f'{k} {h.get(k)!r} differs from the request\'s {rh.get(k)!r}')
            if 'TransIDH' in rh and rh['TransIDH'] != h.get('TransIDH'):
                errs.append(f'TransIDH {h.get("TransIDH")!r} differs from the request\'s {rh["TransIDH"]!r}')
            if (rh.get('MsgSender'), rh.get('MsgReceiver')) != (h.get('MsgReceiver'), h.get('MsgSender')):
                errs.append('MsgSender/MsgReceiver are not the request\'s, swapped')
    for e in errs:
        print(e)
    if not errs:
        print(f'{body.localName}: conventions ok')
    return 1 if errs else 0

if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'schema':
        sys.exit(cmd_schema(*sys.argv[2:5]))
    if mode == 'conventions':
        sys.exit(cmd_conventions(*sys.argv[2:5]))
    sys.exit(f'unknown mode {mode}')
PY

do_fixture_schema() {
  local wsdl=$1 fixture=$2 dir
  need xmllint "apt-get install libxml2-utils" || return 1
  need "$PY" "Debian python3" || return 1
  dir=$(mktemp -d "$WORK/x.XXXXXX")
  cp -r "$WSDL_DIR/." "$dir/"
  "$PY" "$WORK/fixture.py" schema "$wsdl" "$fixture" "$dir"
}

do_fixture_conventions() {
  need "$PY" "Debian python3" || return 1
  "$PY" "$WORK/fixture.py" conventions "$1" "$2" "$3"
}

do_coverage() {
  local n=$1 missing=0
  for f in ok.request.xml ok.response.xml; do
    [ -f "$FIX_DIR/$n/$f" ] || { echo "missing test/fixtures/$n/$f"; missing=1; }
  done
  return $missing
}

# wsdl_for <number>: the one wsdl/<number>-*.wsdl
wsdl_for() {
  local matches=("$WSDL_DIR/$1"-*.wsdl)
  if [ ${#matches[@]} -ne 1 ] || [ ! -f "${matches[0]}" ]; then
    return 1
  fi
  echo "${matches[0]}"
}

no_wsdl() { echo "no unique wsdl/$1-*.wsdl for test/fixtures/$1"; return 1; }

# ---------------------------------------------------------------- run

shopt -s nullglob
wsdls=("$WSDL_DIR"/*.wsdl)
if [ ${#wsdls[@]} -eq 0 ]; then
  check "wsdl files present" false
fi

for x in "$WSDL_DIR"/common/*.xsd; do
  check "lint $(rel "$x")" do_lint "$x"
done

for w in "${wsdls[@]}"; do
  r=$(rel "$w")
  n=$(basename "$w"); n=${n%%-*}
  check "lint $r" do_lint "$w"
  check "zeep $r" do_zeep "$w"
  check "node-soap $r" do_node_soap "$w"
  check "gsoap $r" do_gsoap "$WORK/g-$n" "$w"
  check "coverage $r" do_coverage "$n"
done

if [ ${#wsdls[@]} -gt 0 ]; then
  check "gsoap all ${#wsdls[@]} wsdls together" do_gsoap "$WORK/g-all" "${wsdls[@]}"
fi

fixture_dirs=("$FIX_DIR"/*/)
for d in "${fixture_dirs[@]}"; do
  n=$(basename "$d")
  if ! w=$(wsdl_for "$n"); then
    check "fixtures test/fixtures/$n" no_wsdl "$n"
    continue
  fi
  for f in "$d"*.xml; do
    r=$(rel "$f")
    check "schema $r" do_fixture_schema "$w" "$f"
    check "conventions $r" do_fixture_conventions "$w" "$f" "$n"
  done
done

echo "toolkits: $passed checks passed, $failed failed"
[ "$failed" -eq 0 ]
