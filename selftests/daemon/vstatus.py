# SPDX-License-Identifier: GPL-2.0
"""
Checks what "vcanmc -n NETNS status -j" says, for the vcanmcd tests.

  vstatus.py [-w MS] CHECKS [-- CHECKS]...
  vstatus.py -g NETNS LINK KEY      prints one figure

CHECKS is one of
  NETNS LINK KEY=VALUE...   figures of one link
  NETNS links=NAME,...      the links the daemon serves, exactly

KEY is a field of the link's JSON object (frames_out, datagrams_in,
attached, group, ...), or:
  drops=REASON:N,...     these drop counters, every other one 0
  peers=ADDR,...         the hosts heard from, exactly (ports left out)
  sources=ADDR:PORT,...  the senders heard from, exactly, with their ports
  nodes=HEX,...          the NORM node ids heard from, exactly
  node:HEX=1             NORM node HEX is one of them (0: is not)
  peer:ADDR.frames=N     frames (or .drops, .lost, .repairs, ...) from host
                         ADDR over all its ports (a daemon that reattached
                         sends from a new one); a field that is no number
                         (.stream) gives its values, comma separated
  drop:REASON=N          one drop counter
  timeline.KEY=VALUE     order global: the timeline's state (state, why,
                         members, frontier, ...)
  bus.differs=N          peers that lately said they emulate another bus
                         (bus.conflicts: records that said so)
  peerbus:ADDR=STATE     what host ADDR's bus records say: same, differs,
                         unheard (not lately); (none) if it sent none

KEY>N instead of KEY=VALUE: the figure is greater than N.

-w MS: asks again until every check holds, for MS milliseconds at most.
Prints the figures it checked; exits 1 when one differs, saying which.
The CLI is $VCANMC.
"""
import json
import os
import subprocess
import sys
import time


def host(addr):
    """The host of "192.0.2.1:5000" or "[2001:db8::1]:5000"; a MAC
    address (IEEE 1722 over Ethernet) as it is."""
    if addr.count(":") == 5 and "." not in addr and "[" not in addr:
        return addr
    return addr.rsplit(":", 1)[0].strip("[]")


def actual(link, key):
    if key == "drops":
        return ",".join("%s:%d" % (r, n) for r, n in sorted(link["drops"].items()) if n)
    if key.startswith("drop:"):
        return str(link["drops"].get(key[5:], 0))
    if key == "peers":
        return ",".join(sorted({host(p["address"]) for p in link["peers"]}))
    if key == "sources":
        return ",".join(sorted(p["address"] for p in link["peers"]))
    if key == "nodes":
        return ",".join(sorted({p["node"] for p in link["peers"] if "node" in p}))
    if key.startswith("node:"):
        return "1" if key[5:] in {p.get("node") for p in link["peers"]} else "0"
    if key.startswith("timeline."):
        return str(link.get("timeline", {}).get(key[9:], "(none)"))
    if key.startswith("bus."):
        return str(link.get("bus", {}).get(key[4:], "(none)"))
    if key.startswith("peerbus:"):
        return ",".join(sorted({p["bus"]["state"] for p in link["peers"]
                                if host(p["address"]) == key[8:] and "bus" in p})) or "(none)"
    if key.startswith("peer:"):
        addr, _, field = key[5:].rpartition(".")
        values = [p[field] for p in link["peers"] if host(p["address"]) == addr and field in p]
        if all(isinstance(v, int) for v in values):
            return str(sum(values))
        return ",".join(sorted({str(v) for v in values}))
    value = link.get(key, "(none)")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def normal(key, value):
    if key in ("drops", "peers", "sources", "nodes", "links"):
        return ",".join(sorted(v for v in value.split(",") if v and not v.endswith(":0")))
    return value


def status(netns):
    out = subprocess.run([os.environ.get("VCANMC", "vcanmc"), "-n", netns, "status", "-j"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode:
        return None, out.stderr.strip()
    return {link["ifname"]: link for link in json.loads(out.stdout)}, None


def evaluate(group):
    """(good, bad) lines for one group of checks."""
    netns, rest = group[0], group[1:]
    links, err = status(netns)
    if links is None:
        return [], ["%s: %s" % (netns, err)]
    if rest and "=" not in rest[0] and ">" not in rest[0]:
        name, link, checks = "%s %s" % (netns, rest[0]), links.get(rest[0]), rest[1:]
        if link is None:
            return [], ["%s: not served by vcanmcd" % name]
    else:
        name, link, checks = netns, None, rest
    good, bad = [], []
    for check in checks:
        op = "=" if "=" in check else ">"
        key, _, want = check.partition(op)
        got = ",".join(sorted(links)) if link is None else actual(link, key)
        if op == ">":
            ok = got.isdigit() and int(got) > int(want)
            want = "more than " + want
        else:
            want = normal(key, want)
            ok = got == want
        if ok:
            good.append("%s=%s" % (key, got))
        else:
            bad.append("%s: %s is %r, expected %r" % (name, key, got, want))
    return ["%s: %s" % (name, " ".join(good))] if good else [], bad


def main():
    args = sys.argv[1:]
    if args[:1] == ["-g"] and len(args) == 4:
        links, err = status(args[1])
        if links is None or args[2] not in links:
            sys.exit(err or "%s: no link %s" % (args[1], args[2]))
        print(actual(links[args[2]], args[3]))
        return
    wait_ms = 0
    if args[:1] == ["-w"]:
        wait_ms, args = int(args[1]), args[2:]
    groups = [[]]
    for a in args:
        if a == "--":
            groups.append([])
        else:
            groups[-1].append(a)
    if not all(len(g) >= 2 for g in groups):
        sys.exit(__doc__)

    deadline = time.monotonic() + wait_ms / 1000
    while True:
        good, bad = [], []
        for g in groups:
            ok, nok = evaluate(g)
            good += ok
            bad += nok
        if not bad or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    print("\n".join(good + bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
