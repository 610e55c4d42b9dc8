#!/usr/bin/env python3
"""Writes the differential cases for the systemd oracle (one JSON object per line).

    python3 gen_systemd_differential.py > /tmp/cases.jsonl
    python3 $SHARED/tools/systemd-oracle/run.py < /tmp/cases.jsonl > /tmp/out.jsonl
    python3 gen_systemd_differential.py --merge /tmp/cases.jsonl /tmp/out.jsonl > systemd-differential.jsonl
"""
import json
import sys

U = "[Unit]\nDescription=kubelet\n\n[Service]\n"
K = "/usr/bin/kubelet"
cases = []


def c(id, unit, dropins=None, files=None, **kw):
    d = {"id": id, "unit": unit, "dropins": dropins or {}, "files": files or {}}
    d.update(kw)
    cases.append(d)


# ---- expansion corner cases -------------------------------------------------------------
c("lone-dollar-and-literals", U + "Environment=A=1\nExecStart=/usr/bin/kubelet $ x $A=x ${A:-d} ${} $$A $${A}\n")
c("bare-name-with-equals", U + "Environment=A=x=1\nExecStart=/usr/bin/kubelet $A=x ${A=x}\n")
c("escapes-in-quotes", U + "ExecStart=/usr/bin/kubelet 'a\\tb' \"c\\sd\" e\\x41f \\d \\$A\n")
c("unbalanced-later-word", U + "ExecStart=/usr/bin/kubelet --a \"unclosed\n")
c("unbalanced-first-word", U + "ExecStart=\"/usr/bin/kubelet --a\n")
c("unknown-specifier-exec", U + "ExecStart=/usr/bin/kubelet --a=%z\n")
c("unknown-specifier-env", U + "Environment=A=%z B=2\nExecStart=/usr/bin/kubelet ${A} ${B}\n")
c("env-name-validity", U + "Environment=A.B=1 1X=2 _Y=3 A-B=4\nExecStart=/usr/bin/kubelet ${A.B} ${1X} ${_Y} ${A-B}\n")
c("unset-environment", U + "Environment=A=1 B=2\nUnsetEnvironment=A\nExecStart=/usr/bin/kubelet ${A} ${B}\n")
c("bad-section-header", "[Service\nExecStart=/usr/bin/kubelet\n")
c("manager-path", U + "ExecStart=/usr/bin/kubelet ${PATH}\n")
c("envfile-comment-continues", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${A} ${B} ${C} ${D}\n",
  files={"/etc/default/kubelet": "# c \\\nA=1\nB=\"x\" y\nC=x\"y\"\nD=a\\ \n"})
c("oneshot-restart-always", U + "Type=oneshot\nRestart=always\nExecStart=/usr/bin/kubelet --a\n")
c("percent-at-end", U + "ExecStart=/usr/bin/kubelet a% --b=%\n")
c("service-d-vs-unit-d", None, files={
    "/etc/systemd/system/kubelet.service": U + "ExecStart=/usr/bin/kubelet\n",
    "/etc/systemd/system/service.d/10-x.conf": "[Service]\nEnvironment=A=from-service-d\n",
    "/usr/lib/systemd/system/kubelet.service.d/10-x.conf": "[Service]\nEnvironment=A=from-usr-lib\n",
    "/usr/lib/systemd/system/kubelet.service.d/20-x.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet ${A}\n"})
c("semicolon-two-commands", U + "ExecStart=/usr/bin/kubelet --a ; /usr/bin/kubelet --b\n")
c("escaped-semicolon", U + "ExecStart=/usr/bin/kubelet --a \\; b; \";\"\n")
c("envfile-glob", U + "EnvironmentFile=/etc/default/kub*\nExecStart=/usr/bin/kubelet ${A}\n",
  files={"/etc/default/kubelet": "A=1\n", "/etc/default/kubez": "A=2\n"})
