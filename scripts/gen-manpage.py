#!/usr/bin/env python3
"""Refresh the per-command sections of src/cli/kharita.1 from `kharita COMMAND --help`.

usage: scripts/gen-manpage.py [KHARITA]   (default ./kharita)
The page's head (NAME, SYNOPSIS, DESCRIPTION, the gazetteer overview) and tail (FILES,
ENVIRONMENT, EXIT STATUS, EXAMPLES) are written by hand; the sections from
'.SS "kharita run"' to '.SH FILES' are rewritten. tests/e2e/manpage checks the result.
"""
import re, subprocess, sys

K = sys.argv[1] if len(sys.argv) > 1 else "./kharita"
MAN = "src/cli/kharita.1"
CMDS = ["run", "extract", "aggregate", "export", "map", "timelapse", "sources", "gazetteer build",
        "gazetteer lookup", "gazetteer stats", "gazetteer import"]


def roff(s):
    s = s.replace("\\", "\\\\").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", s, flags=re.M)


def section(c):
    lines = subprocess.run([K, *c.split(), "--help"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    out = ['.SS "kharita %s"' % c, ".B " + roff(lines[0].replace("usage: ", "")), ".PP"]
    i = lines.index("options:")
    for para in "\n".join(lines[2:i]).strip().split("\n\n"):
        if re.search(r"^\s+-", para, re.M):
            out.append(".nf\n" + roff(para) + "\n.fi")
        else:
            out.append(roff(" ".join(l.strip() for l in para.splitlines())))
        out.append(".PP")
    for l in lines[i + 1:]:
        m = re.match(r"\s+(?:-(\w), )?\s*--(\S+)(?: (\S+))?\s{2,}(.*)", l)
        if not m or m.group(2) == "help":
            continue
        short, name, arg, text = m.groups()
        tag = ("\\fB\\-%s\\fR, " % short if short else "") + "\\fB\\-\\-%s\\fR" % roff(name)
        if arg:
            tag += " \\fI%s\\fR" % roff(arg)
        out.append(".TP\n" + tag + "\n" + roff(text))
    return out


def main():
    page = open(MAN, encoding="utf-8").read()
    head = page[:page.index('.SS "kharita run"')]
    tail = page[page.index(".SH FILES"):]
    body = "\n".join(l for c in CMDS for l in section(c)) + "\n"
    open(MAN, "w", encoding="utf-8").write(head + body + tail)


if __name__ == "__main__":
    main()
