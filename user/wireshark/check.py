#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The Python half of user/wireshark/check.sh (which numbers the results).

  check.py fields EXT.pdml          decoded values of the mh_test --pcap-ext
                                    vectors, field by field
  check.py clean FILE.pdml [N]      no Lua error and no pmip6.bug item (and
                                    N frames, if given)
  check.py experts FILE.pdml        the malformed/short-capture expert items
                                    pmip6.lua raises on corrupted input
  check.py mutate OUT.pcap IN.pcap...  truncated and corrupted copies of
                                    every packet of the IN pcaps
  check.py wrap OUT.pcap IN.pcap    IN's packets over Ethernet, each with a
                                    Destination Options header before the MH

Each assertion prints one line, "ok - ..." or "not ok - ...", and
diagnostics start with "#"; the exit status is 0 unless check.py itself
fails (check.sh counts the "not ok" lines).  The expected values are the ones
user/mh/mh_test.c builds its --pcap-ext vectors with (test_ext_vectors).
"""
import io
import random
import re
import struct
import sys
import xml.etree.ElementTree as ET

failures = 0


def result(good, what):
    global failures
    if not good:
        failures += 1
    print(("ok - " if good else "not ok - ") + what)


def packets(pdml):
    """One list of (name, show, showname) per packet, in order."""
    out = []
    # A label tshark copied from corrupted bytes may not be valid XML:
    # make it so (only our own asserted values matter here).
    text = open(pdml, "rb").read().decode("utf-8", "replace")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "?", text)
    text = re.sub(r"&#x?[0-9a-fA-F]+;", "?", text)
    for _, elem in ET.iterparse(io.StringIO(text), events=("end",)):
        if elem.tag != "packet":
            continue
        fields = [(p.get("name", ""), "", p.get("showname", ""))
                  for p in elem.iter("proto")]
        for f in elem.iter("field"):
            fields.append((f.get("name", ""), f.get("show", ""),
                           f.get("showname", "") or f.get("show", "")))
        out.append(fields)
        elem.clear()
    return out


# ---------------------------------------------------------------------
# Expected values of the --pcap-ext vectors (mh_test.c test_ext_vectors)
# ---------------------------------------------------------------------

RO_KINDS = ["RO Trigger", "RO Trigger Ack", "RO Init", "RO Init Ack",
            "RO Setup", "RO Setup Ack", "RO Refresh", "RO Refresh Ack",
            "RO Request", "RO Request Ack"]
RO_ACK_STATUS = [(0, "Success"), (128, "Reason unspecified"),
                 (129, "Denied"), (130, "Unknown MN"), (0, "Success")]
PREFIX_1, PREFIX_2 = "2001:db8:1::", "2001:db8:2::"
# 18 built by test_ext_vectors, then 7 hand-built vectors.
EXT_FRAMES = 25


def expectations():
    """(frame, field, values, names): every instance of `field` in the
    frame, in order, must equal `values`; each showname must contain the
    matching entry of `names` (if given)."""
    e = []

    def add(frame, field, values, names=None):
        if not isinstance(values, list):
            values = [values]
        if names is not None and not isinstance(names, list):
            names = [names]
        e.append((frame, field, values, names))

    for k in range(1, 11):
        f = k
        name = RO_KINDS[k - 1]
        status, sname = RO_ACK_STATUS[k // 2 - 1] if k % 2 == 0 \
            else (0, "Success")
        add(f, "pmip6.mh_type", 11)
        add(f, "pmip6.ro.kind", k, "RO Kind: %s (%d)" % (name, k))
        add(f, "pmip6.ro.flags", 0)
        add(f, "pmip6.ro.seq", 0x100 + k)
        add(f, "pmip6.ro.status", status, "Status: %s" % sname)
        add(f, "pmip6.ro.lifetime", 60 * k)
        add(f, "pmip6.hnp.prefix", [PREFIX_1, PREFIX_2])
        add(f, "pmip6.hnp.prefix_len", [64, 64])
        add(f, "pmip6.hnp.offlink", [False, False])
        add(f, "pmip6.mag.addr", "2001:db8:ff::3")
        add(f, "pmip6.mag.addr_len", 128)
        add(f, "pmip6.ipv4hoa.addr", ["192.0.2.1", "198.51.100.7"])
        add(f, "pmip6.ipv4hoa.prefix_len", [32, 24])
        add(f, "pmip6.ipv4hoa.p", [False, True])

    # 11: FMI add
    add(11, "pmip6.upn.seq", 0x51)
    add(11, "pmip6.upn.reason", 8, "FLOW-MOBILITY (add) (8)")
    add(11, "pmip6.upn.a", True)
    add(11, "pmip6.upn.d", False)
    add(11, "pmip6.mnid.nai", "mn1@example.com")
    add(11, "pmip6.hnp.prefix", [PREFIX_2, PREFIX_1])
    add(11, "pmip6.hnp.offlink", [True, False])
    add(11, "pmip6.fid.fid", 7)
    add(11, "pmip6.fid.pri", 3)
    add(11, "pmip6.fid.status", 0, "Flow binding successful")
    add(11, "pmip6.fid.bid_ref", [2, 5])
    add(11, "pmip6.ts.format", 2, "IPv6 binary traffic selector")
    add(11, "pmip6.ts.flags", 0x33f3)
    add(11, "pmip6.ts.dst_addr_start", "2001:db8:1::10")
    add(11, "pmip6.ts.dst_addr_end", "2001:db8:1::ff")
    add(11, "pmip6.ts.flow_label_start", 0x12345)
    add(11, "pmip6.ts.flow_label_end", 0xabcde)
    add(11, "pmip6.ts.src_port_start", 1024)
    add(11, "pmip6.ts.src_port_end", 65535)
    add(11, "pmip6.ts.dst_port_start", 80)
    add(11, "pmip6.ts.dst_port_end", 443)
    add(11, "pmip6.ts.nh_start", 6)
    add(11, "pmip6.ts.nh_end", 17)
    add(11, "pmip6.ts.src_addr_start", [])
    add(11, "pmip6.fid.action", 11, "Flow Binding Action: Add (11)")
    # 12: FMI remove
    add(12, "pmip6.upn.seq", 0x52)
    add(12, "pmip6.upn.reason", 9, "FLOW-MOBILITY-REMOVE")
    add(12, "pmip6.upn.a", True)
    add(12, "pmip6.hnp.prefix", PREFIX_2)
    add(12, "pmip6.hnp.offlink", True)
    add(12, "pmip6.fid.fid", [])
    # 13-16: FMA with each status
    for i, (status, sname) in enumerate([
            (0, "Success"), (131, "Reason unspecified"),
            (132, "MN not attached"), (133, "No existing FMC entry")]):
        add(13 + i, "pmip6.upa.seq", 0x51 + i)
        add(13 + i, "pmip6.upa.status", status,
            "Status: %s" % sname)
        add(13 + i, "pmip6.mnid.nai", "mn1@example.com")
    # 17: PBU, HI 6, BID, FID, Flow Summary
    add(17, "pmip6.mh_type", 5)
    add(17, "pmip6.hi", 6,
        "Attachment over a new interface sharing prefixes (6)")
    add(17, "pmip6.hnp.prefix", PREFIX_1)
    add(17, "pmip6.hnp.offlink", False)
    add(17, "pmip6.bid.bid", 3)
    add(17, "pmip6.bid.pri", 5)
    add(17, "pmip6.fid.fid", 9)
    add(17, "pmip6.fid.pri", 1)
    add(17, "pmip6.fid.bid_ref", 3)
    add(17, "pmip6.ts.flags", 0xcc0c)
    add(17, "pmip6.ts.src_addr_start", "2001:db8:2::20")
    add(17, "pmip6.ts.src_addr_end", "2001:db8:2::20")
    add(17, "pmip6.ts.spi_start", 0x100)
    add(17, "pmip6.ts.spi_end", 0x1ff)
    add(17, "pmip6.ts.tc_start", 0x20)
    add(17, "pmip6.ts.tc_end", 0xb8)
    add(17, "pmip6.fid.action", 15, "Flow Binding Action: Move (15)")
    add(17, "pmip6.flow_summary.fid", [7, 9])
    # The stock tree is still there under the plugin.
    add(17, "mip6.bu.seqnr", 0x77)
    add(17, "mip6.bu.p_flag", True)
    # 18: UPN FORCE-REREGISTRATION, A and D (RFC 7077 4.1, Figure 3)
    add(18, "pmip6.upn.seq", 0x1234)
    add(18, "pmip6.upn.reason", 1, "FORCE-REREGISTRATION (1)")
    add(18, "pmip6.upn.flags", 0xc000)
    add(18, "pmip6.upn.a", True)
    add(18, "pmip6.upn.d", True)
    add(18, "pmip6.upn.reserved", 0)
    add(18, "pmip6.mnid.nai", "mn1@example.com")

    # 19-25: the hand-built vectors of mh_test.c marked `lua`, laid out
    # octet by octet from the RFC figures (their comments there).
    # 19: vec_upn (RFC 7077 4.1, Figure 3)
    add(19, "pmip6.upn.seq", 0x42)
    add(19, "pmip6.upn.reason", 8)
    add(19, "pmip6.upn.a", True)
    add(19, "pmip6.upn.d", False)
    add(19, "pmip6.mnid.nai", "mn1@example.com")
    add(19, "pmip6.hnp.prefix", PREFIX_2)
    add(19, "pmip6.hnp.prefix_len", 64)
    add(19, "pmip6.hnp.offlink", True)
    # 20: vec_upn_force_rereg
    add(20, "pmip6.upn.seq", 0x1234)
    add(20, "pmip6.upn.reason", 1, "FORCE-REREGISTRATION (1)")
    add(20, "pmip6.upn.flags", 0x8000)
    add(20, "pmip6.upn.a", True)
    add(20, "pmip6.upn.d", False)
    add(20, "pmip6.mnid.nai", "mn1@example.com")
    # 21: vec_upa (RFC 7077 4.2, Figure 4)
    add(21, "pmip6.upa.seq", 0x42)
    add(21, "pmip6.upa.status", 132, "Status: MN not attached")
    add(21, "pmip6.upa.reserved", 0)
    add(21, "pmip6.hnp.prefix", PREFIX_2)
    add(21, "pmip6.hnp.offlink", True)
    # 22: vec_heartbeat_response (RFC 5847 3.3 Figure 2, 3.4 Figure 3)
    add(22, "pmip6.mh_type", 13)
    add(22, "pmip6.opt.type", [1, 28, 1])
    add(22, "pmip6.rc", 1700000000)
    add(22, "mip6.hb.seqnr", 0x0a0b0c0d)
    # 23: vec_pbu_flow (RFC 6089 Figures 1, 2, 4, 5, 6; RFC 6088 Figure 2;
    # RFC 7109 Figure 5): the selector at 8n behind a PadN sub-option.
    add(23, "pmip6.bid.bid", [1, 2])
    add(23, "pmip6.bid.pri", [20, 30])
    add(23, "pmip6.bid.h", [False, True])
    add(23, "pmip6.bid.coa6", "2001:db8:ff::3")
    add(23, "pmip6.fid.fid", 2)
    add(23, "pmip6.fid.pri", 10)
    add(23, "pmip6.fid.bid_ref", 1)
    add(23, "pmip6.fid.sub.type", [2, 1, 3, 4])
    add(23, "pmip6.ts.flags", 0x2222)
    add(23, "pmip6.ts.dst_addr_start", "2001:db8:1::10")
    add(23, "pmip6.ts.flow_label_start", 0x12345)
    add(23, "pmip6.ts.dst_port_start", 80)
    add(23, "pmip6.ts.nh_start", 6)
    add(23, "pmip6.fid.action", 11, "Flow Binding Action: Add (11)")
    add(23, "pmip6.flow_summary.fid", [2, 4])
    # 24: vec_pbu_ts_align: a selector of each RFC 6088 alignment class,
    # a BID with an IPv4 care-of address (RFC 5648 4.3: 8n+2).
    add(24, "pmip6.opt.type", [1, 35, 45, 45, 45, 0, 45, 45, 45, 0])
    add(24, "pmip6.bid.bid", 5)
    add(24, "pmip6.bid.pri", 7)
    add(24, "pmip6.bid.coa4", "192.0.2.9")
    add(24, "pmip6.fid.fid", [1, 2, 3, 4, 5, 6])
    add(24, "pmip6.fid.pri", [1, 2, 3, 4, 5, 6])
    add(24, "pmip6.fid.bid_ref", [5, 6, 5, 6])
    add(24, "pmip6.fid.sub.type", [2, 1, 3, 3, 3, 2, 1, 3, 3, 3])
    add(24, "pmip6.ts.format", [2, 2, 2, 1, 1, 1])
    add(24, "pmip6.ts.flags", [0x0a00, 0x0020, 0x0002])
    add(24, "pmip6.ts.spi_start", 0x100)
    add(24, "pmip6.ts.flow_label_start", 0xabcde)
    add(24, "pmip6.ts.dst_port_start", 443)
    add(24, "pmip6.ts.nh_start", 17)
    add(24, "pmip6.ts.selector", ["80:00:00:00:c6:33:64:07",
                                  "00:80:00:00:00:35", "00:08:00:00:06"])
    # 25: vec_be_unrecognized (RFC 6275 6.1.9): no options.
    add(25, "pmip6.mh_type", 7)
    add(25, "pmip6.opt.type", [])
    add(25, "mip6.be.status", 2)
    return e


def normalize(show, want):
    if isinstance(want, bool):
        return show in ("1", "True", "true")
    if isinstance(want, int):
        try:
            return int(show, 0)
        except ValueError:
            return show
    return show


def check_fields(pdml):
    pkts = packets(pdml)
    label = pdml.split("/")[-1].rsplit(".", 1)[0]
    result(len(pkts) == EXT_FRAMES, "%s: %d frames in the --pcap-ext "
           "capture (got %d)" % (label, EXT_FRAMES, len(pkts)))
    for frame, field, values, names in expectations():
        if frame > len(pkts):
            result(False, "frame %d %s: frame missing" % (frame, field))
            continue
        got = [(show, showname) for name, show, showname in pkts[frame - 1]
               if name == field]
        shows = [normalize(s, w) for (s, _), w in zip(got, values)]
        good = len(got) == len(values) and shows == values
        if good and names:
            good = all(n in sn for (_, sn), n in zip(got, names))
        what = "%s frame %d: %s = %s" % (label, frame, field, ", ".join(
            hex(v) if isinstance(v, int) and not isinstance(v, bool)
            and v > 255 else str(v) for v in values) or "(absent)")
        if names:
            what += " (" + "; ".join(names) + ")"
        if not good:
            print("#   got: %s" % ([sn for _, sn in got] or "(absent)"))
        result(good, what)
    private = sum(1 for p in pkts for name, _, _ in p
                  if name == "pmip6.private")
    result(private == 2, "%s: private code points flagged (UPN reason 9, "
           "UPA status 133): %d" % (label, private))


def bad_items(pkts):
    bad = []
    for i, p in enumerate(pkts, 1):
        for name, _, showname in p:
            if name in ("_ws.lua.error", "pmip6.bug") or \
                    showname.startswith("Lua Error"):
                bad.append("frame %d: %s" % (i, showname))
    return bad


def check_clean(pdml, frames=None):
    pkts = packets(pdml)
    bad = bad_items(pkts)
    for b in bad[:20]:
        print("#   " + b)
    result(not bad, "%s: no Lua error, no pmip6.bug item" % pdml.split("/")[-1])
    if frames is not None:
        result(len(pkts) == int(frames), "%s: %s frames dissected (got %d)"
               % (pdml.split("/")[-1], frames, len(pkts)))
    ours = sum(1 for p in pkts if any(n == "pmip6" for n, _, _ in p))
    print("# %d of %d frames carry a pmip6 tree" % (ours, len(pkts)))


def check_experts(pdml):
    pkts = packets(pdml)
    count = {}
    for p in pkts:
        for name, _, _ in p:
            if name.startswith("pmip6.") and name in (
                    "pmip6.malformed", "pmip6.short_capture",
                    "pmip6.unknown"):
                count[name] = count.get(name, 0) + 1
    print("# expert items: %s" % count)
    result(count.get("pmip6.malformed", 0) > 0,
           "corrupted input raises pmip6.malformed")
    result(count.get("pmip6.short_capture", 0) > 0,
           "truncated capture raises pmip6.short_capture")


# ---------------------------------------------------------------------
# Corrupted copies
# ---------------------------------------------------------------------

def read_pcap(path):
    data = open(path, "rb").read()
    header, off, out = data[:24], 24, []
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack("<IIII", data[off:off + 16])
        out.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return header, out


def mutants(pkt, rng):
    """Truncated and corrupted copies of one IPv6 + MH packet, as
    (captured bytes, original length)."""
    mh = len(pkt) - 40
    # Snap-length truncation at every octet of the MH: declared lengths
    # all say more than was captured.
    for cut in range(41, len(pkt)):
        yield pkt[:cut], len(pkt)
    # Really shorter packets (IPv6 payload length fixed), so Header Len
    # and option lengths overrun the packet.
    for cut in range(43, len(pkt), 5):
        p = bytearray(pkt[:cut])
        struct.pack_into(">H", p, 4, cut - 40)
        yield bytes(p), cut
    # Header Len too small, zero, huge.
    for hlen in (0, 1, 2, 255):
        p = bytearray(pkt)
        p[41] = hlen
        yield bytes(p), len(p)
    # Random octets of the MH replaced (option types and lengths,
    # sub-option lengths, TS flags, ...), the MH type kept.
    for _ in range(60):
        p = bytearray(pkt)
        for _ in range(rng.randint(1, 3)):
            at = 40 + rng.randrange(3, mh)
            p[at] = rng.choice((0, 1, 2, 3, 0x7f, 0x80, 0xff,
                                rng.randrange(256)))
        yield bytes(p), len(p)
    # Every octet of the MH after the type set to 0xff, one at a time.
    for at in range(43, len(pkt)):
        p = bytearray(pkt)
        p[at] = 0xff
        yield bytes(p), len(p)


def mutate(out_path, in_paths):
    rng = random.Random(6275)
    header, n = None, 0
    with open(out_path, "wb") as out:
        for path in in_paths:
            h, pkts = read_pcap(path)
            if header is None:
                header = h
                out.write(header)
            for pkt in pkts:
                for data, orig in mutants(pkt, rng):
                    out.write(struct.pack("<IIII", 1700000000 + n, 0,
                                          len(data), orig) + data)
                    n += 1
    print(n)


def wrap(out_path, in_path):
    """The packets of in_path as a capture from Ethernet (link type 1),
    each with a Destination Options header (RFC 8200 4.6: one PadN) in
    front of the Mobility Header, as the IPv6 dissector must walk it."""
    _, pkts = read_pcap(in_path)
    with open(out_path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, pkt in enumerate(pkts):
            ip = bytearray(pkt[:40])
            struct.pack_into(">H", ip, 4, len(pkt) - 40 + 8)
            ip[6] = 60                      # Destination Options
            dstopt = bytes([135, 0, 1, 4, 0, 0, 0, 0])
            eth = bytes.fromhex("020000000001" "020000000002" "86dd")
            frame = eth + bytes(ip) + dstopt + pkt[40:]
            out.write(struct.pack("<IIII", 1700000000 + i, 0, len(frame),
                                  len(frame)) + frame)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "fields":
        check_fields(args[0])
    elif cmd == "clean":
        check_clean(args[0], args[1] if len(args) > 1 else None)
    elif cmd == "experts":
        check_experts(args[0])
    elif cmd == "mutate":
        mutate(args[0], args[1:])
        return 0
    elif cmd == "wrap":
        wrap(args[0], args[1])
        return 0
    else:
        print("usage: check.py fields|clean|experts|mutate ...",
              file=sys.stderr)
        return 2
    # Assertion failures are "not ok" lines; a non-zero exit means
    # check.py itself broke.
    return 0


if __name__ == "__main__":
    sys.exit(main())
