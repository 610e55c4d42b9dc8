#!/usr/bin/env python3
"""Writes tests/vectors/*.json: the spec's cases T01-T68 (kubelet-semantics.md section I, as
amended by section Z) and our own edge cases. Run from the repo root; the JSON files are the
source of truth that every front-end runs (this script only saves typing)."""
import json, os, pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors"
CA = (ROOT / "tests" / "tools" / "ca.pem").read_text()
LEAF = (ROOT / "tests" / "tools" / "leaf.pem").read_text()
HDR = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"

def proc(*argv, pid=1234):
    """An exact /proc/PID/cmdline artifact."""
    return {"text": "\0".join(("/usr/bin/kubelet",) + argv) + "\0", "path": f"/proc/{pid}/cmdline", "kind": "cmdline"}

def cfg(path, body, header=True):
    return {"text": (HDR if header else "") + body, "path": path, "kind": "kubelet-config"}

def dropin(path, body, header=True):
    return {"text": (HDR if header else "") + body, "path": path, "kind": "config-dropin"}

def unit(path, text):
    return {"text": text, "path": path, "kind": "systemd-unit"}

def sdrop(path, text):
    return {"text": text, "path": path, "kind": "systemd-dropin"}

def env(path, text):
    return {"text": text, "path": path, "kind": "env-file"}

def ca_yaml(v):
    return f"authentication:\n  x509:\n    clientCAFile: {v}\n"

CASES = []
def case(id, desc, rules, artifacts, verdict, value=..., codes=(), absent=(), options=None, error=False):
    e = {"verdict": verdict}
    if value is not ...:
        e["client_ca_file"] = value
    if codes:
        e["codes"] = list(codes)
    if absent:
        e["absent_codes"] = list(absent)
    if error:
        e = {"error": True}
    c = {"id": id, "description": desc, "rules": rules, "artifacts": artifacts, "expect": e}
    if options:
        c["options"] = options
    CASES.append(c)

