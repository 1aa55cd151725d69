#!/usr/bin/env python3
"""Compare two PNG images pixel by pixel (standard library only): pngdiff.py EXPECTED ACTUAL
[MAX_SHARE]. Passes (exit 0) when they have the same size and at most MAX_SHARE (default 0.005)
of the pixels differ by more than 48 in some channel; prints the share that differ."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"{path}: only 8-bit RGB/RGBA, non-interlaced")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    p = 0
    for y in range(h):
        f = raw[p]
        line = bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return w, h, bpp, out


def main():
    exp, act = sys.argv[1], sys.argv[2]
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 0.005
    w1, h1, b1, p1 = read_png(exp)
    w2, h2, b2, p2 = read_png(act)
    if (w1, h1) != (w2, h2):
        print(f"  size {w2}x{h2}, expected {w1}x{h1}")
        return 1
    bad = 0
    for i in range(w1 * h1):
        a, b = p1[i * b1:i * b1 + 3], p2[i * b2:i * b2 + 3]
        if a != b and max(abs(a[0] - b[0]), abs(a[1] - b[1]), abs(a[2] - b[2])) > 48:
            bad += 1
    share = bad / (w1 * h1)
    print(f"  {bad} of {w1 * h1} pixels differ ({share:.4%}, limit {limit:.2%})")
    return 0 if share <= limit else 1


sys.exit(main())
