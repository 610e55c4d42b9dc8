//! The client CA bundle, read like the kubelet does (spec E2, E4): client-go
//! `cert.ParseCertsPEM` over Go's `encoding/pem.Decode`, then `x509.ParseCertificate`.

use super::CaCheck;

/// Whether [`super::check_ca_bundle`] parses the certificates (the `x509` cargo feature). Without
/// it, CA-ness and subjects are unknown and a bundle with `CERTIFICATE` blocks is `Ok`.
pub const CA_CHECK_PARSES_X509: bool = cfg!(feature = "x509");

/// The kubelet's error for a zero-byte file (`dynamiccertificates`).
pub(crate) const MISSING_CONTENT: &str = "missing content for CA bundle";
/// The kubelet's error when no `CERTIFICATE` block is found (`cert.ParseCertsPEM`).
pub(crate) const NO_CERTIFICATES: &str =
    "data does not contain any valid RSA or ECDSA certificates";

/// One PEM block as Go's `pem.Decode` returns it.
#[derive(Debug)]
struct Block {
    kind: String,
    has_headers: bool,
    bytes: Vec<u8>,
}

pub(crate) fn check(bytes: &[u8]) -> CaCheck {
    if bytes.is_empty() {
        return CaCheck::Unusable(MISSING_CONTENT.to_string());
    }
    let mut rest = bytes;
    let mut certs: Vec<Vec<u8>> = Vec::new();
    while !rest.is_empty() {
        let Some((block, next)) = pem_decode(rest) else {
            break;
        };
        rest = next;
        // Only `CERTIFICATE` blocks without headers count (client-go).
        if block.kind != "CERTIFICATE" || block.has_headers {
            continue;
        }
        certs.push(block.bytes);
    }
    if certs.is_empty() {
        return CaCheck::Unusable(NO_CERTIFICATES.to_string());
    }
    parse_certs(&certs)
}

#[cfg(feature = "x509")]
fn parse_certs(certs: &[Vec<u8>]) -> CaCheck {
    let mut subjects = Vec::new();
    let mut any_ca = false;
    for (i, der) in certs.iter().enumerate() {
        let cert = match super::der::parse(der) {
            Ok(c) => c,
            // The kubelet stops at the first block that does not parse.
            Err(e) => {
                return CaCheck::Unusable(format!(
                    "x509: malformed certificate (certificate #{}): {e}",
                    i + 1
                ))
            }
        };
        subjects.push(subject_string(&cert.subject));
        // Go's `CheckSignatureFrom`: a v3 parent needs basicConstraints with CA=true; a v1/v2
        // certificate (no extensions) may sign.
        any_ca |= cert.ca.unwrap_or(cert.version != 2);
    }
    if any_ca {
        CaCheck::Ok {
            certificates: certs.len(),
            subjects,
        }
    } else {
        CaCheck::NotCa {
            certificates: certs.len(),
            subjects,
        }
    }
}

/// A subject as x509-cert's `Name` `Display` writes it (RFC 4514: the last RDN first, `+` between
/// the attributes of one RDN, string values escaped, other values as `OID=#hex` of their DER),
/// but naming attribute types from the small tables below rather than const-oid's database of
/// every OID (about 30 KB of the gzip'd WebAssembly module when x509-cert parsed the bundle). The tables hold every name that
/// database has in the X.520 (`2.5.4.*`), PKCS #9 (`1.2.840.113549.1.9.*`) and RFC 1274 pilot
/// (`0.9.2342.19200300.100.1.*`) arcs, with the shortest name for each OID uppercased as
/// x509-cert does; an attribute type outside them shows as `OID=#hex`.
#[cfg(feature = "x509")]
pub(super) fn subject_string(rdns: &[Vec<super::der::Atv<'_>>]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hex = |out: &mut String, b: u8| {
        for n in [b >> 4, b & 15] {
            out.push(char::from(HEX.get(usize::from(n)).copied().unwrap_or(b'0')));
        }
    };
    let mut out = String::new();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            // The string types x509-cert's `Display` writes as text (with der's checks).
            let v = atv.value;
            let text = match atv.tag {
                0x13 => v
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&c)),
                0x0c => true,
                0x16 | 0x14 => v.is_ascii(),
                _ => false,
            };
            let text = text.then(|| std::str::from_utf8(v).ok()).flatten();
            match (attribute_name(atv.oid), text) {
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
                                out.push('\\');
                                hex(&mut out, c as u8);
                            }
                            _ => out.push(c),
                        }
                    }
                }
                _ => {
                    out.push_str(&super::der::oid_string(atv.oid));
                    out.push_str("=#");
                    for &b in atv.value_der {
                        hex(&mut out, b);
                    }
                }
            }
        }
    }
    out
}

