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
    "int64": ["12", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "0x_1", "1__0"],
    "int": ["5", "-1", "0o17", "1e3", "x"],
    "uint64": ["5", "0b101", "0", "-1", "+1", "18446744073709551616", "0x"],
    "float64": ["0.5", ".5", "5.", "1e400", "inf", "+nan", "nan", "0x1p-2", "0x1", "1_0.5", "abc", "-Infinity", "1e", "."],
    "duration": ["1h", "1h30m", ".5s", "10", "1.s", ".", "", "0", "-0", "2x", "1\u00b5s", "1\u03bcs",
                 "9223372036854775808ns", "1e3s", "+5m", "2562047h", "2562048h", "1.5h0.5m"],
    "stringSlice": ["a,b", "\"a,b\",c", "", "a\"b", "\"a\"x", "\n", "\"open", "a,,b", "\"\"", "x\r\n"],
    "mapStringBool": ["Foo=true", "Foo=true, Bar=false", "A=1,B=0", "Foo", "a=b", "", ",,", " =true"],
    "mapStringString": ["a=b", "memory=1Gi", "", "a", "a=b,c"],
    "configurationMap": ["a=b", "a", ""],
    "langleMapStringString": ["memory.available<100Mi", "", "a<b,c<d", "memory.available"],
    "colonMultimapStringString": ["a:b", "", "a:b,c:d", "a"],
    "ip": ["10.0.0.1", "::1", "0.0.0.0", "10.0.0.256", "010.0.0.1", " 1.2.3.4", "::ffff:1.2.3.4", "abc", "0.0.0.0", ""],
    "quantity": ["64Ki", "1.5M", ".5", "1e3", "5.", "1Ei", "1x", "", "+1", "-.5E-2", "1m", "1Mi "],
    "moduleSpec": ["a=1", "", ",a=2", "a=-1", "a", "a=b", "=1", "a=1=2"],
    "traceLocation": ["", "file.go:10", "a.go:+3", "file.go:0", "file:1", "file.go:x"],
    "severity": ["info", "WARNING", "3", "x", "", "-1"],
    "version": ["v1.2.3", "false", "v", "raw", "true", "nope", "1"],
    "string": ["/etc/ca.crt", "", "--anonymous-auth=false", "-x", "/a=b", "/etc/kubernetes/pki/ca.crt", "--v=2", "-"],
}
ALPHABET = list("0123456789.+-_eExXoObBpPiInNfFaAtTrRuUyYsmhµμKMGi,=<:\" \n\r\tlvwW") + ["0x", "inf", "nan", "ns", "ms"]
WORDCHARS = list("--------=hhvv_tes.x3 c") + ["help", "version", "test.", "v="]
WORDFUZZ = float(os.environ.get("WORDFUZZ", "0.1"))
FUZZ = float(os.environ.get("FUZZ", "0.2"))
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
    if rng.random() < FUZZ:  # random strings over the alphabet of Go number/duration/list syntax
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
    if rng.random() < 0.55:
        return rng.choice(pool[:3])  # the first three of each pool are valid
    if rng.random() < 0.15:
        pool = VALUES[rng.choice(list(VALUES))]
    return rng.choice(pool)


def word_list():
    out = []
    for _ in range(rng.randint(0, 6)):
        r = rng.random()
        if r < 0.07:
            out.append(rng.choice(POSITIONAL))
            continue
        if r < 0.07 + WORDFUZZ:  # random dash/shorthand soup: -hv3, -h=, --v, -test.x, ...
            out.append("".join(rng.choice(WORDCHARS) for _ in range(rng.randint(1, 7))))
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


GLOBAL_BOOLS = [f["name"] for f in flags if f["set"] == "global" and f["type"] in ("bool", "version")]


