#!/bin/bash
# The man page keeps in step with the option tables: every option that
# `kharita help --options` lists appears in kharita.1 within that command's section.
cd "$(dirname "$0")/../../.."
exec python3 - "${KHARITA:-./kharita}" src/cli/kharita.1 <<'PY'
import re, subprocess, sys
kharita, man = sys.argv[1], sys.argv[2]
listed = subprocess.run([kharita, "help", "--options"], capture_output=True, text=True, check=True).stdout
sections, cur = {}, None
for line in open(man, encoding="utf-8"):
    m = re.match(r'\.SS "kharita (.+)"', line)
    if m:
        cur = m.group(1)
        sections[cur] = ""
    elif line.startswith((".SH", ".SS")):
        cur = None
    elif cur:
        sections[cur] += line.replace("\\-", "-")
fails = 0
commands = set()
for line in listed.splitlines():
    cmd, opt = line.rsplit(" ", 1)
    commands.add(cmd)
    if opt not in sections.get(cmd, ""):
        print(f"  {man}: option {opt} of 'kharita {cmd}' is not documented")
        fails += 1
print(f"{'PASS' if fails == 0 else 'FAIL'} every option is in kharita.1 ({len(listed.splitlines())} options)")
help_out = subprocess.run([kharita, "help"], capture_output=True, text=True).stdout
cmds = re.findall(r"^  (\S+(?: (?:build|lookup|stats|import))?)\s", help_out, re.M)
undoc = [c for c in cmds if c not in sections]
for c in undoc:
    print(f"  {man}: no section for 'kharita {c}'")
print(f"{'PASS' if not undoc else 'FAIL'} every command has a section in kharita.1")
PY