/// The name of an attribute type (the DER content bytes of its OID), from the tables below.
#[cfg(feature = "x509")]
pub(super) fn attribute_name(oid: &[u8]) -> Option<&'static str> {
    type Arc = (&'static [u8], &'static [(u8, &'static str)]);
    const ARCS: [Arc; 3] = [
        (&[0x55, 0x04], X520),
        (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09], PKCS9),
        (
            &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01],
            PILOT,
        ),
    ];
    ARCS.iter()
        .find_map(|(prefix, names)| match oid.strip_prefix(*prefix)? {
            [arc] => names.iter().find(|(a, _)| a == arc).map(|(_, n)| *n),
            _ => None,
        })
}

// Generated from const-oid 0.10.3's database: the shortest name of each OID, uppercased.
#[cfg(feature = "x509")]
const X520: &[(u8, &str)] = &[
    (0, "OBJECTCLASS"),
    (1, "ALIASEDOBJECTNAME"),
    (2, "KNOWLEDGEINFORMATION"),
    (3, "CN"),
    (4, "SN"),
    (5, "SERIALNUMBER"),
    (6, "C"),
    (7, "L"),
    (8, "ST"),
    (9, "STREET"),
    (10, "O"),
    (11, "OU"),
    (12, "TITLE"),
    (13, "DESCRIPTION"),
    (14, "SEARCHGUIDE"),
    (15, "BUSINESSCATEGORY"),
    (16, "POSTALADDRESS"),
    (17, "POSTALCODE"),
    (18, "POSTOFFICEBOX"),
    (19, "PHYSICALDELIVERYOFFICENAME"),
    (20, "TELEPHONENUMBER"),
    (21, "TELEXNUMBER"),
    (22, "TELETEXTERMINALIDENTIFIER"),
    (23, "FACSIMILETELEPHONENUMBER"),
    (24, "X121ADDRESS"),
    (25, "INTERNATIONALISDNNUMBER"),
    (26, "REGISTEREDADDRESS"),
    (27, "DESTINATIONINDICATOR"),
    (28, "PREFERREDDELIVERYMETHOD"),
    (29, "PRESENTATIONADDRESS"),
    (30, "SUPPORTEDAPPLICATIONCONTEXT"),
    (31, "MEMBER"),
    (32, "OWNER"),
    (33, "ROLEOCCUPANT"),
    (34, "SEEALSO"),
    (35, "USERPASSWORD"),
    (36, "USERCERTIFICATE"),
    (37, "CACERTIFICATE"),
    (38, "AUTHORITYREVOCATIONLIST"),
    (39, "CERTIFICATEREVOCATIONLIST"),
    (40, "CROSSCERTIFICATEPAIR"),
    (41, "NAME"),
    (42, "GN"),
    (43, "INITIALS"),
    (44, "GENERATIONQUALIFIER"),
    (45, "X500UNIQUEIDENTIFIER"),
    (46, "DNQUALIFIER"),
    (47, "ENHANCEDSEARCHGUIDE"),
    (48, "PROTOCOLINFORMATION"),
    (49, "DISTINGUISHEDNAME"),
    (50, "UNIQUEMEMBER"),
    (51, "HOUSEIDENTIFIER"),
    (52, "SUPPORTEDALGORITHMS"),
    (53, "DELTAREVOCATIONLIST"),
    (54, "DMDNAME"),
    (65, "PSEUDONYM"),
    (72, "ID-AT-ROLE"),
];
#[cfg(feature = "x509")]
const PKCS9: &[(u8, &str)] = &[
    (0, "PKCS-9-MO"),
    (1, "EMAIL"),
    (2, "PKCS-9-AT-UNSTRUCTUREDNAME"),
    (3, "ID-CONTENTTYPE"),
    (4, "ID-MESSAGEDIGEST"),
    (5, "ID-SIGNINGTIME"),
    (6, "ID-COUNTERSIGNATURE"),
    (7, "PKCS-9-AT-CHALLENGEPASSWORD"),
    (8, "PKCS-9-AT-UNSTRUCTUREDADDRESS"),
    (9, "PKCS-9-AT-EXTENDEDCERTIFICATEATTRIBUTES"),
    (10, "PKCS-9-AT-ISSUERANDSERIALNUMBER"),
    (11, "PKCS-9-AT-PASSWORDCHECK"),
    (12, "PKCS-9-AT-PUBLICKEY"),
    (13, "PKCS-9-AT-SIGNINGDESCRIPTION"),
    (14, "ID-EXTENSIONREQ"),
    (15, "SMIMECAPABILITIES"),
    (16, "SMIME"),
    (20, "PKCS-9-AT-FRIENDLYNAME"),
    (21, "PKCS-9-AT-LOCALKEYID"),
    (22, "CERTTYPES"),
    (23, "CRLTYPES"),
    (24, "PKCS-9-OC"),
    (25, "PKCS-9-AT"),
    (26, "PKCS-9-SX"),
    (27, "PKCS-9-MR"),
    (52, "ID-AA-CMSALGORITHMPROTECT"),
];
#[cfg(feature = "x509")]
const PILOT: &[(u8, &str)] = &[
    (1, "UID"),
    (2, "TEXTENCODEDORADDRESS"),
    (3, "MAIL"),
    (4, "INFO"),
    (5, "DRINK"),
    (6, "ROOMNUMBER"),
    (7, "PHOTO"),
    (8, "USERCLASS"),
    (9, "HOST"),
    (10, "MANAGER"),
    (11, "DOCUMENTIDENTIFIER"),
    (12, "DOCUMENTTITLE"),
    (13, "DOCUMENTVERSION"),
    (14, "DOCUMENTAUTHOR"),
    (15, "DOCUMENTLOCATION"),
    (20, "HOMEPHONE"),
    (21, "SECRETARY"),
    (22, "OTHERMAILBOX"),
    (23, "LASTMODIFIEDTIME"),
    (24, "LASTMODIFIEDBY"),
    (25, "DC"),
    (26, "ARECORD"),
    (27, "MDRECORD"),
    (28, "MXRECORD"),
    (29, "NSRECORD"),
    (30, "SOARECORD"),
    (31, "CNAMERECORD"),
    (37, "ASSOCIATEDDOMAIN"),
    (38, "ASSOCIATEDNAME"),
    (39, "HOMEPOSTALADDRESS"),
    (40, "PERSONALTITLE"),
    (41, "MOBILE"),
    (42, "PAGER"),
    (43, "CO"),
    (44, "UNIQUEIDENTIFIER"),
    (45, "ORGANIZATIONALSTATUS"),
    (46, "JANETMAILBOX"),
    (47, "MAILPREFERENCEOPTION"),
    (48, "BUILDINGNAME"),
    (49, "DSAQUALITY"),
    (50, "SINGLELEVELQUALITY"),
    (51, "SUBTREEMINIMUMQUALITY"),
    (52, "SUBTREEMAXIMUMQUALITY"),
    (53, "PERSONALSIGNATURE"),
    (54, "DITREDIRECT"),
    (55, "AUDIO"),
    (56, "DOCUMENTPUBLISHER"),
    (60, "JPEGPHOTO"),
];

