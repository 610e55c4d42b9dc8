//! Differential test of the DER reader against x509-cert 0.3 (the crate it replaces), on the
//! test certificates, on certificates of other shapes built from them, and on mutations of all
//! of those: both must agree on whether a certificate parses, its version, its CA-ness as
//! `parse_certs` computes it and its subject string.
//!
//! Where they disagree, Go's `x509.ParseCertificate` (what the kubelet runs, spec E2/E4) decides
//! and the reader follows Go (see the `Go:` comments in `der.rs`). The property lets the two
//! disagree only in those documented ways, and checks in each case that the input really has
//! the feature that Go judges differently (at the byte the reader names, where it names one):
//!
//! x509-cert accepts, the reader (like Go) rejects:
//! - an OID arc in more bytes than needed (leading 0x80) or of 2^31 or more (cryptobyte);
//! - a BIT STRING (subjectPublicKey, signature) whose unused bits are not zero (cryptobyte);
//! - different tbsCertificate `signature` and `signatureAlgorithm` (x509 "inner and outer
//!   signature algorithm identifiers don't match");
//! - two extensions with one OID (x509 "certificate contains duplicate extension");
//! - a tag in the high-tag-number form (cryptobyte has none), e.g. as an attribute value.
//!
//! x509-cert rejects, the reader (like Go) accepts:
//! - an OID whose first byte is 120 or more (`2.40` and above) or of more than 39 bytes
//!   (const-oid's limits; Go has neither);
//! - a time before 1970 (UTCTime `50`-`69`, GeneralizedTime years `0000`-`1969`): der's
//!   `DateTime` starts at 1970, Go's `time.Parse` takes any year;
//! - a serial number of more than 21 bytes (x509-cert's RFC 5280 profile; Go takes any size).

use super::super::ca::{attribute_name, base64_std_decode};
use super::{parse, Cert};
use proptest::prelude::*;
use x509_cert::certificate::Version;
use x509_cert::der::{Decode, Encode};
use x509_cert::ext::pkix::BasicConstraints;
use x509_cert::Certificate;

const CA: &str = include_str!("../../../testdata/certs/ca.pem");
const LEAF: &str = include_str!("../../../testdata/certs/leaf.pem");
const V1: &str = include_str!("../../../testdata/certs/v1.pem");
const EC_CA: &str = include_str!("../../../testdata/certs/ec-ca.pem");
const CA_DER: &[u8] = include_bytes!("../../../testdata/certs/ca.der");

fn pem(text: &str) -> Vec<u8> {
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    base64_std_decode(body.as_bytes()).unwrap()
}

/// What both sides report for a certificate that parses.
#[derive(Debug, PartialEq)]
struct Seen {
    version: u8,
    ca: bool,
    subject: String,
}

fn ours(der: &[u8]) -> Result<Seen, String> {
    let cert: Cert<'_> = parse(der)?;
    Ok(Seen {
        version: cert.version,
        ca: cert.ca.unwrap_or(cert.version != 2),
        subject: super::super::ca::subject_string(&cert.subject),
    })
}

fn reference(der: &[u8]) -> Result<(Seen, Certificate), String> {
    let cert = Certificate::from_der(der).map_err(|e| e.to_string())?;
    let tbs = cert.tbs_certificate();
    // parse_certs before the DER reader, verbatim.
    let ca = match tbs.get_extension::<BasicConstraints>() {
        Ok(Some((_, bc))) => bc.ca,
        Ok(None) => tbs.version() != Version::V3,
        Err(_) => false,
    };
    let seen = Seen {
        version: tbs.version() as u8,
        ca,
        subject: reference_subject(tbs.subject()),
    };
    Ok((seen, cert))
}