c("bare-split-quotes", U + "Environment=\"A=--x \\\"\\\" 'b c' d\\\\ e\"\nExecStart=/usr/bin/kubelet $A\n")
c("no-execstart", U + "Environment=A=1\n")
c("whitespace-only-unit", "  \n")
c("relative-binary", U + "ExecStart=kubelet --a\n")
c("assignment-outside-section", "ExecStart=/usr/bin/kubelet --outside\n[Service]\nExecStart=/usr/bin/kubelet --in\n")
c("key-case-sensitive", U + "execstart=/usr/bin/kubelet --lower\nExecStart=/usr/bin/kubelet --ok\n")
c("execstart-in-unit-section", "[Unit]\nExecStart=/usr/bin/kubelet --unit\n[Service]\nExecStart=/usr/bin/kubelet --svc\n")
c("environment-bad-escape", U + "Environment=A=1 B=\\d C=3\nExecStart=/usr/bin/kubelet ${A} ${B} ${C}\n")
c("environment-unbalanced", U + "Environment=A=1 \"B=2\nExecStart=/usr/bin/kubelet ${A} ${B}\n")
c("x-section-ignored", U + "ExecStart=/usr/bin/kubelet --a\n[X-Custom]\nExecStart=/usr/bin/kubelet --x\n")
c("specifiers-more", U + "ExecStart=/usr/bin/kubelet %i %j %f %E %S %t %u %U %h %y %Y %d\n")
c("specifier-in-envfile-path", U + "EnvironmentFile=/etc/default/%N\nExecStart=/usr/bin/kubelet $FLAGS\n",
  files={"/etc/default/kubelet": "FLAGS=--from-%N-file\n"})
c("braced-empty-and-space", U + "Environment=\"E=\" \"S= \"\nExecStart=/usr/bin/kubelet ${E} $S ${S} $E\n")
c("value-with-quotes-split", U + "Environment=\"F=--a='x y' --b=\\\"q r\\\"\"\nExecStart=/usr/bin/kubelet $F\n")
c("dollar-in-envfile", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $A ${B}\n",
  files={"/etc/default/kubelet": "X=1\nA=--x=$X\nB=${X}\n"})
c("single-pass-expansion", U + "Environment=A=${B} B=real\nExecStart=/usr/bin/kubelet ${A} $A\n")
# ---- prefixes -----------------------------------------------------------------------------
c("prefix-plus-bang", U + "Environment=A=1\nExecStart=+!/usr/bin/kubelet $A\n")
c("prefix-dash-bad-line-ignored", U + "ExecStart=-/usr/bin/kubelet --a \"x\nExecStart=/usr/bin/kubelet --b\n")
c("prefix-at-only-argv0", U + "ExecStart=@/usr/bin/kubelet\n")
c("prefix-double-dash", U + "ExecStart=--/usr/bin/kubelet --a\n")
c("prefix-double-bang", U + "Environment=A=1\nExecStart=!!:/usr/bin/kubelet $A\n")
c("path-not-normalized", U + "ExecStart=/usr/bin/../bin/kubelet --a\n")
# ---- continuation --------------------------------------------------------------------------
c("continuation-empty-line-ends", U + "ExecStart=/usr/bin/kubelet --a \\\n  --b \\\n\nEnvironment=A=1\n")
c("continuation-triple-backslash", U + "ExecStart=/usr/bin/kubelet --a=x\\\\\\\n  --b\n")
c("continuation-into-eof", U + "ExecStart=/usr/bin/kubelet --a \\")
c("crlf-unit", "[Service]\r\nEnvironment=A=1\r\nExecStart=/usr/bin/kubelet ${A} \\\r\n  --b\r\n")
c("comment-indented-in-continuation", U + "ExecStart=/usr/bin/kubelet \\\n    # --commented \\\n    --real\n")
c("semicolon-comment-lines", U + "; comment\n  # also\nExecStart=/usr/bin/kubelet --x ;comment-looking\n")
# ---- environment files --------------------------------------------------------------------
c("envfile-export-and-spaces", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${A} ${B} ${C}\n",
  files={"/etc/default/kubelet": "export A=1\nB = 2\n  C=3  \n"})
c("envfile-duplicate-key-last-wins", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $A\n",
  files={"/etc/default/kubelet": "A=first\nA=second\n"})
c("envfile-no-trailing-newline", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
  files={"/etc/default/kubelet": "KUBELET_EXTRA_ARGS=--runtime-cgroups=/system.slice/containerd.service"})
c("envfile-single-quote-multiline", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${A} $A\n",
  files={"/etc/default/kubelet": "A='--a=1\n--b=2'\n"})