C = "/var/lib/kubelet/config.yaml"
D = "/etc/kubernetes/kubelet.conf.d"
# --- A. command line
case("T01", "--client-ca-file=PATH", ["A2"], [proc("--client-ca-file=/etc/kubernetes/pki/ca.crt")], "pass", "/etc/kubernetes/pki/ca.crt", ["deprecated-flag"])
case("T02", "--client-ca-file PATH (space form)", ["A2"], [proc("--client-ca-file", "/etc/kubernetes/pki/ca.crt")], "pass", "/etc/kubernetes/pki/ca.crt")
case("T03", "single-dash long flag is a shorthand cluster", ["A3"], [proc("-client-ca-file=/etc/ca.crt")], "invalid")
case("T04", "underscores normalised", ["A4"], [proc("--client_ca_file=/etc/ca.crt")], "pass", "/etc/ca.crt")
case("T05", "flag names are case-sensitive", ["A4", "A7"], [proc("--Client-CA-File=/etc/ca.crt")], "invalid")
case("T06", "last repeated flag wins", ["A5"], [proc("--client-ca-file=/a.crt", "--client-ca-file=/b.crt")], "pass", "/b.crt", ["repeated-flag"])
case("T07", "value-taking flag swallows the next flag", ["A2", "E2"], [proc("--client-ca-file", "--anonymous-auth=false")], "invalid", codes=["flag-value-swallowed"])
case("T08", "value-taking flag at the end", ["A2"], [proc("--client-ca-file")], "invalid")
case("T09", "explicit empty flag overrides the file", ["A8", "C1"], [proc("--config=" + C, "--client-ca-file="), cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt"))], "fail", None, ["empty-value"])
case("T10", "flag wins whatever its position", ["C1"], [proc("--client-ca-file=/etc/a.crt", "--config=/c.yaml"), cfg("/c.yaml", ca_yaml("/etc/b.crt"))], "pass", "/etc/a.crt", ["flag-overrides-config"])
case("T11", "everything after -- is positional", ["A2", "A6"], [proc("--config=/c.yaml", "--", "--client-ca-file=/etc/a.crt"), cfg("/c.yaml", ca_yaml("/etc/b.crt"))], "invalid")
case("T12", "bool flag does not take a separate value", ["A2", "A6"], [proc("--anonymous-auth", "false", "--client-ca-file=/etc/ca.crt")], "invalid")
case("T13", "--config= means flags-only mode", ["B1", "B9"], [proc("--config=", "--client-ca-file=/etc/ca.crt")], "pass", "/etc/ca.crt", ["anonymous-auth-enabled"])
# --- B. config file
case("T14", "config without authentication", ["B9"], [proc("--config=/c.yaml"), cfg("/c.yaml", "readOnlyPort: 0\n")], "fail", None)
case("T15", "JSON config", ["B2"], [proc("--config=/c.json"), {"text": '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","authentication":{"x509":{"clientCAFile":"/etc/ca.crt"}}}', "path": "/c.json", "kind": "kubelet-config"}], "pass", "/etc/ca.crt")
case("T16", "config without kind", ["B4"], [proc("--config=/c.yaml"), cfg("/c.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\n" + ca_yaml("/etc/ca.crt"), header=False)], "invalid")
case("T17", "unregistered apiVersion", ["B4"], [proc("--config=/c.yaml"), cfg("/c.yaml", "apiVersion: kubelet.config.k8s.io/v1alpha1\nkind: KubeletConfiguration\n" + ca_yaml("/etc/ca.crt"), header=False)], "invalid")
case("T18", "clientCaFile (wrong case) is ignored", ["B5", "B6"], [proc("--config=/c.yaml"), cfg("/c.yaml", "authentication:\n  x509:\n    clientCaFile: /etc/ca.crt\n")], "fail", None, ["case-mismatched-key"])
case("T19", "duplicate key: last wins, with a warning", ["B5", "B7"], [proc("--config=/c.yaml"), cfg("/c.yaml", "authentication:\n  x509:\n    clientCAFile: /etc/a.crt\n    clientCAFile: /etc/b.crt\n")], "pass", "/etc/b.crt", ["duplicate-key"])
case("T20", "unknown top-level key", ["B5"], [proc("--config=/c.yaml"), cfg("/c.yaml", "foo: bar\n" + ca_yaml("/etc/ca.crt"))], "pass", "/etc/ca.crt", ["unknown-field"])
case("T21", "relative path resolves against the config's folder", ["B10", "D7"], [proc("--config=/etc/kubernetes/kubelet/config.yaml"), cfg("/etc/kubernetes/kubelet/config.yaml", ca_yaml("pki/ca.crt"))], "pass", "/etc/kubernetes/kubelet/pki/ca.crt")
case("T22", "--config relative to WorkingDirectory=, .. cleaned", ["A10", "B10", "F11"], [
    unit("/etc/systemd/system/kubelet.service", "[Service]\nWorkingDirectory=/var/lib/kubelet\nExecStart=/usr/bin/kubelet --config=kubelet.yaml\n"),
    cfg("/var/lib/kubelet/kubelet.yaml", ca_yaml("../pki/ca.crt"))], "pass", "/var/lib/pki/ca.crt")
case("T23", "relative flag value is kept and opened from CWD", ["A10", "F11", "E5"], [proc("--client-ca-file=pki/ca.crt")], "pass", "pki/ca.crt", ["relative-path"])
case("T24", "Windows: absolute-looking path joined onto the config dir", ["B10"], [
    {"text": "C:\\k\\kubelet.exe\0--config=C:\\var\\lib\\kubelet\\config.yaml\0--windows-service\0", "path": None, "kind": "cmdline"},
    cfg("C:\\var\\lib\\kubelet\\config.yaml", ca_yaml("/etc/kubernetes/pki/ca.crt"))], "pass", "C:\\var\\lib\\kubelet\\etc\\kubernetes\\pki\\ca.crt")
case("T25", "empty config file", ["B3"], [proc("--config=/c.yaml"), {"text": "", "path": "/c.yaml", "kind": "kubelet-config"}], "invalid")
# --- C. drop-ins
BASE = [proc("--config=/c.yaml", "--config-dir=" + D), cfg("/c.yaml", ca_yaml("/etc/a.crt"))]
case("T27", "flow-style YAML drop-in starting with { goes to the JSON decoder (Z1)", ["C1", "C8", "Z1"], BASE + [dropin(D + "/10-ca.conf", "{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration, authentication: {x509: {clientCAFile: /etc/b.crt}}}\n", header=False)], "invalid")
case("T27y", "block-style drop-in overrides the file", ["C1", "C8"], BASE + [dropin(D + "/10-ca.conf", ca_yaml("/etc/b.crt"))], "pass", "/etc/b.crt")
case("T28", "later drop-in wins", ["C5"], BASE + [dropin(D + "/10-ca.conf", ca_yaml("/etc/b.crt")), dropin(D + "/20-ca.conf", ca_yaml("/etc/c.crt"))], "pass", "/etc/c.crt")
case("T29", "byte order: 10- before 9-", ["C5"], BASE + [dropin(D + "/9-ca.conf", ca_yaml("/etc/nine.crt")), dropin(D + "/10-ca.conf", ca_yaml("/etc/ten.crt"))], "pass", "/etc/nine.crt")
case("T30", ".yaml drop-in is skipped", ["C5"], BASE + [dropin(D + "/50-ca.yaml", ca_yaml("/etc/b.crt"))], "pass", "/etc/a.crt")
case("T31", ".CONF drop-in is skipped", ["C5"], BASE + [dropin(D + "/50-ca.CONF", ca_yaml("/etc/b.crt"))], "pass", "/etc/a.crt")
case("T32", "drop-in without kind/apiVersion", ["C6"], BASE + [dropin(D + "/99-ca.conf", ca_yaml("/etc/b.crt"), header=False)], "invalid")
case("T33", "empty drop-in", ["C6"], BASE + [{"text": "", "path": D + "/50-empty.conf", "kind": "config-dropin"}], "invalid")
case("T34", "drop-in blanks the value", ["C8"], BASE + [dropin(D + "/10-ca.conf", 'authentication:\n  x509:\n    clientCAFile: ""\n')], "fail", None)
case("T35", "drop-in authentication: null (1.32+)", ["C8", "Z2"], BASE + [dropin(D + "/10-ca.conf", "authentication:\n")], "fail", None)
case("T35-1.31", "drop-in authentication: null does nothing on 1.28-1.31", ["C8", "Z2"], BASE + [dropin(D + "/10-ca.conf", "authentication:\n")], "pass", "/etc/a.crt", options={"kubelet_version": "1.31"})
case("T36", "objects merge recursively", ["C8"], BASE + [dropin(D + "/10-anon.conf", "authentication:\n  anonymous:\n    enabled: true\n")], "pass", "/etc/a.crt")
case("T37", "duplicate key in a drop-in is fatal", ["C7"], BASE + [dropin(D + "/10-ca.conf", "authentication:\n  x509:\n    clientCAFile: /etc/b.crt\n    clientCAFile: /etc/c.crt\n")], "invalid")
case("T38", "relative drop-in value stays relative", ["C9", "F11"], BASE + [dropin(D + "/10-ca.conf", ca_yaml("pki/ca.crt"))], "pass", "pki/ca.crt", ["relative-path"])
case("T39", "case-variant drop-in key applies on 1.32+", ["C10", "Z2"], BASE + [dropin(D + "/10-ca.conf", "authentication:\n  x509:\n    clientCaFile: /etc/x.crt\n")], "pass", "/etc/x.crt")
case("T40", "--config-dir without --config keeps legacy defaults", ["C11", "B9"], [proc("--config-dir=" + D), dropin(D + "/10-ca.conf", ca_yaml("/etc/ca.crt"))], "pass", "/etc/ca.crt", ["anonymous-auth-enabled"])
case("T41", "--config-dir on 1.29 without KUBELET_CONFIG_DROPIN_DIR_ALPHA", ["C4"], BASE + [dropin(D + "/10-ca.conf", ca_yaml("/etc/b.crt"))], "invalid", options={"kubelet_version": "1.29", "dropin_alpha_env": False})
case("T41-1.30", "--config-dir on 1.30 needs no env", ["C4"], BASE + [dropin(D + "/10-ca.conf", ca_yaml("/etc/b.crt"))], "pass", "/etc/b.crt", options={"kubelet_version": "1.30"})
case("T42", "--config-dir not given as evidence: unknown, not absent", ["C5", "H"], [proc("--config=/c.yaml", "--config-dir=/etc/kubernetes/missing.d"), cfg("/c.yaml", ca_yaml("/etc/a.crt"))], "inconclusive", codes=["unseen-evidence"])
case("T43", "walk order: a/x.conf before a.conf", ["C5", "Z6"], BASE + [dropin(D + "/a.conf", ca_yaml("/etc/a2.crt")), dropin(D + "/a/x.conf", ca_yaml("/etc/x.crt"))], "pass", "/etc/a2.crt")
# --- F. systemd
U = "/usr/lib/systemd/system/kubelet.service"
UNIT = "[Unit]\nDescription=kubelet\n\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n"
KADM = "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"
KD = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"
case("T44", "kubeadm layout: reset + EnvironmentFile", ["F4", "F6", "F8"], [unit(U, UNIT), sdrop(KD, KADM), env("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n")], "pass", "/etc/ca.crt")
case("T45", "second ExecStart= without reset", ["F4"], [unit(U, UNIT), sdrop(KD, KADM), sdrop("/etc/systemd/system/kubelet.service.d/20-extra.conf", "[Service]\nExecStart=/usr/bin/kubelet --foo\n"), env("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n")], "invalid", codes=["systemd-refuses-unit"])
case("T46", "EnvironmentFile= beats Environment= whatever the order", ["F6"], [unit(U, UNIT), sdrop(KD, "[Service]\nEnvironmentFile=-/etc/default/kubelet\nEnvironment=\"KUBELET_EXTRA_ARGS=--client-ca-file=/etc/a.crt\"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"), env("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/b.crt\n")], "pass", "/etc/b.crt")
case("T47", "required EnvironmentFile= not given", ["F6", "H"], [unit(U, UNIT), sdrop(KD, "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml $KUBELET_EXTRA_ARGS\n"), cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt"))], "inconclusive", codes=["unseen-evidence"])
case("T48", "${VAR} unset gives an empty argument", ["F8", "A6"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/etc/ca.crt ${KUBELET_EXTRA_ARGS}\n")], "invalid")
case("T48b", "$VAR unset vanishes", ["F8"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/etc/ca.crt $KUBELET_EXTRA_ARGS\n")], "pass", "/etc/ca.crt")
case("T49", "${VAR} is one word: the path gets a space", ["F8", "A2", "E2"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt --v=2\"\nExecStart=/usr/bin/kubelet ${KUBELET_EXTRA_ARGS}\n")], "invalid")
case("T50", ": prefix disables substitution", ["F7", "A6"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nEnvironment=KUBELET_ARGS=--client-ca-file=/etc/ca.crt\nExecStart=:/usr/bin/kubelet $KUBELET_ARGS\n")], "invalid")
case("T51", "@ prefix: second word is argv[0]", ["F7"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=@/usr/bin/kubelet kubelet-node --client-ca-file=/etc/ca.crt\n")], "pass", "/etc/ca.crt")
case("T52", "continuation inside unquoted Environment= splits assignments", ["F3", "F5"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nEnvironment=KUBELET_ARGS=--config=/a.yaml \\\n--client-ca-file=/etc/ca.crt\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n"), cfg("/a.yaml", ca_yaml("/etc/from-file.crt"))], "pass", "/etc/from-file.crt")
case("T53", "no $ expansion inside Environment= values", ["F5", "F8", "E2"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nEnvironment=\"KUBELET_ARGS=--client-ca-file=$CA\"\nEnvironment=CA=/etc/ca.crt\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n")], "invalid")
case("T54", "double-quoted EnvironmentFile value", ["F6", "F8"], [unit(U, UNIT), sdrop(KD, KADM), env("/etc/default/kubelet", 'KUBELET_EXTRA_ARGS="--client-ca-file=/etc/ca.crt"\n')], "pass", "/etc/ca.crt")
case("T55", "commented EnvironmentFile line is ignored", ["F6"], [unit(U, UNIT), sdrop(KD, KADM), env("/etc/default/kubelet", "# KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n")], "fail", None)
case("T56", "same-named drop-in in /etc hides /usr/lib", ["F2"], [unit(U, UNIT), sdrop(KD, "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --client-ca-file=/etc/usr.crt\n"), sdrop("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --client-ca-file=/etc/etc.crt\n")], "pass", "/etc/etc.crt")
case("T57", "/etc unit file wins over /usr/lib", ["F1", "F2"], [unit(U, "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/etc/usr.crt\n"), unit("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/etc/etc.crt\n"), sdrop("/etc/systemd/system/kubelet.service.d/20-v.conf", "[Service]\nEnvironment=X=1\n")], "pass", "/etc/etc.crt")
# --- D. /configz
CZ_FAIL = '{"kubeletconfig":{"enableServer":true,"authentication":{"x509":{},"webhook":{"enabled":true,"cacheTTL":"2m0s"},"anonymous":{"enabled":false}},"authorization":{"mode":"Webhook"}}}'
CZ_PASS = '{"kubeletconfig":{"enableServer":true,"authentication":{"x509":{"clientCAFile":"/etc/kubernetes/pki/ca.crt"},"webhook":{"enabled":true,"cacheTTL":"2m0s"},"anonymous":{"enabled":false}},"authorization":{"mode":"Webhook"}}}'
case("T58", "/configz without clientCAFile (omitempty)", ["D2"], [{"text": CZ_FAIL, "kind": "configz"}], "fail", None)
case("T59", "/configz with clientCAFile", ["D4", "H4"], [{"text": CZ_PASS, "kind": "configz"}], "pass", "/etc/kubernetes/pki/ca.crt")
case("T60", "/configz from 1.36 carries kind/apiVersion", ["D2"], [{"text": CZ_PASS.replace('{"enableServer"', '{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","enableServer"'), "kind": "configz"}], "pass", "/etc/kubernetes/pki/ca.crt")
# --- E. CA bundle
case("T61", "0-byte CA bundle", ["E2"], [proc("--client-ca-file=/etc/ca.crt"), {"text": "", "path": "/etc/ca.crt", "kind": "ca-bundle"}], "invalid", codes=["ca-bundle-unusable"])
case("T62", "TRUSTED CERTIFICATE block only", ["E2"], [proc("--client-ca-file=/etc/ca.crt"), {"text": CA.replace("BEGIN CERTIFICATE", "BEGIN TRUSTED CERTIFICATE").replace("END CERTIFICATE", "END TRUSTED CERTIFICATE"), "path": "/etc/ca.crt", "kind": "ca-bundle"}], "invalid", codes=["ca-bundle-unusable"])
case("T64", "leaf (non-CA) certificate: set, but not appropriate", ["E4"], [proc("--client-ca-file=/etc/ca.crt"), {"text": LEAF, "path": "/etc/ca.crt", "kind": "ca-bundle"}], "fail", "/etc/ca.crt", ["ca-not-a-ca"])
case("T64-ok", "a CA certificate passes", ["E2"], [proc("--client-ca-file=/etc/ca.crt"), {"text": "# cluster CA\n" + CA, "path": "/etc/ca.crt", "kind": "ca-bundle"}], "pass", "/etc/ca.crt", absent=["ca-bundle-unusable", "ca-not-a-ca"])
# --- G. layouts
K3 = "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d"
case("T65", "k3s drop-in directory only", ["G6", "C5"], [dropin(K3 + "/00-k3s-defaults.conf", ca_yaml("/var/lib/rancher/k3s/agent/client-ca.crt")), dropin(K3 + "/10-custom.conf", "maxPods: 200\n")], "pass", "/var/lib/rancher/k3s/agent/client-ca.crt")
EKS_UNIT = "[Unit]\nDescription=Kubernetes Kubelet\n\n[Service]\nExecStart=/usr/bin/kubelet --config /etc/kubernetes/kubelet/kubelet-config.json --kubeconfig /var/lib/kubelet/kubeconfig --container-runtime-endpoint unix:///run/containerd/containerd.sock $KUBELET_ARGS $KUBELET_EXTRA_ARGS\nRestart=always\n"
EKS_CFG = {"text": json.dumps({"kind": "KubeletConfiguration", "apiVersion": "kubelet.config.k8s.io/v1beta1", "authentication": {"anonymous": {"enabled": False}, "webhook": {"cacheTTL": "2m0s", "enabled": True}, "x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}}, "authorization": {"mode": "Webhook"}}, indent=2), "path": "/etc/kubernetes/kubelet/kubelet-config.json", "kind": "kubelet-config"}
case("T66", "EKS AL2 --kubelet-extra-args '--client-ca-file='", ["G2", "A8", "C1"], [unit("/etc/systemd/system/kubelet.service", EKS_UNIT), sdrop("/etc/systemd/system/kubelet.service.d/10-kubelet-args.conf", "[Service]\nEnvironment='KUBELET_ARGS=--node-ip=10.0.0.1 --pod-infra-container-image=602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5'\n"), sdrop("/etc/systemd/system/kubelet.service.d/30-kubelet-extra-args.conf", "[Service]\nEnvironment='KUBELET_EXTRA_ARGS=--client-ca-file='\n"), EKS_CFG], "fail", None, ["empty-value"])
AKS_UNIT = "[Unit]\nDescription=Kubelet\nConditionPathExists=/opt/bin/kubelet\n\n[Service]\nRestart=always\nEnvironmentFile=/etc/default/kubelet\nSuccessExitStatus=143\nExecStartPre=/bin/bash /opt/azure/containers/kubelet.sh\nExecStart=/opt/bin/kubelet \\\n        --enable-server \\\n        --node-labels=\"${KUBELET_NODE_LABELS}\" \\\n        --v=2 \\\n        --volume-plugin-dir=/etc/kubernetes/volumeplugins \\\n        $KUBELET_TLS_BOOTSTRAP_FLAGS \\\n        $KUBELET_CONFIG_FILE_FLAGS \\\n        $KUBELET_CONTAINERD_FLAGS \\\n        $KUBELET_CGROUP_FLAGS \\\n        $KUBELET_FLAGS\n\n[Install]\nWantedBy=multi-user.target\n"
AKS_ENV = "KUBELET_FLAGS=--address=0.0.0.0 --anonymous-auth=false --authentication-token-webhook=true --authorization-mode=Webhook --client-ca-file=/etc/kubernetes/certs/ca.crt --cluster-dns=10.0.0.10 --cluster-domain=cluster.local --max-pods=110 --read-only-port=0 --rotate-certificates=true\nKUBELET_REGISTER_SCHEDULABLE=true\nKUBELET_NODE_LABELS=kubernetes.azure.com/role=agent,agentpool=nodepool1\n"
case("T67", "AKS: KUBELET_FLAGS flag beats the config file", ["G1", "C1"], [unit("/etc/systemd/system/kubelet.service", AKS_UNIT), env("/etc/default/kubelet", AKS_ENV), sdrop("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf", "[Service]\nEnvironment=\"KUBELET_CONFIG_FILE_FLAGS=--config /etc/default/kubeletconfig.json\"\n"), {"text": json.dumps({"kind": "KubeletConfiguration", "apiVersion": "kubelet.config.k8s.io/v1beta1", "authentication": {"x509": {"clientCAFile": "/etc/other.crt"}, "webhook": {"enabled": True}}}), "path": "/etc/default/kubeletconfig.json", "kind": "kubelet-config"}], "pass", "/etc/kubernetes/certs/ca.crt", ["flag-overrides-config"])
case("T68", "ps line cut at the terminal width", ["A12", "H3"], [{"text": "UID          PID    PPID  C STIME TTY          TIME CMD\nroot        1042       1  3 09:14 ?        00:12:31 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --client-ca-file=/etc/kubern…\n", "kind": "cmdline"}], "inconclusive")
# --- own edge cases
case("X01", "kube-apiserver's --client-ca-file is not the kubelet's", ["A12", "G4"], [{"text": "root  811  1 /usr/local/bin/kube-apiserver --client-ca-file=/etc/kubernetes/pki/ca.crt --etcd-servers=https://127.0.0.1:2379\n", "kind": "cmdline"}], "inconclusive", codes=["no-kubelet-process"])
case("X02", "no flag, no config: fail", ["B9"], [proc("--v=2")], "fail", None)
case("X03", "Z7: no CA, anonymous off, webhook off (flags-only)", ["Z7", "B9"], [proc("--anonymous-auth=false")], "invalid", codes=["no-authentication-method"])
case("X04", "--config names a file not given", ["H"], [proc("--config=" + C)], "inconclusive", codes=["unseen-evidence"])
case("X05", "--config not given, but the flag decides", ["H", "C1"], [proc("--config=" + C, "--client-ca-file=/etc/kubernetes/pki/ca.crt")], "pass", "/etc/kubernetes/pki/ca.crt")
case("X06", "non-boolean feature gate value stops the kubelet", ["Z10"], [proc("--feature-gates=RotateKubeletServerCertificate=true,a=b", "--client-ca-file=/etc/ca.crt")], "invalid")
case("X07", "removed flag judges an older version", ["Z10"], [proc("--network-plugin=kubenet", "--client-ca-file=/x")], "pass", "/x")
case("X08", "config alone, YAML 1.1 boolean in clientCAFile is a type error", ["Z4"], [cfg(C, ca_yaml("yes"))], "invalid")
case("X09", "config alone with the value", ["H"], [cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt"))], "pass", "/etc/kubernetes/pki/ca.crt", ["config-judged-alone"])
case("X10", "config alone without the value", ["H"], [cfg(C, "readOnlyPort: 0\n")], "fail", None, ["config-judged-alone"])
case("X11", "empty evidence set is an input error", [], [], "invalid", error=True)
case("X12", "undetectable text is an input error", [], [{"text": "hello world\n"}], "invalid", error=True)
case("X13", "kind detected from a plain argv line", ["A2"], [{"text": "/usr/bin/kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt --v=2\n"}], "pass", "/etc/kubernetes/pki/ca.crt")
case("X14", "hyperkube kubelet", ["A12"], [{"text": "/hyperkube kubelet --client-ca-file=/etc/kubernetes/ca.crt --v=2\n", "kind": "cmdline"}], "pass", "/etc/kubernetes/ca.crt")
case("X15", "configz inside shell noise", ["D1"], [{"text": "$ curl -sSk https://localhost:10250/configz | jq .\n  % Total    % Received % Xferd  Average Speed   Time\n100  2291  100  2291    0     0  95458      0 --:--:-- --:--:-- --:--:-- 95458\n" + json.dumps(json.loads(CZ_PASS), indent=2) + "\n$ \n"}], "pass", "/etc/kubernetes/pki/ca.crt")
case("X16", "bad explicit version is an input error", [], [proc("--client-ca-file=/x")], "invalid", options={"kubelet_version": "banana"}, error=True)
case("X17", "a ps line and /proc/PID/cmdline: the exact one wins", ["A12", "H1"], [{"text": "root 1042 1 3 09:14 ? 00:12:31 /usr/bin/kubelet --client-ca-file=/etc/ps.crt\n", "kind": "cmdline"}, proc("--client-ca-file=/etc/exact.crt")], "pass", "/etc/exact.crt", ["several-kubelet-processes"])

SC = ("# /lib/systemd/system/kubelet.service\n[Unit]\nDescription=kubelet: The Kubernetes Node Agent\n\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n\n"
      "# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf\n[Service]\nEnvironment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf\"\n"
      "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\n"
      "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n")
case("X18", "`systemctl cat kubelet` output: the unit and its drop-in in one paste", ["F1", "F2", "F4"], [{"text": SC}, cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt")), env("/var/lib/kubelet/kubeadm-flags.env", 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"\n'), env("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=\n")], "pass", "/etc/kubernetes/pki/ca.crt")
case("X19", "`systemctl cat kubelet` output with /etc/default/kubelet missing from the evidence", ["F6", "H"], [{"text": SC}, cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt"))], "inconclusive", codes=["unseen-evidence"])
case("X20", "node mode says /etc/default/kubelet and kubeadm-flags.env are absent", ["F6", "H"], [{"text": SC}, cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt"))], "pass", "/etc/kubernetes/pki/ca.crt", options={"absent_paths": ["/etc/default/kubelet", "/var/lib/kubelet/kubeadm-flags.env"]})
case("X21", "node mode says the --config file is absent", ["B3"], [proc("--config=/var/lib/kubelet/config.yaml")], "invalid", options={"absent_paths": ["/var/lib/kubelet/config.yaml"]})
case("X22", "a kubeconfig is not kubelet evidence: an input error that says so", [], [{"text": "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: default\n"}], "invalid", error=True)
case("X23", "/proc/PID/cmdline shown without its NULs: split again before each `--`, lossy", ["A12"], [{"text": "/usr/bin/kubelet--kubeconfig=/etc/kubernetes/kubelet.conf--client-ca-file=/etc/kubernetes/pki/ca.crt"}], "pass", "/etc/kubernetes/pki/ca.crt", ["lossy-evidence"])

SHOW = "ExecStart={ path=/usr/bin/kubelet ; argv[]=/usr/bin/kubelet %s ; ignore_errors=no ; start_time=[Mon 2024-01-15 10:00:00 UTC] ; stop_time=[n/a] ; pid=1043 ; code=(null) ; status=0/0 }\n"
case("X24", "`systemctl show kubelet -p ExecStart` is a command line (words joined with spaces)", ["A12"], [{"text": "$ systemctl show kubelet -p ExecStart\n" + SHOW % "--kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --v=2"}, cfg(C, ca_yaml("/etc/kubernetes/pki/ca.crt"))], "pass", "/etc/kubernetes/pki/ca.crt", ["lossy-evidence"])
case("X25", "`systemctl show` prints a unit's command before `$VAR` expansion: the unit's environment is not in the evidence", ["F8", "H1"], [{"text": SHOW % "$KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS"}], "inconclusive", None, ["undefined-variable"], ["positional-argument"])
case("X26", "`systemctl show`: variables before the deciding flag cannot override it (the last flag wins)", ["A5", "F8"], [{"text": SHOW % "$KUBELET_ARGS --client-ca-file=/etc/kubernetes/pki/ca.crt"}], "pass", "/etc/kubernetes/pki/ca.crt", ["undefined-variable"])
case("X27", "a script line's undefined `${VAR}` words expand to nothing (not stray positional words)", ["F8", "A6"], [{"text": "exec /usr/bin/kubelet ${KUBELET_EXTRA_ARGS} --kubeconfig=/etc/kubernetes/kubelet.conf ${NODE_LABEL_ARGS} --v=2\n", "kind": "cmdline"}], "fail", None, ["undefined-variable"], ["positional-argument"])

PSW = "UID          PID    PPID  C STIME TTY          TIME CMD\nroot        1043       1  3 Jan15 ?        01:23:45 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kub\n"
case("X28", "a `ps -ef` row hard-wrapped inside a word by a narrow terminal: the next line continues it", ["A12"], [{"text": PSW + "elet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --client-ca-file=/etc/kubernetes/pki/ca.crt\n", "kind": "cmdline"}], "pass", "/etc/kubernetes/pki/ca.crt", ["lossy-evidence"], ["positional-argument", "unknown-flag"])
case("X29", "a wrapped `ps -ef` row whose next line starts a flag (the break fell on a space)", ["A12"], [{"text": "root        1043       1  3 Jan15 ?        01:23:45 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --v=2\n--client-ca-file=/etc/kubernetes/pki/ca.crt --node-ip=10.0.0.4\n", "kind": "cmdline"}], "pass", "/etc/kubernetes/pki/ca.crt", ["lossy-evidence"])

case("X30", "a config pasted with its shell session: `$ sudo cat PATH` is set aside and names the node path", ["B1", "H"], [{"text": "user@node-1:~$ sudo cat /var/lib/kubelet/config.yaml\n" + HDR + ca_yaml("/etc/kubernetes/pki/ca.crt") + "user@node-1:~$ \n"}], "pass", "/etc/kubernetes/pki/ca.crt", ["pasted-shell-session", "config-judged-alone"])
case("X31", "a JSON config pasted with the next prompt glued to its last line (no final newline)", ["B1"], [{"text": "root@ip-10-0-0-1:~# cat /etc/kubernetes/kubelet/kubelet-config.json\n{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"authentication\":{\"x509\":{}}}root@ip-10-0-0-1:~# "}], "fail", None, ["pasted-shell-session"], ["config-decode-error"])

ROW = "root      1043     1  3 Jan15 ?        01:23:45 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --client-ca-file=/etc/kubernetes/pki/ca.crt --v=2"
assert len(ROW[:80]) == 80
case("X32", "a `ps -ef` row exactly 80 columns wide: ps cut it at the terminal's edge, without a mark", ["A12", "H3"], [{"text": ROW[:80] + "\n", "kind": "cmdline"}], "inconclusive", None, ["lossy-evidence"])
case("X33", "a `ps -ef` row that ends in a cut flag name (`--client-ca-f`) at an odd terminal width", ["A12", "H3"], [{"text": ROW[:119] + "\n", "kind": "cmdline"}], "inconclusive", None, ["lossy-evidence"])
case("X34", "a whole `ps -ef` row that happens to be long is not taken for a cut one", ["A12"], [{"text": ROW + "\n", "kind": "cmdline"}], "pass", "/etc/kubernetes/pki/ca.crt")

case("X35", "a Talos machine config is not kubelet evidence: an input error that says what to give instead", [], [{"text": "version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    image: ghcr.io/siderolabs/kubelet:v1.29.1\ncluster:\n  clusterName: demo\n"}], "invalid", error=True)

case("X36", "BSD-style `ps ax` (PID TTY STAT TIME COMMAND) without its header", ["A12"], [{"text": "$ ps ax | grep kubelet\n 1379 ?        Ssl    0:00 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --client-ca-file=/etc/kubernetes/pki/ca.crt\n 1502 pts/0    S+     0:00 grep --color=auto kubelet\n", "kind": "cmdline"}], "pass", "/etc/kubernetes/pki/ca.crt", ["lossy-evidence"])
case("X37", "a journal `Running kubelet` line that `less -S` chopped (`>` at the edge) is cut, not an unknown flag", ["A12", "H3", "G6"], [{"text": 'Dec 02 10:00:00 node rke2[812]: time="2026-12-02T10:00:00Z" level=info msg="Running kubelet --address=0.0.0.0 --alsologtostderr=false --anonymous-auth=false --authentication-token-webhook=true --alsologtostde>\n', "kind": "cmdline"}], "inconclusive", None, ["lossy-evidence"])
case("X38", "a `systemctl status` CGroup line exactly 140 columns wide: cut at the terminal's edge, without a mark", ["A12", "H3"], [{"text": "● kubelet.service - kubelet: The Kubernetes Node Agent\n   CGroup: /system.slice/kubelet.service\n           └─1234 " + ("/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml")[:140 - 18] + "\n", "kind": "cmdline"}], "inconclusive", None, ["lossy-evidence"])

case("X39", "drop-ins without their unit file: the unit's ExecStart= is unknown, not absent (H10)", ["F2", "H10"], [sdrop("/etc/systemd/system/kubelet.service.d/10-kubelet-args.conf", "[Service]\nEnvironment='KUBELET_ARGS=--node-ip=192.168.1.97 --pod-infra-container-image=602401143452.dkr.ecr.ap-northeast-2.amazonaws.com/eks/pause:3.5'\n")], "inconclusive", None, ["unseen-evidence"], ["systemd-refuses-unit"])
case("X40", "a drop-in that resets ExecStart= and sets no new one: systemd refuses the unit even without the unit file", ["F4"], [sdrop("/etc/systemd/system/kubelet.service.d/10-reset.conf", "[Service]\nExecStart=\n")], "invalid", None, ["systemd-refuses-unit"])

case("X41", "`/configz` shown through `jq '.kubeletconfig.authentication'`: the output is read in place", ["D2", "H4"], [{"text": "$ kubectl get --raw \"/api/v1/nodes/node-01/proxy/configz\" | jq '.kubeletconfig.authentication'\n{\n  \"anonymous\": {\n    \"enabled\": false\n  },\n  \"webhook\": {\n    \"cacheTTL\": \"2m0s\",\n    \"enabled\": true\n  },\n  \"x509\": {\n    \"clientCAFile\": \"/etc/kubernetes/pki/ca.crt\"\n  }\n}\n"}], "pass", "/etc/kubernetes/pki/ca.crt", ["pasted-shell-session"])

case("X42", "an undefined `${VAR}` inside a flag word makes the kubelet exit, but an optional environment file not given could define it: inconclusive", ["F8", "H1", "H3"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nEnvironmentFile=-/etc/kubernetes/kubelet-env\nExecStart=/usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf --v=${KUBELET_LOG_LEVEL}\n"), cfg("/etc/kubernetes/kubelet.conf", ca_yaml("/etc/kubernetes/kubelet-ca.crt"))], "inconclusive", None, ["undefined-variable"], ["flag-parse-error", "unreferenced-artifact"])
case("X43", "the same unit without an environment file: nothing can define the variable, the kubelet exits", ["F8", "A2"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf --v=${KUBELET_LOG_LEVEL}\n"), cfg("/etc/kubernetes/kubelet.conf", ca_yaml("/etc/kubernetes/kubelet-ca.crt"))], "invalid", codes=["flag-parse-error"])
case("X44", "an environment file with CRLF line endings and backslash continuations: systemd passes a `\\r` word, a stray argument", ["F6", "A6"], [unit("/etc/systemd/system/kubelet.service", "[Service]\nEnvironmentFile=/etc/kubernetes/kubelet.env\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n"), env("/etc/kubernetes/kubelet.env", "KUBELET_ARGS=\"--kubeconfig=/etc/kubernetes/kubelet.conf \\\r\n--client-ca-file=/etc/kubernetes/ca.crt\"\r\n")], "invalid", codes=["positional-argument"], absent=["template-placeholder"])
case("X45", "a kubeadm configuration whose KubeletConfiguration leaves the client CA unset: kubeadm writes its default", ["G4", "B8"], [{"text": "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n---\n" + HDR + "cgroupDriver: systemd\n"}], "pass", "/etc/kubernetes/pki/ca.crt", ["kubeadm-document"])
case("X46", "kubeadm's `kube-system/kubelet-config` ConfigMap as `kubectl get cm -o yaml` prints it: the embedded config is read in place", ["G4", "B1"], [{"text": "apiVersion: v1\ndata:\n  kubelet: |\n    apiVersion: kubelet.config.k8s.io/v1beta1\n    authentication:\n      x509:\n        clientCAFile: /etc/kubernetes/pki/ca.crt\n    kind: KubeletConfiguration\nkind: ConfigMap\nmetadata:\n  name: kubelet-config\n  namespace: kube-system\n"}], "pass", "/etc/kubernetes/pki/ca.crt", ["embedded-config"])

case("X47", "a microk8s args file shown by `sudo cat PATH` without a prompt, a bare `$` prompt after it", ["A12", "B1"], [{"text": "sudo cat /var/snap/microk8s/current/args/kubelet\n--kubeconfig=/var/snap/microk8s/current/credentials/kubelet.config\n--client-ca-file=/var/snap/microk8s/current/certs/ca.crt\n--anonymous-auth=false\n$ \n"}], "pass", "/var/snap/microk8s/current/certs/ca.crt", ["pasted-shell-session"])

case("X48", "a `ps aux` listing cut at an uncommon terminal width (113 columns): every long row ends at the same column, so the kubelet row is truncated", ["A12", "H3"], [{"text": "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot         901  1.1  1.2 1841234 98765 ?      Ssl  09:14  12:31 /usr/bin/containerd --config /etc/containerd/co\nroot        1042  3.1  1.2 1841234 98765 ?      Ssl  09:14  12:31 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/k\nroot        1107  0.1  0.2 1841234 98765 ?      Sl   09:14   0:31 /usr/local/bin/kube-proxy --config=/var/lib/kub\n"}], "inconclusive", codes=["lossy-evidence"])

case("X49", "a journal dump of the kubelet's startup `FLAG:` lines with `--config`: the config file was not given", ["A13", "H1"], [{"text": "Mar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693900   12292 flags.go:64] FLAG: --address=\"0.0.0.0\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693901   12292 flags.go:64] FLAG: --anonymous-auth=\"true\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693902   12292 flags.go:64] FLAG: --authentication-token-webhook=\"false\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693903   12292 flags.go:64] FLAG: --bootstrap-kubeconfig=\"/etc/kubernetes/bootstrap-kubelet.conf\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693904   12292 flags.go:64] FLAG: --cert-dir=\"/var/lib/kubelet/pki\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693905   12292 flags.go:64] FLAG: --client-ca-file=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693906   12292 flags.go:64] FLAG: --config=\"/etc/kubernetes/kubelet-config.yaml\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693907   12292 flags.go:64] FLAG: --config-dir=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693908   12292 flags.go:64] FLAG: --v=\"2\"\n"}], "inconclusive", codes=["lossy-evidence", "unseen-evidence"])
case("X50", "the same `FLAG:` dump with the config file: an explicit empty `--client-ca-file=` would log the same, so inconclusive", ["A13", "A8", "C1"], [{"text": "Mar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693900   12292 flags.go:64] FLAG: --address=\"0.0.0.0\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693901   12292 flags.go:64] FLAG: --anonymous-auth=\"true\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693902   12292 flags.go:64] FLAG: --authentication-token-webhook=\"false\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693903   12292 flags.go:64] FLAG: --bootstrap-kubeconfig=\"/etc/kubernetes/bootstrap-kubelet.conf\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693904   12292 flags.go:64] FLAG: --cert-dir=\"/var/lib/kubelet/pki\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693905   12292 flags.go:64] FLAG: --client-ca-file=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693906   12292 flags.go:64] FLAG: --config=\"/etc/kubernetes/kubelet-config.yaml\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693907   12292 flags.go:64] FLAG: --config-dir=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693908   12292 flags.go:64] FLAG: --v=\"2\"\n"}, cfg("/etc/kubernetes/kubelet-config.yaml", ca_yaml("/etc/kubernetes/ssl/ca.crt"))], "inconclusive", codes=["lossy-evidence"])
case("X51", "a `FLAG:` dump whose `--client-ca-file` is not the default: it was given on the command line and wins", ["A13", "C1"], [{"text": "Mar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693900   12292 flags.go:64] FLAG: --address=\"0.0.0.0\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693901   12292 flags.go:64] FLAG: --anonymous-auth=\"true\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693902   12292 flags.go:64] FLAG: --authentication-token-webhook=\"false\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693903   12292 flags.go:64] FLAG: --bootstrap-kubeconfig=\"/etc/kubernetes/bootstrap-kubelet.conf\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693904   12292 flags.go:64] FLAG: --cert-dir=\"/var/lib/kubelet/pki\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693905   12292 flags.go:64] FLAG: --client-ca-file=\"/etc/kubernetes/ssl/ca.crt\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693906   12292 flags.go:64] FLAG: --config=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693907   12292 flags.go:64] FLAG: --config-dir=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693908   12292 flags.go:64] FLAG: --v=\"2\"\n"}], "pass", "/etc/kubernetes/ssl/ca.crt", ["lossy-evidence"])
case("X52", "a `FLAG:` dump with no `--config` and an empty `--client-ca-file`: nothing else can set it", ["A13", "E1"], [{"text": "Mar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693900   12292 flags.go:64] FLAG: --address=\"0.0.0.0\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693901   12292 flags.go:64] FLAG: --anonymous-auth=\"true\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693902   12292 flags.go:64] FLAG: --authentication-token-webhook=\"false\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693903   12292 flags.go:64] FLAG: --bootstrap-kubeconfig=\"/etc/kubernetes/bootstrap-kubelet.conf\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693904   12292 flags.go:64] FLAG: --cert-dir=\"/var/lib/kubelet/pki\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693905   12292 flags.go:64] FLAG: --client-ca-file=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693906   12292 flags.go:64] FLAG: --config=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693907   12292 flags.go:64] FLAG: --config-dir=\"\"\nMar 19 20:49:11 node-1 kubelet[12292]: I0319 20:49:11.693908   12292 flags.go:64] FLAG: --v=\"2\"\n"}], "fail", None, ["lossy-evidence"])

case("X53", "microk8s's args file with its node path: `${SNAP_DATA}` is expanded as the snap's wrapper does", ["A12", "B1"], [{"text": "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n--client-ca-file=${SNAP_DATA}/certs/ca.crt\n--root-dir=${SNAP_COMMON}/var/lib/kubelet\n--anonymous-auth=false\n", "path": "/var/snap/microk8s/current/args/kubelet"}], "pass", "/var/snap/microk8s/current/certs/ca.crt", ["snap-variables"], ["template-placeholder"])

case("X54", "microk8s's `kubelite` in `ps aux`: the kubelet's flags are in the `--kubelet-args-file`, which was not given", ["A12", "H1"], [{"text": "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot        2931  9.1  4.0 1911236 327152 ?     Ssl  10:02   1:12 /snap/microk8s/9044/kubelite --scheduler-args-file=/var/snap/microk8s/9044/args/kube-scheduler --controller-manager-args-file=/var/snap/microk8s/9044/args/kube-controller-manager --proxy-args-file=/var/snap/microk8s/9044/args/kube-proxy --kubelet-args-file=/var/snap/microk8s/9044/args/kubelet --apiserver-args-file=/var/snap/microk8s/9044/args/kube-apiserver --kubeconfig-file=/var/snap/microk8s/9044/credentials/client.config --start-control-plane=true\n"}], "inconclusive", None, ["no-kubelet-process"])

case("X55", "`cat /proc/PID/cmdline` on a terminal: the NUL separators are lost, the words are split before each `--`", ["A12"], [{"text": "root@node-1:~# cat /proc/4242/cmdline\n/usr/bin/kubelet--kubeconfig=/etc/kubernetes/kubelet.conf--client-ca-file=/etc/kubernetes/pki/ca.crt--v=2\n"}], "pass", "/etc/kubernetes/pki/ca.crt", ["lossy-evidence", "pasted-shell-session"])
case("X56", "the same with the next prompt glued to the last word (the file ends in a NUL, not a newline): that word's end cannot be told", ["A12", "H3"], [{"text": "root@node-1:~# cat /proc/4242/cmdline\n/usr/bin/kubelet--kubeconfig=/etc/kubernetes/kubelet.conf--client-ca-file=/etc/kubernetes/pki/ca.crtroot@node-1:~# "}], "inconclusive", None, ["lossy-evidence"])

case("X57", "a kubeadm configuration named by the kubelet's own `--config`: the kubelet reads its first document, a kubeadm kind, and exits", ["B8", "B4"], [proc("--config=/etc/kubernetes/kubeadm.yaml"), cfg("/etc/kubernetes/kubeadm.yaml", "cgroupDriver: systemd\n") | {"text": "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n---\n" + HDR + "cgroupDriver: systemd\n"}], "invalid")

case("X58", "a kubeadm configuration whose `nodeRegistration.kubeletExtraArgs` sets `client-ca-file: \"\"`: kubeadm writes it as a flag, which beats the config even empty", ["G4", "C1", "A8"], [{"text": "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    client-ca-file: \"\"\n---\n" + HDR + ca_yaml("/etc/kubernetes/pki/ca.crt")}], "fail", None, ["kubeadm-document", "empty-value"])
case("X59", "kubeadm v1beta4's `kubeletExtraArgs` list form sets `client-ca-file`", ["G4", "C1"], [{"text": "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: node-labels\n    value: role=worker\n  - name: client-ca-file\n    value: /etc/kubernetes/pki/kubelet-ca.crt\n"}], "pass", "/etc/kubernetes/pki/kubelet-ca.crt", ["kubeadm-document"])
case("X60", "a kubeadm ClusterConfiguration alone, with `certificatesDir`: kubeadm's default client CA is `certificatesDir`/ca.crt", ["G4"], [{"text": "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\ncertificatesDir: /var/lib/minikube/certs\nkubernetesVersion: v1.27.3\n"}], "pass", "/var/lib/minikube/certs/ca.crt", ["kubeadm-document"])

case("X61", "a k3s configuration file: k3s gives the kubelet its own client CA, `kubelet-arg` entries add flags", ["G6"], [{"text": "write-kubeconfig-mode: \"0644\"\ntls-san:\n  - k3s.example.internal\nkubelet-arg:\n  - \"max-pods=250\"\n  - \"eviction-hard=memory.available<100Mi\"\n", "path": "/etc/rancher/k3s/config.yaml"}], "pass", "/var/lib/rancher/k3s/agent/client-ca.crt", ["rancher-config"], ["config-decode-error", "missing-type-meta"])
case("X62", "an RKE2 configuration file whose `kubelet-arg` empties `client-ca-file`: the flag beats RKE2's default", ["G6", "A8", "C1"], [{"text": "profile: cis\ntoken: K10abc::server:def\nkubelet-arg:\n  - \"client-ca-file=\"\n", "path": "/etc/rancher/rke2/config.yaml"}], "fail", None, ["rancher-config"])

def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.glob("*.json"):
        f.unlink()
    for c in CASES:
        for a in c["artifacts"]:
            if a.get("path") is None:
                a.pop("path", None)
        (OUT / f"{c['id']}.json").write_text(json.dumps(c, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(CASES)} vectors to {OUT}")

if __name__ == "__main__":
    main()