#[cfg(not(feature = "x509"))]
fn parse_certs(certs: &[Vec<u8>]) -> CaCheck {
    CaCheck::Ok {
        certificates: certs.len(),
        subjects: Vec::new(),
    }
}

const PEM_START: &[u8] = b"\n-----BEGIN ";
const PEM_END: &[u8] = b"\n-----END ";
const PEM_END_OF_LINE: &[u8] = b"-----";

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Go's `getLine`: the line up to `\n` without trailing ` \t\r`, and the rest after the `\n`.
fn get_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (
            data.get(..i).unwrap_or(&[]),
            data.get(i + 1..).unwrap_or(&[]),
        ),
        None => (data, &[][..]),
    };
    let mut end = line.len();
    while end > 0 && matches!(line.get(end - 1), Some(b' ' | b'\t' | b'\r')) {
        end -= 1;
    }
    (line.get(..end).unwrap_or(&[]), rest)
}

fn trim_ascii_space(s: &[u8]) -> &[u8] {
    let is_space = |b: &u8| b.is_ascii_whitespace();
    let start = s.iter().position(|b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !is_space(b))
        .map(|i| i + 1)
        .unwrap_or(start);
    s.get(start..end).unwrap_or(&[])
}

/// Go's `encoding/pem.Decode`: the next well-formed block and the rest, or `None`.
fn pem_decode(data: &[u8]) -> Option<(Block, &[u8])> {
    let mut rest = data;
    loop {
        let start_no_nl = PEM_START.get(1..).unwrap_or(&[]);
        if rest.starts_with(start_no_nl) {
            rest = rest.get(start_no_nl.len()..).unwrap_or(&[]);
        } else if let Some(i) = find(rest, PEM_START) {
            rest = rest.get(i + PEM_START.len()..).unwrap_or(&[]);
        } else {
            return None;
        }
        let (type_line, after_type) = get_line(rest);
        rest = after_type;
        let Some(kind) = type_line.strip_suffix(PEM_END_OF_LINE) else {
            continue;
        };
        // Headers: `Key: value` lines up to the first line without a colon.
        let mut has_headers = false;
        loop {
            if rest.is_empty() {
                return None;
            }
            let (line, next) = get_line(rest);
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                break;
            };
            let _key = trim_ascii_space(line.get(..colon).unwrap_or(&[]));
            has_headers = true;
            rest = next;
        }
        let end_no_nl = PEM_END.get(1..).unwrap_or(&[]);
        let (end_index, end_trailer_index) = if !has_headers && rest.starts_with(end_no_nl) {
            (0, end_no_nl.len())
        } else {
            match find(rest, PEM_END) {
                Some(i) => (i, i + PEM_END.len()),
                None => continue,
            }
        };
        let end_trailer = rest.get(end_trailer_index..).unwrap_or(&[]);
        let trailer_len = kind.len() + PEM_END_OF_LINE.len();
        if end_trailer.len() < trailer_len {
            continue;
        }
        let (trailer, rest_of_end_line) = end_trailer.split_at(trailer_len);
        if !trailer.starts_with(kind) || !trailer.ends_with(PEM_END_OF_LINE) {
            continue;
        }
        if !get_line(rest_of_end_line).0.is_empty() {
            continue;
        }
        let body: Vec<u8> = rest
            .get(..end_index)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|&b| b != b' ' && b != b'\t')
            .collect();
        let Some(bytes) = base64_std_decode(&body) else {
            continue;
        };
        let after = rest
            .get((end_index + PEM_END.len()).saturating_sub(1)..)
            .unwrap_or(&[]);
        let (_, next) = get_line(after);
        let block = Block {
            kind: String::from_utf8_lossy(kind).into_owned(),
            has_headers,
            bytes,
        };
        return Some((block, next));
    }
}