/// `subject_string` before the DER reader, verbatim (on x509-cert's `Name`).
fn reference_subject(name: &x509_cert::name::Name) -> String {
    use std::fmt::Write as _;
    use x509_cert::der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
    use x509_cert::der::{Tag, Tagged};

    let mut out = String::new();
    let rdns: Vec<_> = name.iter_rdn().collect();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            let v = &atv.value;
            let text = match v.tag() {
                Tag::PrintableString => PrintableStringRef::try_from(v).ok().map(|s| s.as_str()),
                Tag::Utf8String => Utf8StringRef::try_from(v).ok().map(|s| s.as_str()),
                Tag::Ia5String => Ia5StringRef::try_from(v).ok().map(|s| s.as_str()),
                Tag::TeletexString => TeletexStringRef::try_from(v).ok().map(|s| s.as_str()),
                _ => None,
            };
            match (attribute_name(atv.oid.as_bytes()), text) {
                (Some(key), Some(val)) => {
                    out.push_str(key);
                    out.push('=');
                    let mut chars = val.char_indices().peekable();
                    while let Some((k, c)) = chars.next() {
                        match c {
                            '#' if k == 0 => out.push_str("\\#"),
                            ' ' if k == 0 || chars.peek().is_none() => out.push_str("\\ "),
                            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                                out.push('\\');
                                out.push(c);
                            }
                            '\x00'..='\x1f' | '\x7f' => {
                                let _ = write!(out, "\\{:02x}", c as u8);
                            }
                            _ => out.push(c),
                        }
                    }
                }
                _ => {
                    let _ = write!(out, "{}=#", atv.oid);
                    for b in v.to_der().unwrap_or_default() {
                        let _ = write!(out, "{b:02x}");
                    }
                }
            }
        }
    }
    out
}

// ---- A TLV tree, to build certificates and mutate them with consistent lengths. ----

#[derive(Clone, Debug)]
enum Node {
    Prim(u8, Vec<u8>),
    Cons(u8, Vec<Node>),
    /// An OCTET STRING whose content is DER (extension values), kept as a tree.
    Wrap(u8, Vec<Node>),
    /// Bytes as they are (a TLV the encoder cannot write).
    Raw(Vec<u8>),
}

fn len_bytes(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(len_bytes(content.len()));
    out.extend_from_slice(content);
    out
}

fn encode(node: &Node) -> Vec<u8> {
    match node {
        Node::Prim(tag, content) => tlv(*tag, content),
        Node::Raw(bytes) => bytes.clone(),
        Node::Cons(tag, kids) | Node::Wrap(tag, kids) => {
            tlv(*tag, &kids.iter().flat_map(encode).collect::<Vec<_>>())
        }
    }
}