c("envfile-dq-backslash-kept", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${A} ${B}\n",
  files={"/etc/default/kubelet": "A=\"x\\ny\\\\z\"\nB=p\\q\n"})
c("envfile-reset", U + "EnvironmentFile=/etc/default/a\nEnvironmentFile=\nEnvironmentFile=/etc/default/b\nExecStart=/usr/bin/kubelet ${A} ${B}\n",
  files={"/etc/default/a": "A=from-a\n", "/etc/default/b": "B=from-b\n"})
c("envfile-inline-hash", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $A\n",
  files={"/etc/default/kubelet": "A=--v=2 #--client-ca-file=/x\n"})
c("envfile-crlf", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${A} ${B}\n",
  files={"/etc/default/kubelet": "A=1\r\nB=2\r\n"})
c("envfile-specifier-not-expanded", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${A}\n",
  files={"/etc/default/kubelet": "A=%n-%H\n"})
c("envfile-path-double-slash", U + "EnvironmentFile=-/etc//default/./kubelet\nExecStart=/usr/bin/kubelet ${A}\n",
  files={"/etc/default/kubelet": "A=found\n"})
c("envfile-required-missing-with-dropin", U + "ExecStart=/usr/bin/kubelet\n",
  dropins={"10-env.conf": "[Service]\nEnvironmentFile=/etc/sysconfig/kubelet\n"})
c("environment-clear-in-dropin-keeps-files", U + "EnvironmentFile=/etc/default/kubelet\nEnvironment=A=env\nExecStart=/usr/bin/kubelet ${A} ${B}\n",
  dropins={"20-clear.conf": "[Service]\nEnvironment=\n"}, files={"/etc/default/kubelet": "B=file\n"})
# ---- resets, shadowing, selection ---------------------------------------------------------
c("t44-kubeadm-reset", "[Service]\nExecStart=/usr/bin/kubelet\n",
  dropins={"10-kubeadm.conf": "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"},
  files={"/etc/default/kubelet": "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n"})
c("t45-second-dropin-no-reset", "[Service]\nExecStart=/usr/bin/kubelet\n",
  dropins={"10-kubeadm.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
           "20-extra.conf": "[Service]\nExecStart=/usr/bin/kubelet --foo\n"})
c("t46-envfile-beats-environment", "[Service]\nExecStart=/usr/bin/kubelet\n",
  dropins={"10-kubeadm.conf": "[Service]\nEnvironmentFile=-/etc/default/kubelet\nEnvironment=\"KUBELET_EXTRA_ARGS=--client-ca-file=/etc/a.crt\"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"},
  files={"/etc/default/kubelet": "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/b.crt\n"})
c("t48-braced-unset", U + "ExecStart=/usr/bin/kubelet ${KUBELET_EXTRA_ARGS}\n")
c("t49-braced-one-arg", U + "Environment=\"KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt --v=2\"\nExecStart=/usr/bin/kubelet ${KUBELET_EXTRA_ARGS}\n")
c("t50-colon-prefix", U + "Environment=KUBELET_ARGS=--v=2\nExecStart=:/usr/bin/kubelet $KUBELET_ARGS\n")
c("t51-at-prefix", U + "ExecStart=@/usr/bin/kubelet kubelet-node --client-ca-file=/etc/ca.crt\n")
c("t52-environment-continuation", U + "Environment=KUBELET_ARGS=--config=/a.yaml \\\n--client-ca-file=/etc/ca.crt\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n")
c("t53-no-expansion-in-environment", U + "Environment=\"KUBELET_ARGS=--client-ca-file=$CA\"\nEnvironment=CA=/etc/ca.crt\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n")
c("t54-envfile-double-quoted", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
  files={"/etc/default/kubelet": "KUBELET_EXTRA_ARGS=\"--client-ca-file=/etc/ca.crt\"\n"})
c("t55-envfile-commented", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
  files={"/etc/default/kubelet": "# KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n"})
c("t56-same-name-dropin-etc-wins", None, files={
    "/usr/lib/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet\n",
    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from-usr-lib\n",
    "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from-etc\n"})
