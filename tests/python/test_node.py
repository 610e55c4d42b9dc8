"""Node mode (`kubeletlint node`, `kubeletlint.collect_node`): fixture root trees, the
examples as mounted roots, and a real running process whose argv[0] is `kubelet`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict

import pytest

import kubeletlint

from conftest import EXAMPLES, node_paths

CA_PEM = (EXAMPLES / "kubeadm-node/etc/kubernetes/pki/ca.crt").read_text()

KUBELET_CONFIG = """\
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: {ca}
authorization:
  mode: Webhook
"""


def make_root(root: Path, files: Dict[str, object]) -> Path:
    """Writes `{node path: text | bytes | ("symlink", target)}` under `root`."""
    for node_path, content in files.items():
        p = root / node_path.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            os.symlink(content[1], p)
        elif isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(str(content))
    return root


def argv(*words: str) -> bytes:
    return b"".join(w.encode() + b"\0" for w in words)


def snapshot(root: Path):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = Path(dirpath) / n
            st = os.lstat(p)
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else None
            out[str(p)] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return out


KUBEADM_TREE = {
    "/usr/lib/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n",
    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf": (
        "[Service]\n"
        'Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"\n'
        "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"
        "ExecStart=\n"
        "ExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS\n"
    ),
    "/var/lib/kubelet/kubeadm-flags.env": 'KUBELET_KUBEADM_ARGS="--node-ip=10.1.2.3"\n',
    "/var/lib/kubelet/config.yaml": KUBELET_CONFIG.format(ca="/etc/kubernetes/pki/ca.crt"),
    "/etc/kubernetes/pki/ca.crt": CA_PEM,
    # Not referenced by anything: must not be read.
    "/etc/kubernetes/admin.conf": "apiVersion: v1\nkind: Config\n",
}


def test_kubeadm_tree_follows_references(tmp_path, cli):
    root = make_root(tmp_path, KUBEADM_TREE)
    before = snapshot(root)
    arts = kubeletlint.collect_node(root)
    paths = node_paths(arts)
    assert paths[:2] == [
        "/usr/lib/systemd/system/kubelet.service",
        "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
    ]
    assert {"/var/lib/kubelet/kubeadm-flags.env", "/var/lib/kubelet/config.yaml", "/etc/kubernetes/pki/ca.crt"} <= set(paths)
    assert "/etc/kubernetes/admin.conf" not in paths
    r = kubeletlint.check_node(root)
    assert r.verdict == "pass" and r.value == "/etc/kubernetes/pki/ca.crt"
    p = cli("node", "--root", str(root), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["client_ca_file"] == "/etc/kubernetes/pki/ca.crt"
    assert snapshot(root) == before, "node mode wrote under the root"


def test_unit_directory_precedence_all_four_read(tmp_path):
    root = make_root(
        tmp_path,
        {
            "/lib/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/lib.crt\n",
            "/etc/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/etc.crt\n",
            "/run/systemd/system/kubelet.service.d/50-x.conf": "[Service]\nEnvironment=X=1\n",
            "/usr/lib/systemd/system/kubelet.service.d/README": "not a drop-in",
        },
    )
    paths = node_paths(kubeletlint.collect_node(root))
    assert paths == [
        "/etc/systemd/system/kubelet.service",
        "/run/systemd/system/kubelet.service.d/50-x.conf",
        "/lib/systemd/system/kubelet.service",
    ]
    assert kubeletlint.check_node(root).value == "/etc.crt"


def test_control_plane_ca_comes_from_kubelet_not_apiserver(tmp_path):
    root = make_root(
        tmp_path,
        {
            "/proc/101/cmdline": argv("/usr/local/bin/kube-apiserver", "--client-ca-file=/etc/kubernetes/pki/apiserver-ca.crt"),
            "/proc/202/cmdline": argv("/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml"),
            "/proc/self/cmdline": argv("kubelet", "--client-ca-file=/wrong.crt"),
            "/var/lib/kubelet/config.yaml": KUBELET_CONFIG.format(ca="/etc/kubernetes/pki/ca.crt"),
            "/etc/kubernetes/pki/ca.crt": CA_PEM,
        },
    )
    arts = kubeletlint.collect_node(root)
    paths = node_paths(arts)
    assert "/proc/202/cmdline" in paths
    assert "/proc/101/cmdline" not in paths and "/proc/self/cmdline" not in paths
    cmd = next(a for a in arts if a.path == "/proc/202/cmdline")
    assert cmd.kind == "cmdline" and cmd.text == "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0"
    r = kubeletlint.check_node(root)
    assert r.value == "/etc/kubernetes/pki/ca.crt"


def test_hyperkube_kubelet(tmp_path):
    root = make_root(
        tmp_path,
        {
            "/proc/7/cmdline": argv("/hyperkube", "kubelet", "--client-ca-file=/etc/kubernetes/ca.pem"),
            "/proc/8/cmdline": argv("/hyperkube", "kube-proxy", "--client-ca-file=/nope"),
            "/etc/kubernetes/ca.pem": CA_PEM,
        },
    )
    paths = node_paths(kubeletlint.collect_node(root))
    assert paths[0] == "/proc/7/cmdline" and "/proc/8/cmdline" not in paths
    assert kubeletlint.check_node(root).value == "/etc/kubernetes/ca.pem"


def test_config_dir_dropins_listed(tmp_path):
    root = make_root(
        tmp_path,
        {
            "/proc/55/cmdline": argv(
                "kubelet", "--config=/etc/kubernetes/kubelet/config.json", "--config-dir=/etc/kubernetes/kubelet/config.json.d"
            ),
            "/etc/kubernetes/kubelet/config.json": json.dumps(
                {"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration", "authentication": {"webhook": {"enabled": True}}}
            ),
            "/etc/kubernetes/kubelet/config.json.d/10-ca.conf": json.dumps(
                {"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration", "authentication": {"x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}}}
            ),
            "/etc/kubernetes/pki/ca.crt": CA_PEM,
        },
    )
    arts = kubeletlint.collect_node(root)
    by_path = {a.path: a for a in arts}
    assert by_path["/etc/kubernetes/kubelet/config.json.d/10-ca.conf"].kind == "config-dropin"
    r = kubeletlint.check_node(root, kubelet_version="1.31")
    assert r.value == "/etc/kubernetes/pki/ca.crt"


def test_symlinks_resolve_inside_the_root(tmp_path):
    root = make_root(
        tmp_path / "root",
        {
            "/proc/9/cmdline": argv("kubelet", "--config=/etc/kubernetes/kubelet.yaml"),
            "/etc/kubernetes/kubelet.yaml": ("symlink", "/opt/conf/kubelet.yaml"),
            "/opt/conf/kubelet.yaml": KUBELET_CONFIG.format(ca="/etc/kubernetes/pki/ca.crt"),
            "/etc/kubernetes/pki/ca.crt": ("symlink", "../../../../../../srv/ca.crt"),
            "/srv/ca.crt": CA_PEM,
        },
    )
    arts = kubeletlint.collect_node(root)
    by_path = {a.path: a for a in arts}
    assert "clientCAFile" in by_path["/etc/kubernetes/kubelet.yaml"].text
    assert by_path["/etc/kubernetes/pki/ca.crt"].text == CA_PEM


def test_nothing_found(tmp_path, cli):
    (tmp_path / "etc").mkdir()
    with pytest.raises(kubeletlint.InputError, match="no kubelet"):
        kubeletlint.check_node(tmp_path)
    p = cli("node", "--root", str(tmp_path))
    assert p.returncode == 2
    assert len(p.stderr.strip().splitlines()) == 1 and str(tmp_path) in p.stderr


def test_unreadable_file_names_it(tmp_path, cli):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    root = make_root(tmp_path, {"/etc/systemd/system/kubelet.service": "[Service]\nExecStart=/usr/bin/kubelet\n"})
    (root / "etc/systemd/system/kubelet.service").chmod(0)
    p = cli("node", "--root", str(root))
    assert p.returncode == 2 and "kubelet.service" in p.stderr


@pytest.mark.parametrize(
    "bundle,code,value",
    [
        ("aks-node", 0, "/etc/kubernetes/certs/ca.crt"),
        ("eks-node", 0, "/etc/kubernetes/pki/ca.crt"),
        ("kubeadm-node", 0, "/etc/kubernetes/pki/ca.crt"),
        ("failing-node", 1, None),
    ],
)
def test_examples_as_mounted_roots(cli, bundle, code, value):
    root = EXAMPLES / bundle
    before = snapshot(root)
    p = cli("node", "--root", str(root), "--format", "json")
    assert p.returncode == code, p.stdout + p.stderr
    assert json.loads(p.stdout)["client_ca_file"] == value
    assert snapshot(root) == before


# ---------------------------------------------------------------- a real process
KUBELET_C = r"""
#include <unistd.h>
int main(void) { for (;;) pause(); return 0; }
"""


@pytest.fixture
def fake_kubelet(tmp_path):
    """Starts a real process with argv[0] == "kubelet", real kubelet flags and a config file
    (and CA) on disk; yields (pid, config path, CA path); kills it by its PID."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the stand-in kubelet binary")
    src = tmp_path / "kubelet.c"
    src.write_text(KUBELET_C)
    binary = tmp_path / "bin" / "kubelet"
    binary.parent.mkdir()
    subprocess.run([cc, "-O", "-o", str(binary), str(src)], check=True)
    ca = tmp_path / "pki" / "ca.crt"
    ca.parent.mkdir()
    ca.write_text(CA_PEM)
    config = tmp_path / "var-lib-kubelet" / "config.yaml"
    config.parent.mkdir()
    config.write_text(KUBELET_CONFIG.format(ca=ca))
    args = ["kubelet", f"--config={config}", "--v=2", "--node-ip=127.0.0.1", "--hostname-override=kubeletlint-test"]
    proc = subprocess.Popen(args, executable=str(binary), stdin=subprocess.DEVNULL)
    try:
        cmdline = Path(f"/proc/{proc.pid}/cmdline")
        deadline = time.monotonic() + 10
        while cmdline.read_bytes().split(b"\0")[0] != b"kubelet":
            assert time.monotonic() < deadline, "process did not start"
            time.sleep(0.01)
        assert cmdline.read_bytes() == argv(*args)
        yield proc.pid, str(config), str(ca)
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_live_node_finds_real_kubelet_process_and_its_files(fake_kubelet, cli):
    pid, config, ca = fake_kubelet
    arts = kubeletlint.collect_node("/")
    by_path = {a.path: a for a in arts}
    assert f"/proc/{pid}/cmdline" in by_path
    assert by_path[f"/proc/{pid}/cmdline"].kind == "cmdline"
    assert config in by_path, sorted(by_path)
    assert ca in by_path, sorted(by_path)
    assert by_path[ca].text == CA_PEM
    kubelets = [a for a in arts if a.kind == "cmdline"]
    p = cli("node", "--format", "json")
    report = json.loads(p.stdout)
    if len(kubelets) == 1:  # another kubelet on this machine would make the choice the core's
        assert p.returncode == 0, p.stderr
        assert report["client_ca_file"] == ca