/// TLVs of valid DER (one-byte tags), or `None`.
fn split(mut der: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut out = Vec::new();
    while let [tag, first, rest @ ..] = der {
        let (len, rest) = if *first < 0x80 {
            (usize::from(*first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || rest.len() < n {
                return None;
            }
            let len = rest[..n].iter().fold(0, |a, &b| a << 8 | usize::from(b));
            (len, &rest[n..])
        };
        if rest.len() < len || tag & 0x1f == 0x1f {
            return None;
        }
        out.push((*tag, &rest[..len]));
        der = &rest[len..];
    }
    der.is_empty().then_some(out)
}

fn tree(der: &[u8]) -> Vec<Node> {
    split(der)
        .unwrap()
        .into_iter()
        .map(|(tag, content)| node(tag, content))
        .collect()
}

fn node(tag: u8, content: &[u8]) -> Node {
    if tag & 0x20 != 0 {
        return Node::Cons(tag, tree(content));
    }
    if tag == 0x04 {
        if let Some(kids) = split(content).filter(|k| !k.is_empty() && tree_ok(content)) {
            if kids.iter().all(|(t, _)| t & 0x20 != 0) {
                return Node::Wrap(tag, kids.into_iter().map(|(t, c)| node(t, c)).collect());
            }
        }
    }
    Node::Prim(tag, content.to_vec())
}

fn kids(node: &mut Node) -> &mut Vec<Node> {
    match node {
        Node::Cons(_, k) | Node::Wrap(_, k) => k,
        Node::Prim(..) | Node::Raw(_) => panic!("not constructed"),
    }
}

/// The tbsCertificate's fields of a certificate node.
fn tbs_of(cert: &mut Node) -> &mut Vec<Node> {
    kids(&mut kids(cert)[0])
}

fn seq(kids: Vec<Node>) -> Node {
    Node::Cons(0x30, kids)
}

fn oid(content: &[u8]) -> Node {
    Node::Prim(0x06, content.to_vec())
}

/// An attribute: type OID content, value tag, value content.
type Attr<'a> = (&'a [u8], u8, &'a [u8]);

/// A `Name` from its RDNs.
fn name(rdns: &[&[Attr<'_>]]) -> Node {
    seq(rdns
        .iter()
        .map(|rdn| {
            Node::Cons(
                0x31,
                rdn.iter()
                    .map(|(t, tag, v)| seq(vec![oid(t), Node::Prim(*tag, v.to_vec())]))
                    .collect(),
            )
        })
        .collect())
}

const CN: &[u8] = &[0x55, 0x04, 0x03];
const O: &[u8] = &[0x55, 0x04, 0x0a];
const BC: &[u8] = &[0x55, 0x1d, 0x13];

fn extension(id: &[u8], critical: Option<bool>, value: Vec<Node>) -> Node {
    let mut kids = vec![oid(id)];
    if let Some(c) = critical {
        kids.push(Node::Prim(0x01, vec![if c { 0xff } else { 0 }]));
    }
    kids.push(Node::Wrap(0x04, value));
    seq(kids)
}

/// The test certificates and certificates of other shapes built from them.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(build_seeds)
}

fn build_seeds() -> Vec<Vec<u8>> {
    let real = [pem(CA), pem(LEAF), pem(V1), pem(EC_CA), CA_DER.to_vec()];
    let mut out: Vec<Vec<u8>> = real.to_vec();
    let ca = tree(&real[0]).remove(0);
    // tbsCertificate children: [0] version, serial, signature, issuer, validity, subject, spki,
    // [3] extensions.
    let with_tbs = |f: &dyn Fn(&mut Vec<Node>)| {
        let mut cert = ca.clone();
        f(kids(&mut kids(&mut cert)[0]));
        encode(&cert)
    };
    let extensions = |tbs: &mut Vec<Node>| -> Vec<Node> {
        std::mem::take(kids(&mut kids(tbs.last_mut().unwrap())[0]))
    };
    let set_extensions = |tbs: &mut Vec<Node>, exts: Vec<Node>| {
        *kids(&mut kids(tbs.last_mut().unwrap())[0]) = exts;
    };
    let without_bc = |tbs: &mut Vec<Node>| {
        let mut exts = extensions(tbs);
        exts.retain(|e| !matches!(&kids(&mut e.clone())[0], Node::Prim(6, c) if c == BC));
        set_extensions(tbs, exts);
    };
    // v3 without basicConstraints: not a CA.
    out.push(with_tbs(&without_bc));
    // basicConstraints with cA absent (DEFAULT FALSE), with only a pathLenConstraint, with cA
    // FALSE written out, critical FALSE written out; basicConstraints that does not decode.
    for (critical, value) in [
        (Some(true), vec![seq(vec![])]),
        (None, vec![seq(vec![Node::Prim(0x02, vec![3])])]),
        (None, vec![seq(vec![Node::Prim(0x01, vec![0])])]),
        (Some(false), vec![seq(vec![Node::Prim(0x01, vec![0xff])])]),
        (
            None,
            vec![seq(vec![
                Node::Prim(0x01, vec![0xff]),
                Node::Prim(0x02, vec![1, 0]),
            ])],
        ),
    ] {
        out.push(with_tbs(&|tbs| {
            without_bc(tbs);
            let mut exts = extensions(tbs);
            exts.push(extension(BC, critical, value.clone()));
            set_extensions(tbs, exts);
        }));
    }
    // Empty extensions; v1 written out explicitly; v2 with unique identifiers.
    out.push(with_tbs(&|tbs| set_extensions(tbs, vec![])));
    out.push(with_tbs(&|tbs| {
        tbs.pop();
        tbs[0] = Node::Cons(0xa0, vec![Node::Prim(0x02, vec![0])]);
    }));
    out.push(with_tbs(&|tbs| {
        tbs.pop();
        tbs[0] = Node::Cons(0xa0, vec![Node::Prim(0x02, vec![1])]);
        tbs.push(Node::Prim(0x81, vec![0, 0xab]));
        tbs.push(Node::Prim(0x82, vec![4, 0xf0]));
    }));
    // Subjects: multi-valued RDNs (in and out of DER order), escapes, non-string values,
    // unknown OIDs, an empty RDN, an empty name.
    let subjects: Vec<Node> = vec![
        name(&[
            &[(O, 0x0c, b"b"), (CN, 0x13, b"a")],
            &[
                (CN, 0x0c, b"#x, y+z;\"<>\\ "),
                (O, 0x16, b"ia5"),
                (O, 0x14, b"t61"),
            ],
        ]),
        name(&[
            &[(CN, 0x02, &[5])],
            &[(&[0x2a, 0x03, 0x04], 0x0c, b"unknown oid")],
            &[(
                &[
                    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03,
                ],
                0x13,
                b"US",
            )],
            &[(CN, 0x13, b"not*printable"), (CN, 0x0c, &[0xff])],
            &[(CN, 0x1e, &[0, 0x61]), (CN, 0x30, &[]), (CN, 0x80, &[1])],
            &[(CN, 0x0c, b"tab\tdel\x7f")],
        ]),
        name(&[&[], &[(CN, 0x0c, b"after empty")]]),
        name(&[]),
    ];
    for subject in subjects {
        out.push(with_tbs(&|tbs| tbs[5] = subject.clone()));
    }
    out
}

// ---- Go's and const-oid's views of OIDs, for the allowed disagreements. ----

/// Go's cryptobyte `ReadASN1ObjectIdentifier` (content bytes).
fn go_oid_ok(content: &[u8]) -> bool {
    let mut rest = content;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let mut v: u64 = 0;
        let mut i = 0;
        loop {
            let Some((&b, r)) = rest.split_first() else {
                return false;
            };
            rest = r;
            if i == 5 || v >= 1 << 24 || (i == 0 && b == 0x80) {
                return false;
            }
            v = v << 7 | u64::from(b & 0x7f);
            i += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    true
}

/// const-oid 0.10's `ObjectIdentifier::from_bytes` (content bytes).
fn const_oid_ok(content: &[u8]) -> bool {
    x509_cert::der::asn1::ObjectIdentifier::from_bytes(content).is_ok()
}

/// Every TLV reachable through constructed tags, with its offset.
fn walk(der: &[u8], base: usize, out: &mut Vec<(usize, u8, Vec<u8>)>) {
    let mut at = base;
    let mut rest = der;
    while let [tag, first, tail @ ..] = rest {
        let (len, hdr) = if *first < 0x80 {
            (usize::from(*first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || tail.len() < n {
                return;
            }
            (
                tail[..n].iter().fold(0, |a, &b| a << 8 | usize::from(b)),
                2 + n,
            )
        };
        let Some(content) = rest.get(hdr..hdr + len) else {
            return;
        };
        out.push((at, *tag, content.to_vec()));
        if tag & 0x20 != 0 {
            walk(content, at + hdr, out);
        }
        at += hdr + len;
        rest = &rest[hdr + len..];
    }
}

fn year_before_1970(tag: u8, content: &[u8]) -> bool {
    let digits = |s: &[u8]| -> Option<u32> {
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0, |a, &c| a * 10 + u32::from(c - b'0')))
    };
    match tag {
        0x17 => content
            .get(..2)
            .and_then(digits)
            .is_some_and(|y| (50..70).contains(&y)),
        0x18 => content.get(..4).and_then(digits).is_some_and(|y| y < 1970),
        _ => false,
    }
}

/// Checks one input; `Err` describes a disagreement the documented exceptions do not cover.
fn agree(der: &[u8]) -> Result<(), String> {
    let mine = ours(der);
    let theirs = reference(der);
    match (&mine, &theirs) {
        (Ok(a), Ok((b, _))) if a == b => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        (Ok(a), Ok((b, _))) => Err(format!("both parse, ours {a:?}, x509-cert {b:?}")),
        // The reader rejects what x509-cert accepts: only for Go's reasons, at the byte named.
        (Err(e), Ok((_, cert))) => {
            let at: usize = e
                .rsplit("at byte ")
                .next()
                .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| format!("no offset in `{e}`"))?;
            let mut all = Vec::new();
            walk(der, 0, &mut all);
            let here = all.iter().find(|(a, ..)| *a == at);
            let tbs = cert.tbs_certificate();
            let ok = if e.starts_with("malformed OBJECT IDENTIFIER") {
                here.is_some_and(|(_, t, c)| *t == 6 && !go_oid_ok(c) && const_oid_ok(c))
            } else if e.starts_with("invalid BIT STRING") {
                here.is_some_and(|(_, t, c)| {
                    *t == 3 && matches!(c.as_slice(), [u @ 1..=7, .., last] if last & ((1 << u) - 1) != 0)
                })
            } else if e.starts_with("unsupported high tag number form") {
                der.get(at).is_some_and(|t| t & 0x1f == 0x1f)
            } else if e.starts_with("signatureAlgorithm differs") {
                cert.signature_algorithm() != tbs.signature()
            } else if e.starts_with("duplicate extension") {
                let ids: Vec<_> = tbs
                    .extensions()
                    .map(|v| v.as_slice())
                    .unwrap_or(&[])
                    .iter()
                    .map(|x| x.extn_id)
                    .collect();
                ids.iter().enumerate().any(|(i, a)| ids[..i].contains(a))
            } else {
                false
            };
            match ok {
                true => Ok(()),
                false => Err(format!("ours rejects (`{e}`), x509-cert accepts")),
            }
        }
        // The reader accepts what x509-cert rejects: only for Go's reasons.
        (Ok(_), Err(e)) => {
            let mut all = Vec::new();
            walk(der, 0, &mut all);
            let oid = all
                .iter()
                .any(|(_, t, c)| *t == 6 && go_oid_ok(c) && !const_oid_ok(c));
            let time = all.iter().any(|(_, t, c)| year_before_1970(*t, c));
            // The serial: the tbsCertificate's first INTEGER child (after any [0]).
            let serial = split(der)
                .and_then(|c| split(c.first()?.1))
                .and_then(|c| split(c.first()?.1))
                .and_then(|tbs| tbs.into_iter().find(|(t, _)| *t != 0xa0))
                .is_some_and(|(t, c)| t == 2 && c.len() > 21);
            match oid || time || serial {
                true => Ok(()),
                false => Err(format!("ours accepts, x509-cert rejects: {e}")),
            }
        }
    }
}

#[test]
fn seeds_parse_and_agree() {
    let seeds = seeds();
    for (i, der) in seeds.iter().enumerate() {
        assert!(ours(der).is_ok(), "seed {i}: {:?}", ours(der).err());
        agree(der).unwrap_or_else(|e| panic!("seed {i}: {e}"));
    }
    // The shapes do what they are for.
    let seen: Vec<Seen> = seeds.iter().map(|d| ours(d).unwrap()).collect();
    assert_eq!(
        (seen[0].ca, seen[1].ca, seen[2].ca, seen[3].ca),
        (true, false, true, true)
    );
    assert_eq!(seen[2].version, 0);
    assert!(!seen[5].ca, "v3 without basicConstraints");
    assert!(
        !seen[6].ca && !seen[7].ca && !seen[8].ca,
        "cA absent or FALSE"
    );
    assert!(seen[9].ca);
    assert!(!seen[10].ca, "undecodable basicConstraints");
    assert!(!seen[11].ca, "v3 with empty extensions");
    assert!(seen[12].ca && seen[12].version == 0);
    assert!(seen[13].ca && seen[13].version == 1);
    // Within an RDN in DER order (x509-cert sorts a SET OF on decoding): shorter first.
    assert_eq!(
        seen[14].subject,
        "O=t61+O=ia5+CN=\\#x\\, y\\+z\\;\\\"\\<\\>\\\\\\ ,CN=a+O=b"
    );
    assert_eq!(seen[16].subject, "CN=after empty,");
    assert_eq!(seen[17].subject, "");
    println!("{}", seen[15].subject);
}

/// Go-decided disagreements, one example each (so they stay covered, whatever the mutations
/// happen to hit).
#[test]
fn go_decides_the_documented_disagreements() {
    let ca = pem(CA);
    let t = tree(&ca).remove(0);
    let patch = |f: &dyn Fn(&mut Node)| {
        let mut c = t.clone();
        f(&mut c);
        encode(&c)
    };
    let set_subject = |n: Node| patch(&|c| tbs_of(c)[5] = n.clone());
    let high_tag = seq(vec![oid(CN), Node::Raw(vec![0x9f, 0x1f, 0x01, b'x'])]);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "non-minimal OID arc",
            set_subject(name(&[&[(&[0x55, 0x80, 0x04, 0x03], 0x0c, b"x")]])),
            false,
        ),
        (
            "OID arc 2^31",
            set_subject(name(&[&[(
                &[0x55, 0x88, 0x80, 0x80, 0x80, 0x00],
                0x0c,
                b"x",
            )]])),
            false,
        ),
        (
            "OID 2.40",
            set_subject(name(&[&[(&[0x78, 0x01], 0x0c, b"x")]])),
            true,
        ),
        (
            "OID of 40 bytes",
            set_subject(name(&[&[(&[0x2a; 40], 0x0c, b"x")]])),
            true,
        ),
        (
            "high tag value",
            set_subject(seq(vec![Node::Cons(0x31, vec![high_tag])])),
            false,
        ),
        (
            "signature padding",
            patch(&|c| {
                let Node::Prim(_, s) = &mut kids(c)[2] else {
                    panic!()
                };
                s[0] = 1;
                *s.last_mut().unwrap() |= 1;
            }),
            false,
        ),
        (
            "algorithm mismatch",
            patch(&|c| kids(&mut kids(c)[1]).truncate(1)),
            false,
        ),
        (
            "duplicate extension",
            patch(&|c| {
                let exts = kids(&mut kids(tbs_of(c).last_mut().unwrap())[0]);
                let first = exts[0].clone();
                exts.push(first);
            }),
            false,
        ),
        (
            "UTCTime 1969",
            patch(&|c| {
                kids(&mut tbs_of(c)[4])[0] = Node::Prim(0x17, b"691231235959Z".to_vec());
            }),
            true,
        ),
        (
            "GeneralizedTime 1126",
            patch(&|c| {
                kids(&mut tbs_of(c)[4])[1] = Node::Prim(0x18, b"11261106053233Z".to_vec());
            }),
            true,
        ),
        (
            "serial of 22 bytes",
            patch(&|c| tbs_of(c)[1] = Node::Prim(0x02, vec![0x11; 22])),
            true,
        ),
    ];
    for (what, der, accepted) in cases {
        assert_eq!(
            ours(&der).is_ok(),
            accepted,
            "{what}: {:?}",
            ours(&der).err()
        );
        assert_ne!(
            reference(&der).is_ok(),
            accepted,
            "{what}: x509-cert agrees with Go"
        );
        agree(&der).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

#[test]
fn error_text() {
    let mut der = pem(CA);
    der[4] = 0x02;
    assert_eq!(
        ours(&der).unwrap_err(),
        "expected tbsCertificate SEQUENCE tag 0x30 at byte 4, found 0x02"
    );
    let mut der = pem(CA);
    der.push(0);
    assert_eq!(
        ours(&der).unwrap_err(),
        "unexpected trailing data at byte 819"
    );
    assert_eq!(
        ours(&[]).unwrap_err(),
        "expected certificate SEQUENCE tag 0x30 at byte 0, found end of data"
    );
}

#[derive(Debug, Clone)]
enum Raw {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Delete(usize),
    /// Adds `delta` to the length byte of the TLV starting at some offset (lengths stay wrong).
    Length(usize, i8),
}

fn raw_strategy() -> impl Strategy<Value = Raw> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Raw::Flip(i, x)),
        any::<usize>().prop_map(Raw::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Raw::Insert(i, b)),
        any::<usize>().prop_map(Raw::Delete),
        (any::<usize>(), -3..=3i8).prop_map(|(i, d)| Raw::Length(i, d)),
    ]
}