def clean_word_list():
    """Mostly valid command lines around --client-ca-file, --config and bare global bools (the
    precedence re-parse, case V25)."""
    out = []
    for _ in range(rng.randint(1, 5)):
        r = rng.random()
        if r < 0.3:
            out.append(rng.choice(["--client-ca-file=/etc/f%d.crt" % rng.randint(1, 9), "--client-ca-file=",
                                   "--client_ca_file=/etc/u.crt"]))
        elif r < 0.45:
            out += ["--client-ca-file", rng.choice(["/etc/s.crt", "", "--v=2", "--config=/c.yaml"])]
        elif r < 0.6:
            out.append(rng.choice(["--config=/c.yaml", "--config", "--config-dir=/d", "--config="]))
            if out[-1] == "--config":
                out.append("/c.yaml")
        elif r < 0.75:
            g = rng.choice(GLOBAL_BOOLS)
            out.append(rng.choice(["--" + g, "--%s=true" % g, "--%s=false" % g]))
        elif r < 0.85:
            b = rng.choice(["anonymous-auth", "authentication-token-webhook", "rotate-certificates"])
            out.append(rng.choice(["--" + b, "--%s=false" % b, "--%s=true" % b, "--%s=0" % b]))
        else:
            name = rng.choice(COMMON)
            t = next((f["type"] for f in flags if f["name"] == name), "string")
            v = rng.choice(VALUES.get(t, VALUES["string"])[:3])
            out.append("--%s=%s" % (name, v) if t in ("bool", "version") or rng.random() < 0.5 else "--" + name)
            if not out[-1].count("=") and t not in ("bool", "version"):
                out.append(v)
    return out


files = {
    "/c.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
               "authentication:\n  x509:\n    clientCAFile: /etc/cfg.crt\n",
    "/d/10.conf": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                  "authentication:\n  anonymous:\n    enabled: false\n",
}
# MODE=values: one `--flag=value` per case, random values over each type's alphabet (the Go
# value parsers: strconv, time.ParseDuration, net.ParseIP, encoding/csv, klog types).
VALUE_FLAGS = [("chaos-chance", "1.21", "0123456789.eE+-_xXpPinfaINFA"), ("sync-frequency", "1.37", "0123456789.+-hmsnu\u00b5\u03bc_"),
               ("max-pods", "1.37", "0123456789+-_xXoObBaAfF"), ("log-file-max-size", "1.25", "0123456789+-_xXoObB"),
               ("pod-max-pids", "1.37", "0123456789+-_xX"), ("log-json-info-buffer-size", "1.30", "0123456789.+-eEKMGTPEimk "),
               ("vmodule", "1.37", "ab=,0123-+"), ("log-backtrace-at", "1.25", "ab.go:0123+-"),
               ("stderrthreshold", "1.25", "0123456789+-infoINFOwarn"), ("tls-cipher-suites", "1.37", "ab,\"\n\r "),
               ("feature-gates", "1.37", "ab=,trueTF01 "), ("eviction-hard", "1.37", "ab<,= "),
               ("address", "1.37", "0123456789abcdefABCDEF:.:. "), ("anonymous-auth", "1.37", "truefalseTF01"),
               ("version", "1.37", "vtruefalsraw1")]
MODE = os.environ.get("MODE", "argv")
inputs = []
for i in range(n if MODE == "values" else 0):
    name, ver, alpha = rng.choice(VALUE_FLAGS)
    v = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 9)))
    inputs.append({"argv": ["kubelet", "--%s=%s" % (name, v)], "version": ver})
for i in range(n if MODE != "values" else 0):
    argv = ["kubelet"] + (clean_word_list() if i % 2 else word_list())
    inp = {"argv": argv, "files": files if any("config" in a for a in argv) else {}, "cwd": "/"}
    if rng.random() < 0.3:
        inp["version"] = "1.%d" % rng.randint(10, 37)
    if rng.random() < 0.1:
        inp["os"] = "windows"
    if rng.random() < 0.3:
        inp["env"] = {"KUBELET_CONFIG_DROPIN_DIR_ALPHA": rng.choice(["on", ""])}
    inputs.append(inp)

stdin = "".join(json.dumps(x) + "\n" for x in inputs)
KEEP = ("client_ca_file", "refuses_to_start", "error", "config_file", "anonymous_auth", "webhook_authn",
        "judged_version", "version_reason", "input_error")
res = subprocess.run([oracle], input=stdin, capture_output=True, text=True, check=True)
outs = [json.loads(l) for l in res.stdout.splitlines()]
assert len(outs) == len(inputs)
out_path = sys.argv[4] if len(sys.argv) > 4 else os.path.join(here, "flags-differential.jsonl")
with open(out_path, "w") as f:
    for i, (inp, out) in enumerate(zip(inputs, outs)):
        out = {k: v for k, v in out.items() if k in KEEP}  # the deprecation warnings are bulky
        f.write(json.dumps({"id": ("V%04d" if MODE == "values" else "R%04d") % i, "input": inp, "output": out}, ensure_ascii=False) + "\n")
print("wrote %d cases" % len(inputs))
