#!/usr/bin/env python3
"""Generates random kubelet command lines, runs them through the reference oracle
(shared/tools/kubelet-oracle, built with its build.sh) and writes flags-differential.jsonl
({"id", "input", "output"} per line), replayed by core/tests/oracle_flags.rs without Go.

    sh ../shared/tools/kubelet-oracle/build.sh /tmp/kubelet-oracle
    python3 core/tests/data/gen_flags_differential.py /tmp/kubelet-oracle [N] [SEED]
"""
import json, os, random, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
oracle = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kubelet-oracle"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261130)

rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(here, "../../data/kubelet-flags.tsv"))]
hdr = rows[0]
flags = [dict(zip(hdr, r)) for r in rows[1:] if len(r) == len(hdr)]
by_type = {}
for f in flags:
    by_type.setdefault(f["type"], []).append(f["name"])

COMMON = ["client-ca-file"] * 6 + ["config"] * 3 + ["config-dir"] * 2 + [
    "anonymous-auth", "authentication-token-webhook", "v", "help", "version", "logtostderr",
    "network-plugin", "feature-gates", "max-pods", "sync-frequency", "tls-cipher-suites", "address",
    "log-file-max-size", "chaos-chance", "vmodule", "log-backtrace-at", "stderrthreshold",
    "log-json-info-buffer-size", "eviction-hard", "node-labels", "windows-service",
    "allow-privileged", "pod-infra-container-image", "fail-cgroupv1", "alsologtostderr",
    "application-metrics-count-limit", "oom-score-adj", "rotate-certificates", "manifest-url-header",
    "system-reserved", "keep-terminated-pod-volumes", "docker-only", "require-kubeconfig"]

VALUES = {
    "bool": ["true", "false", "1", "0", "t", "F", "TRUE", "yes", "", "no", "False"],
    "int32": ["0", "110", "-5", "0x10", "010", "08", "1_000", "abc", "2147483648", "-2147483648", "", "+7", "0b11", "_1"],
    "int64": ["9223372036854775807", "9223372036854775808", "0x_1", "1__0", "-9223372036854775808", "12"],
    "int": ["5", "-1", "0o17", "1e3", "x"],
    "uint64": ["5", "-1", "+1", "0b101", "18446744073709551616", "0x"],
    "float64": ["0.5", "1e400", ".5", "5.", "inf", "+nan", "nan", "0x1p-2", "0x1", "1_0.5", "abc", "-Infinity", "1e", "."],
    "duration": ["1h", "1h30m", "10", ".5s", "1.s", ".", "", "0", "-0", "2x", "1\u00b5s", "1\u03bcs",
                 "9223372036854775808ns", "1e3s", "+5m", "2562047h", "2562048h", "1.5h0.5m"],
    "stringSlice": ["a,b", "a\"b", "\"a\"x", "\n", "", "\"a,b\",c", "\"open", "a,,b", "\"\"", "x\r\n"],
    "mapStringBool": ["Foo=true", "Foo", "a=b", "Foo=true, Bar=false", "", ",,", "A=1,B=0", " =true"],
    "mapStringString": ["a=b", "a", "a=b,c", "", "memory=1Gi"],
    "configurationMap": ["a=b", "a", ""],
    "langleMapStringString": ["memory.available<100Mi", "memory.available", ""],
    "colonMultimapStringString": ["a:b", "a", ""],
    "ip": ["10.0.0.1", "::1", "10.0.0.256", "010.0.0.1", " 1.2.3.4", "::ffff:1.2.3.4", "abc", "0.0.0.0", ""],
    "quantity": ["64Ki", "1.5M", ".5", "1e3", "5.", "1Ei", "1x", "", "+1", "-.5E-2", "1m", "1Mi "],
    "moduleSpec": ["a=1", "a=-1", "a", "a=b", "", ",a=2", "=1", "a=1=2"],
    "traceLocation": ["", "file.go:10", "file.go:0", "file:1", "file.go:x", "a.go:+3"],
    "severity": ["info", "WARNING", "3", "x", "", "-1"],
    "version": ["v1.2.3", "raw", "true", "false", "nope", "v", "1"],
    "string": ["/etc/ca.crt", "", "--anonymous-auth=false", "-x", "/a=b", "/etc/kubernetes/pki/ca.crt", "--v=2", "-"],
}
POSITIONAL = ["true", "false", "x", "", "-", "kubelet", "--", "---x", "--=x", "--foo", "--foo=1",
              "-client-ca-file=/etc/ca.crt", "-test.v", "-hv", "-vh", "-v3", "-v=3", "-v", "-h", "-h=false",
              "-hv=2", "--help=false", "--Client-CA-File=/x", "--client_ca_file=/u.crt", "-x"]


def value_for(name):
    t = next((f["type"] for f in flags if f["name"] == name), "string")
    if name == "config":
        return rng.choice(["/c.yaml", "/c.yaml", "", "/missing.yaml"])
    if name == "config-dir":
        return rng.choice(["/d", "/d", "", "/nonexistent"])
    pool = VALUES.get(t, VALUES["string"])
    if rng.random() < 0.15:
        pool = VALUES[rng.choice(list(VALUES))]
    return rng.choice(pool)


def word_list():
    out = []
    for _ in range(rng.randint(0, 6)):
        r = rng.random()
        if r < 0.12:
            out.append(rng.choice(POSITIONAL))
            continue
        name = rng.choice(COMMON) if rng.random() < 0.75 else rng.choice(flags)["name"]
        shown = name
        if rng.random() < 0.1:
            shown = name.replace("-", "_")
        form = rng.random()
        if form < 0.5:
            out.append("--%s=%s" % (shown, value_for(name)))
        elif form < 0.8:
            out += ["--" + shown, value_for(name)]
        else:
            out.append("--" + shown)
    return out


files = {
    "/c.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
               "authentication:\n  x509:\n    clientCAFile: /etc/cfg.crt\n",
    "/d/10.conf": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                  "authentication:\n  anonymous:\n    enabled: false\n",
}
inputs = []
for i in range(n):
    inp = {"argv": ["kubelet"] + word_list(), "files": files, "cwd": "/"}
    if rng.random() < 0.3:
        inp["version"] = "1.%d" % rng.randint(10, 37)
    if rng.random() < 0.1:
        inp["os"] = "windows"
    if rng.random() < 0.3:
        inp["env"] = {"KUBELET_CONFIG_DROPIN_DIR_ALPHA": rng.choice(["on", ""])}
    inputs.append(inp)

stdin = "".join(json.dumps(x) + "\n" for x in inputs)
res = subprocess.run([oracle], input=stdin, capture_output=True, text=True, check=True)
outs = [json.loads(l) for l in res.stdout.splitlines()]
assert len(outs) == len(inputs)
with open(os.path.join(here, "flags-differential.jsonl"), "w") as f:
    for i, (inp, out) in enumerate(zip(inputs, outs)):
        f.write(json.dumps({"id": "R%04d" % i, "input": inp, "output": out}, ensure_ascii=False) + "\n")
print("wrote %d cases" % len(inputs))