fn apply_raw(mut der: Vec<u8>, ops: &[Raw]) -> Vec<u8> {
    for op in ops {
        let n = der.len().max(1);
        match *op {
            Raw::Flip(i, x) => {
                if let Some(b) = der.get_mut(i % n) {
                    *b ^= x;
                }
            }
            Raw::Truncate(i) => der.truncate(i % n),
            Raw::Insert(i, b) => der.insert(i % (der.len() + 1), b),
            Raw::Delete(i) => {
                if !der.is_empty() {
                    der.remove(i % n);
                }
            }
            Raw::Length(i, d) => {
                let mut all = Vec::new();
                walk(&der, 0, &mut all);
                if let Some((at, ..)) = all.get(i % all.len().max(1)) {
                    // The last byte of the length: the one a one-off length change touches.
                    let hdr = match der.get(at + 1) {
                        Some(&l) if l > 0x80 => 1 + usize::from(l & 0x7f),
                        _ => 1,
                    };
                    if let Some(b) = der.get_mut(at + hdr) {
                        *b = b.wrapping_add_signed(d);
                    }
                }
            }
        }
    }
    der
}

/// A change to one node of the tree; lengths are re-encoded around it.
#[derive(Debug, Clone)]
enum Tree {
    Tag(usize, u8),
    Flip(usize, usize, u8),
    Insert(usize, usize, u8),
    Delete(usize, usize),
    Drop(usize, usize),
    Dup(usize, usize),
    Swap(usize, usize),
}