/// Go's `base64.StdEncoding.Decode` (padded, `\r`/`\n` ignored, trailing bits not checked).
pub(super) fn base64_std_decode(input: &[u8]) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let clean: Vec<u8> = input
        .iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect();
    if clean.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let quads = clean.len() / 4;
    for (qi, quad) in clean.chunks(4).enumerate() {
        let last = qi + 1 == quads;
        let mut acc: u32 = 0;
        let mut pad = 0usize;
        for (j, &c) in quad.iter().enumerate() {
            if c == b'=' {
                // Padding only in the last quantum, in positions 2 or 3, and only `=` after it.
                if !last || j < 2 {
                    return None;
                }
                pad += 1;
                acc <<= 6;
            } else {
                if pad > 0 {
                    return None;
                }
                acc = (acc << 6) | val(c)?;
            }
        }
        let bytes = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.extend(bytes.iter().take(3 - pad));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: &str = include_str!("../../testdata/certs/ca.pem");
    const LEAF: &str = include_str!("../../testdata/certs/leaf.pem");
    #[cfg(feature = "x509")]
    const V1: &str = include_str!("../../testdata/certs/v1.pem");
    #[cfg(feature = "x509")]
    const EC_CA: &str = include_str!("../../testdata/certs/ec-ca.pem");
    const CA_DER: &[u8] = include_bytes!("../../testdata/certs/ca.der");

    fn unusable(s: &str) -> CaCheck {
        CaCheck::Unusable(s.to_string())
    }

    #[test]
    fn empty_is_missing_content() {
        assert_eq!(check(b""), unusable(MISSING_CONTENT));
    }

    #[test]
    fn whitespace_or_text_has_no_certificate() {
        assert_eq!(check(b"\n"), unusable(NO_CERTIFICATES));
        assert_eq!(check(b"just some text\n"), unusable(NO_CERTIFICATES));
    }

    #[test]
    fn der_file_has_no_certificate() {
        assert_eq!(check(CA_DER), unusable(NO_CERTIFICATES));
    }

    #[test]
    fn trusted_certificate_and_key_blocks_are_ignored() {
        let trusted = CA.replace("CERTIFICATE", "TRUSTED CERTIFICATE");
        assert_eq!(check(trusted.as_bytes()), unusable(NO_CERTIFICATES));
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(check(key.as_bytes()), unusable(NO_CERTIFICATES));
    }

    #[test]
    fn block_with_headers_is_ignored() {
        let with_headers = CA.replacen(
            "-----\n",
            "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: X,Y\n\n",
            1,
        );
        assert_eq!(check(with_headers.as_bytes()), unusable(NO_CERTIFICATES));
    }

    #[test]
    fn bad_base64_block_is_skipped_like_go() {
        let bad = "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n";
        assert_eq!(check(bad.as_bytes()), unusable(NO_CERTIFICATES));
    }

    #[test]
    fn base64_decoder() {
        assert_eq!(base64_std_decode(b"aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(base64_std_decode(b"aGVs\nbG8h"), Some(b"hello!".to_vec()));
        assert_eq!(base64_std_decode(b"aGVsbG8"), None);
        assert_eq!(base64_std_decode(b"aG=sbG8="), None);
        assert_eq!(base64_std_decode(b""), Some(Vec::new()));
    }

    #[cfg(feature = "x509")]
    mod x509 {
        use super::*;

        #[test]
        fn ca_certificate_is_ok() {
            let CaCheck::Ok {
                certificates,
                subjects,
            } = check(CA.as_bytes())
            else {
                unreachable!("expected ok, got {:?}", check(CA.as_bytes()))
            };
            assert_eq!(certificates, 1);
            assert_eq!(subjects, vec!["CN=kubeletlint-test-ca".to_string()]);
        }

        #[test]
        fn ec_ca_with_surrounding_text_and_crlf_is_ok() {
            let text = format!(
                "# bundle\r\n{}\r\nsome trailer\r\n",
                EC_CA.replace('\n', "\r\n")
            );
            assert!(matches!(
                check(text.as_bytes()),
                CaCheck::Ok {
                    certificates: 1,
                    ..
                }
            ));
        }

        #[test]
        fn leaf_is_not_a_ca() {
            assert_eq!(
                check(LEAF.as_bytes()),
                CaCheck::NotCa {
                    certificates: 1,
                    subjects: vec!["CN=system:node:worker-1,O=system:nodes".to_string()]
                }
            );
        }

        #[test]
        fn v1_certificate_can_sign() {
            assert!(matches!(
                check(V1.as_bytes()),
                CaCheck::Ok {
                    certificates: 1,
                    ..
                }
            ));
        }

        #[test]
        fn bundle_with_leaf_and_ca_is_ok() {
            let both = format!("{LEAF}{CA}");
            assert!(matches!(
                check(both.as_bytes()),
                CaCheck::Ok {
                    certificates: 2,
                    ..
                }
            ));
        }

        /// `subject_string` writes what x509-cert's `Name` `Display` writes, for every attribute
        /// type of the three arcs the tables cover (and types x509-cert cannot name either),
        /// every value kind (strings escaped, others as `#hex`) and multi-valued RDNs.
        #[test]
        fn subject_string_is_x509_certs_display() {
            use std::str::FromStr;
            use x509_cert::der::Encode;
            use x509_cert::name::Name;
            let same = |s: &str| {
                let name = Name::from_str(s).unwrap();
                let der = name.to_der().unwrap();
                let rdns = crate::evidence::der::parse_name(&der).unwrap();
                assert_eq!(subject_string(&rdns), name.to_string(), "{s}");
            };
            let values = [
                "plain value",
                "#0c03616263",
                "#130a4b756265726e65746573",
                "#1303612a62",
                "#160474657374",
                "#1404616263ff",
                "#1e0400610062",
                "#020105",
                "#0c00",
            ];
            let prefixes = ["2.5.4", "1.2.840.113549.1.9", "0.9.2342.19200300.100.1"];
            for p in prefixes {
                for arc in 0..128 {
                    for v in values {
                        same(&format!("{p}.{arc}={v}"));
                    }
                }
            }
            for oid in [
                "1.2.3.4",
                "2.5.4.128",
                "2.5.4.300",
                "1.3.6.1.4.1.311.60.2.1.3",
            ] {
                for v in values {
                    same(&format!("{oid}={v}"));
                }
            }
            same("CN=a\\+b\\,c\\;d\\<e\\>f\\\\g\\\"h+O=x,OU=\\#lead\\ ,C=US,DC=example+UID=u1");
            same("CN=\\ both \\,emailAddress=x@y.z,serialNumber=42");
            same("CN=tab\\09ctl\\7fend,O=caf\\c3\\a9");
        }

        #[test]
        fn garbage_certificate_block_is_unusable() {
            let bad = "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n";
            let got = check(format!("{CA}{bad}").as_bytes());
            let CaCheck::Unusable(msg) = got else {
                unreachable!("expected unusable: {got:?}")
            };
            assert!(
                msg.starts_with("x509: malformed certificate (certificate #2)"),
                "{msg}"
            );
        }
    }

    #[cfg(not(feature = "x509"))]
    #[test]
    fn without_x509_a_certificate_block_is_ok_without_subjects() {
        assert_eq!(
            check(LEAF.as_bytes()),
            CaCheck::Ok {
                certificates: 1,
                subjects: vec![]
            }
        );
    }
}