c("t57-etc-unit-wins-dropins-still-apply", None, files={
    "/usr/lib/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet --usr-lib-unit $A\n",
    "/etc/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet --etc-unit $A\n",
    "/usr/lib/systemd/system/kubelet.service.d/50-env.conf": "[Service]\nEnvironment=A=from-usr-lib-dropin\n"})
c("dropin-name-order-across-dirs", None, files={
    "/etc/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet $A\n",
    "/etc/systemd/system/kubelet.service.d/20-b.conf": "[Service]\nEnvironment=A=etc-20\n",
    "/run/systemd/system/kubelet.service.d/30-c.conf": "[Service]\nEnvironment=A=run-30\n",
    "/usr/lib/systemd/system/kubelet.service.d/10-a.conf": "[Service]\nEnvironment=A=usr-10\n"})
c("run-dropin-shadows-usr-lib", None, files={
    "/usr/lib/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet $A\n",
    "/run/systemd/system/kubelet.service.d/10-a.conf": "[Service]\nEnvironment=A=run\n",
    "/usr/lib/systemd/system/kubelet.service.d/10-a.conf": "[Service]\nEnvironment=A=usr\n"})
c("dropin-not-conf-and-hidden", "[Service]\nExecStart=/usr/bin/kubelet $A\n",
  dropins={"10-a.conf": "[Service]\nEnvironment=A=ok\n", "20-b.conf.bak": "[Service]\nEnvironment=A=bak\n", ".30-c.conf": "[Service]\nEnvironment=A=hidden\n"})
c("dropin-without-section", "[Service]\nExecStart=/usr/bin/kubelet $A\n", dropins={"10-a.conf": "Environment=A=nosection\n"})
c("oneshot-picks-kubelet", "[Service]\nType=oneshot\nExecStart=/bin/true\nExecStart=/usr/bin/kubelet --x\n")
c("remain-after-exit-oneshot-no-exec", "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStop=/bin/true\n")
c("type-invalid-ignored", "[Service]\nType=bogus\nExecStart=/usr/bin/kubelet --a\nExecStart=/usr/bin/kubelet --b\n")
# ---- wrappers -----------------------------------------------------------------------------
c("sh-c-wrapper", U + "Environment=\"FLAGS=--a=1 --b=2\"\nExecStart=/bin/bash -c \"exec /usr/bin/kubelet $FLAGS ${FLAGS} \\\"$1\\\"\" argv0 \"one two\"\n")
# A bare `bash` is not stubbed by the oracle, so a real bash runs and execs the recorder:
# the oracle then shows the kubelet's own argv ("compare": "kubelet").
c("real-bash-c-kubelet", U + "Environment=\"FLAGS=--a=1  --b=2\" \"Q=x y\"\nExecStart=bash -c \"mkdir -p /tmp/x && exec /usr/bin/kubelet $FLAGS \\\"$Q\\\" '--c=$Q' --d=\\\"${Q}\\\" ${Q} $UNSET \\\"$1\\\" 2>&1\" argv0 \"one two\"\n", compare="kubelet")
c("real-bash-c-envfile", U + "EnvironmentFile=/etc/default/kubelet\nExecStart=bash -c '/usr/bin/kubelet $KUBELET_OPTS --x=\"$EXTRA\"'\n",
  files={"/etc/default/kubelet": "KUBELET_OPTS=\"--v=2 --config /etc/k.yaml\"\nEXTRA='a b'\n"}, compare="kubelet")
c("hyperkube-kubelet", U + "ExecStart=/usr/bin/hyperkube \\\n    kubelet \\\n      --config=/etc/kubernetes/kubelet.conf \\\n      --cloud-provider={{cloudProvider .}} \\\n\nRestart=always\n")
# ---- layouts ------------------------------------------------------------------------------
c("kubeadm-deb-lib-layout", None, files={
    "/lib/systemd/system/kubelet.service": "[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n",
    "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf": "[Service]\nEnvironment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf\"\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n",
    "/var/lib/kubelet/kubeadm-flags.env": "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n"})
c("kubeadm-rpm-sysconfig", None, files={
    "/usr/lib/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet\n",
    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf": "[Service]\nEnvironmentFile=-/etc/sysconfig/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
    "/etc/sysconfig/kubelet": "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/kubernetes/pki/ca.crt\n"})