fn tree_strategy() -> impl Strategy<Value = Tree> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(n, t)| Tree::Tag(n, t)),
        (any::<usize>(), any::<usize>(), 1..=255u8).prop_map(|(n, i, x)| Tree::Flip(n, i, x)),
        (any::<usize>(), any::<usize>(), any::<u8>()).prop_map(|(n, i, b)| Tree::Insert(n, i, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(n, i)| Tree::Delete(n, i)),
        (any::<usize>(), any::<usize>()).prop_map(|(n, i)| Tree::Drop(n, i)),
        (any::<usize>(), any::<usize>()).prop_map(|(n, i)| Tree::Dup(n, i)),
        (any::<usize>(), any::<usize>()).prop_map(|(n, i)| Tree::Swap(n, i)),
    ]
}

fn count(node: &Node) -> usize {
    1 + match node {
        Node::Prim(..) | Node::Raw(_) => 0,
        Node::Cons(_, k) | Node::Wrap(_, k) => k.iter().map(count).sum(),
    }
}

/// The `n`th node in preorder.
fn nth(node: &mut Node, n: usize) -> Option<&mut Node> {
    if n == 0 {
        return Some(node);
    }
    let mut n = n - 1;
    if let Node::Cons(_, kids) | Node::Wrap(_, kids) = node {
        for kid in kids {
            let c = count(kid);
            if n < c {
                return nth(kid, n);
            }
            n -= c;
        }
    }
    None
}

