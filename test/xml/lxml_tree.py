"""libxml2 (through lxml) as the reference reader for test/xml/libxml2-differential.test.ts.

Reads a JSON array of base64-encoded documents on stdin and writes, for each, either
{"ok": true, "tree": [ns, local, [[ns, local, value], ...], text, [children...]]} or
{"ok": false, "error": "..."} as one JSON array on stdout. `text` is the element's own
character data (text and CDATA, not its children's), with XML white space trimmed at both
ends: the projection the gateway's reader keeps. No DTD is loaded, no entity resolved, no
network touched.
"""
import base64
import json
import sys

from lxml import etree


def split(tag):
    if tag.startswith('{'):
        ns, local = tag[1:].split('}', 1)
        return ns, local
    return '', tag


def tree(el):
    ns, local = split(el.tag)
    attrs = [[*split(k), v] for k, v in el.attrib.items()]
    text = (el.text or '') + ''.join(child.tail or '' for child in el)
    kids = [tree(child) for child in el if isinstance(child.tag, str)]
    return [ns, local, attrs, text.strip(' \t\n\r'), kids]


def read(data):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, encoding='utf-8')
    try:
        return {'ok': True, 'tree': tree(etree.fromstring(data, parser))}
    except (etree.XMLSyntaxError, ValueError) as error:
        return {'ok': False, 'error': str(error)}


def main():
    docs = json.load(sys.stdin)
    json.dump([read(base64.b64decode(doc)) for doc in docs], sys.stdout)


if __name__ == '__main__':
    sys.setrecursionlimit(10000)
    main()