c("kind-like-two-dropins", "[Service]\nExecStart=/usr/bin/kubelet\n",
  dropins={"10-kubeadm.conf": "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_EXTRA_ARGS\n",
           "11-kind.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS --cgroup-root=/kubelet $KUBELET_EXTRA_ARGS\n"},
  files={"/etc/default/kubelet": "KUBELET_EXTRA_ARGS=--runtime-cgroups=/system.slice/containerd.service"})
c("eks-al2-like", "[Unit]\nDescription=Kubernetes Kubelet\nAfter=containerd.service\n[Service]\nExecStart=/usr/bin/kubelet --config /etc/kubernetes/kubelet/kubelet-config.json --kubeconfig /var/lib/kubelet/kubeconfig \\\n    --container-runtime-endpoint unix:///run/containerd/containerd.sock \\\n    $KUBELET_ARGS $KUBELET_EXTRA_ARGS\nRestart=on-failure\n",
  dropins={"10-kubelet-args.conf": "[Service]\nEnvironment='KUBELET_ARGS=--node-ip=10.1.2.3 --v=2'\n",
           "30-kubelet-extra-args.conf": "[Service]\nEnvironment='KUBELET_EXTRA_ARGS=--node-labels=x=y,z=w --client-ca-file=/etc/eks/ca.crt'\n"})
c("eks-al2023-like", "[Service]\nEnvironmentFile=/etc/eks/kubelet/environment\nExecStart=/usr/bin/kubelet $NODEADM_KUBELET_ARGS\n",
  files={"/etc/eks/kubelet/environment": "NODEADM_KUBELET_ARGS=--config=/etc/kubernetes/kubelet/config.json --kubeconfig=/var/lib/kubelet/kubeconfig --config-dir=/etc/kubernetes/kubelet/config.json.d --node-labels=a=b\nKUBELET_CONFIG_DROPIN_DIR_ALPHA=on\n"})
c("aks-like-mid-word-quotes", "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/local/bin/kubelet \\\n        --enable-server \\\n        --node-labels=\"${KUBELET_NODE_LABELS}\" \\\n        --v=2 \\\n        $KUBELET_TLS_BOOTSTRAP_FLAGS \\\n        $KUBELET_CONFIG_FILE_FLAGS \\\n        $KUBELET_FLAGS\n",
  dropins={"10-componentconfig.conf": "[Service]\nEnvironment=\"KUBELET_CONFIG_FILE_FLAGS=--config /etc/default/kubeletconfig.json\"\n",
           "10-tlsbootstrap.conf": "[Service]\nEnvironment=\"KUBELET_TLS_BOOTSTRAP_FLAGS=--kubeconfig /var/lib/kubelet/kubeconfig --bootstrap-kubeconfig /var/lib/kubelet/bootstrap-kubeconfig\"\n"},
  files={"/etc/default/kubelet": "KUBELET_FLAGS=--address=0.0.0.0 --anonymous-auth=false --client-ca-file=/etc/kubernetes/certs/ca.crt --max-pods=30\nKUBELET_NODE_LABELS=kubernetes.azure.com/role=agent,agentpool=np1\n"})
c("gke-like-quoted-opts", "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/home/kubernetes/bin/kubelet $KUBELET_OPTS\n",
  files={"/etc/default/kubelet": "KUBELET_OPTS=\"--v=2 --cloud-provider=gce --experimental-mounter-path=/home/kubernetes/containerized_mounter/mounter --cert-dir=/var/lib/kubelet/pki/ --kubeconfig=/var/lib/kubelet/kubeconfig --config /home/kubernetes/kubelet-config.yaml\"\n"})
c("working-directory-and-env", "[Service]\nWorkingDirectory=-/var/lib/kubelet\nEnvironment=CFG=config.yaml\nExecStart=/usr/bin/kubelet --config=${CFG}\n")

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--merge":
        cs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
        os = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[3]) if l.strip()}
        for x in cs:
            o = dict(os[x["id"]])
            o.pop("seconds", None)
            print(json.dumps({"case": x, "output": o}, sort_keys=True))
    else:
        ids = set()
        for x in cases:
            assert x["id"] not in ids, x["id"]
            ids.add(x["id"])
            print(json.dumps(x))