fn apply_tree(der: &[u8], op: &Tree) -> Vec<u8> {
    let mut root = tree(der).remove(0);
    let total = count(&root);
    let pick = |n: usize| n % total;
    let target = match op {
        Tree::Tag(n, _) | Tree::Flip(n, ..) | Tree::Insert(n, ..) | Tree::Delete(n, _) => pick(*n),
        Tree::Drop(n, _) | Tree::Dup(n, _) | Tree::Swap(n, _) => pick(*n),
    };
    let node = nth(&mut root, target).unwrap();
    // Bytes of a primitive (a wrapped OCTET STRING becomes primitive when its bytes change).
    let bytes = |node: &mut Node| -> Vec<u8> {
        match node {
            Node::Prim(_, c) | Node::Raw(c) => c.clone(),
            Node::Cons(_, k) | Node::Wrap(_, k) => k.iter().flat_map(encode).collect(),
        }
    };
    match *op {
        Tree::Tag(_, t) => match node {
            Node::Prim(tag, _) | Node::Cons(tag, _) | Node::Wrap(tag, _) => *tag = t,
            Node::Raw(_) => {}
        },
        Tree::Flip(_, i, x) => {
            let mut c = bytes(node);
            if !c.is_empty() {
                let i = i % c.len();
                c[i] ^= x;
            }
            *node = Node::Prim(tag_of(node), c);
        }
        Tree::Insert(_, i, b) => {
            let mut c = bytes(node);
            c.insert(i % (c.len() + 1), b);
            *node = Node::Prim(tag_of(node), c);
        }
        Tree::Delete(_, i) => {
            let mut c = bytes(node);
            if !c.is_empty() {
                c.remove(i % c.len());
            }
            *node = Node::Prim(tag_of(node), c);
        }
        Tree::Drop(_, i) | Tree::Dup(_, i) | Tree::Swap(_, i) => {
            if let Node::Cons(_, k) | Node::Wrap(_, k) = node {
                if !k.is_empty() {
                    let i = i % k.len();
                    match op {
                        Tree::Drop(..) => drop(k.remove(i)),
                        Tree::Dup(..) => k.insert(i, k[i].clone()),
                        _ => {
                            let j = (i + 1) % k.len();
                            k.swap(i, j)
                        }
                    }
                }
            }
        }
    }
    encode(&root)
}

fn tag_of(node: &Node) -> u8 {
    match node {
        Node::Prim(t, _) | Node::Cons(t, _) | Node::Wrap(t, _) => *t,
        Node::Raw(_) => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn raw_mutations_agree(
        seed in 0..18usize,
        ops in prop::collection::vec(raw_strategy(), 1..4),
    ) {
        let der = apply_raw(seeds()[seed].clone(), &ops);
        prop_assert!(agree(&der).is_ok(), "{}", agree(&der).unwrap_err());
    }

    #[test]
    fn tree_mutations_agree(
        seed in 0..18usize,
        ops in prop::collection::vec(tree_strategy(), 1..3),
    ) {
        let mut der = seeds()[seed].clone();
        for op in &ops {
            if split(&der).is_some_and(|t| t.len() == 1) && tree_ok(&der) {
                der = apply_tree(&der, op);
            }
        }
        prop_assert!(agree(&der).is_ok(), "{}", agree(&der).unwrap_err());
    }
}

/// Whether the tree parser can take `der` (after a first mutation it may not).
fn tree_ok(der: &[u8]) -> bool {
    fn ok(der: &[u8]) -> bool {
        split(der).is_some_and(|t| t.iter().all(|(tag, c)| tag & 0x20 == 0 || ok(c)))
    }
    ok(der)
}
